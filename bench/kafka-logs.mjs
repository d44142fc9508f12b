// The data-quality path at --rate messages a second: the simulated message clients (`--simulate-into kafka://mock`,
// librdkafka's mock cluster in their own process) produce LOG messages with METRICs of --servers servers every 10 s
// and a run's HISTOGRAMs each minute; the console consumes them into the store.
// Phase "baseline": the console with the simulator off and no Kafka, idle: its CPU and RSS.
// Phase "ingest": the console consuming, no page open, --seconds/2.
// Phase "pages": the same, --seconds, with --browsers signed-in pages on /logs following the tail.
// Reported per phase: messages consumed a second, the consumer's own lag (first, last, max: growth means it cannot
// keep up), server CPU and RSS; for "pages" the server's batch -> rendered-update time (p50/p99) and, in each
// browser, main-thread tasks over 50 ms (PerformanceObserver "longtask") while the list updates.
// Usage: bench/run.sh kafka-logs.mjs [--rate 20000 --seconds 60 --browsers 10 --servers 1000]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startConsole, startDll, consoleDll, procSample, quantile, machine, writeResult, sleep, signIn, chromiumArgs, measure } from './lib.mjs';

const argv = process.argv;
const num = (name, fallback) => { const i = argv.indexOf('--' + name); return i > 0 ? Number(argv[i + 1]) : fallback; };
const rate = num('rate', 20000), seconds = num('seconds', 60), browsers = num('browsers', 10), servers = num('servers', 1000);
const dll = consoleDll();

// The producer side first: it prints the mock cluster's address.
const sim = spawn('dotnet', [dll, '--simulate-into', 'kafka://mock', '--Simulator:LogLinesPerMinute', String(rate * 60), '--Simulator:Servers', String(servers),
  '--Simulator:ConfigureTime', '00:00:02', '--Simulator:RunLength', '01:00:00'], { cwd: path.dirname(dll), env: { ...process.env, Logging__LogLevel__Default: 'Warning' }, stdio: ['ignore', 'pipe', 'pipe'] });
let simOut = '';
sim.stdout.on('data', d => { simOut += d; });
sim.stderr.on('data', d => { simOut += d; });
const deadline = Date.now() + 30_000;
while (!/mock Kafka cluster at (\S+)/.test(simOut)) {
  if (Date.now() > deadline || sim.exitCode !== null) throw new Error('simulator: ' + simOut);
  await sleep(100);
}
const bootstrap = /mock Kafka cluster at (\S+)/.exec(simOut)[1];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
const result = { machine: machine(), rate, seconds, browsers, servers, bootstrap };
try {
  const idle = await startConsole(['--Simulator:Enabled', 'false']);
  await sleep(5000);
  result.baseline = await measure(idle.proc.pid, Math.round(seconds / 3));
  idle.proc.kill('SIGTERM');

  const app = await startConsole(['--Simulator:Enabled', 'false', '--KafkaMessages:BootstrapServers', bootstrap, '--KafkaMessages:GroupId', 'bench-' + Date.now(),
    '--KafkaMessages:Topics:0:Name', 'dq.log', '--KafkaMessages:Topics:0:Kind', 'Log', '--KafkaMessages:Topics:1:Name', 'dq.metric', '--KafkaMessages:Topics:1:Kind', 'Metric',
    '--KafkaMessages:Topics:2:Name', 'dq.histogram', '--KafkaMessages:Topics:2:Kind', 'Histogram']);
  const admin = await browser.newContext();
  await signIn(admin, app.base);
  const live = async () => (await (await admin.request.get(app.base + '/api/diagnostics/live')).json());
  const kafka = async () => (await live()).collectors.find(c => c.name === 'kafka-messages');
  // Joined and caught up before measuring.
  const joinDeadline = Date.now() + 60_000;
  while (!((await kafka()).received > rate)) { if (Date.now() > joinDeadline) throw new Error('console not consuming: ' + app.output()); await sleep(500); }
  await sleep(3000);

  async function phase(name, secs, extra = async () => ({})) {
    const lags = [];
    const a = procSample(app.proc.pid), k0 = await kafka(), l0 = await live();
    let peak = a.rssMb;
    for (let i = 0; i < secs; i++) {
      await sleep(1000);
      peak = Math.max(peak, procSample(app.proc.pid).rssMb);
      lags.push((await kafka()).gauges.lag ?? NaN);
    }
    const b = procSample(app.proc.pid), k1 = await kafka(), l1 = await live();
    const counts = l1.counts.map((c, i) => c - (l0.counts[i] ?? 0));
    const total = counts.reduce((x, y) => x + y, 0);
    const q = f => { let acc = 0; for (let i = 0; i < counts.length; i++) { acc += counts[i]; if (acc >= f * total) return l1.boundsMs[i] ?? Infinity; } return NaN; };
    result[name] = {
      consumedPerSecond: Math.round((k1.received - k0.received) / (b.t - a.t)), malformed: k1.malformed - k0.malformed, dropped: k1.dropped - k0.dropped,
      lagFirst: lags[0], lagLast: lags[lags.length - 1], lagMax: Math.max(...lags.filter(Number.isFinite)),
      cpuPercent: 100 * (b.cpu - a.cpu) / (b.t - a.t), rssMb: b.rssMb, peakRssMb: peak,
      renders: total, renderP50Ms: q(0.5), renderP99Ms: q(0.99), ...(await extra()),
    };
  }

  await phase('ingest', Math.round(seconds / 2));
  const pages = [];
  for (let i = 0; i < browsers; i++) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await signIn(context, app.base);
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__long = [];
      new PerformanceObserver(list => { for (const e of list.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(app.base + '/logs');
    await page.waitForSelector('[data-testid=log-line]', { timeout: 60_000 });
    pages.push(page);
  }
  await sleep(3000);
  for (const p of pages) await p.evaluate(() => { window.__long = []; });
  await phase('pages', seconds, async () => {
    const long = (await Promise.all(pages.map(p => p.evaluate(() => window.__long)))).flat();
    const shown = await Promise.all(pages.map(p => p.locator('[data-testid=log-list]').getAttribute('data-count')));
    return { browserTasksOver50ms: long.length, browserLongestTaskMs: long.length ? Math.max(...long) : 0, linesShownPerPage: shown.map(Number) };
  });
  app.proc.kill('SIGTERM');
} finally {
  await browser.close();
  sim.kill('SIGTERM');
}
console.log(JSON.stringify(result, null, 1));
writeResult(result);
