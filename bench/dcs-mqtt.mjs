// Slow control at scale over a real broker: a mosquitto started here, the DCS demonstrator publishing into it
// (`--simulate-into mqtt://`, its own process) and the console subscribed to every channel pattern.
// With --Simulator:FrameInterval 0.2 s the demonstrator sends each VMon and IMon once a second and each VSet and
// Status every 2 s: --crates x 16 boards x --channels HV channels, i.e. 2 x that many channels at 1 Hz (20,000 with the
// defaults) and as many again at 0.5 Hz.
// Phase "baseline": the console with the simulator off and no broker, idle: its CPU and RSS.
// Phase "ingest": the console consuming, no page open, --seconds/2.
// Phase "pages": the same, --seconds, with --browsers signed-in pages on /dcs with a channel selected.
// Reported per phase: messages received a second, server CPU and RSS; for "pages" the server's batch ->
// rendered-update time (p50/p99) and, in each browser, main-thread tasks over 50 ms while the table updates.
// Usage: bench/run.sh dcs-mqtt.mjs [--crates 52 --channels 12 --seconds 60 --browsers 10]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startConsole, consoleDll, procSample, machine, writeResult, sleep, signIn, chromiumArgs, measure, freePort } from './lib.mjs';

const argv = process.argv;
const num = (name, fallback) => { const i = argv.indexOf('--' + name); return i > 0 ? Number(argv[i + 1]) : fallback; };
const crates = num('crates', 52), channels = num('channels', 12), seconds = num('seconds', 60), browsers = num('browsers', 10);
const dll = consoleDll();

const port = await freePort();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-mqtt-'));
fs.writeFileSync(path.join(dir, 'mosquitto.conf'), (os.userInfo().username === 'root' ? 'user root\n' : '') +
  `persistence false\nallow_anonymous true\nmax_queued_messages 100000\nlistener ${port} 127.0.0.1\n`);
const broker = spawn('mosquitto', ['-c', path.join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
await sleep(500);

const sim = spawn('dotnet', [dll, '--simulate-into', `mqtt://127.0.0.1:${port}`, '--Simulator:FrameInterval', '00:00:00.200',
  '--Simulator:DcsCrates', String(crates), '--Simulator:DcsChannels', String(channels), '--Simulator:DcsSensorAreas', '0', '--Simulator:DcsTripPeriod', '00:00:00'],
  { cwd: path.dirname(dll), env: { ...process.env, Logging__LogLevel__Default: 'Warning' }, stdio: ['ignore', 'pipe', 'pipe'] });
let simOut = '';
sim.stdout.on('data', d => { simOut += d; });
sim.stderr.on('data', d => { simOut += d; });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
const hv = crates * 16 * channels;
const result = { machine: machine(), crates, channels, hvChannels: hv, channelsAt1Hz: 2 * hv, channelsAtHalfHz: 2 * hv, seconds, browsers };
try {
  const idle = await startConsole(['--Simulator:Enabled', 'false']);
  await sleep(5000);
  result.baseline = await measure(idle.proc.pid, Math.round(seconds / 3));
  idle.proc.kill('SIGTERM');

  const app = await startConsole(['--Simulator:Enabled', 'false', '--Dcs:Mqtt:Host', '127.0.0.1', '--Dcs:Mqtt:Port', String(port)]);
  const admin = await browser.newContext();
  await signIn(admin, app.base);
  const live = async () => (await (await admin.request.get(app.base + '/api/diagnostics/live')).json());
  const mqtt = async () => (await live()).collectors.find(c => c.name === 'dcs-mqtt');
  const joinDeadline = Date.now() + 60_000;
  while (!((await mqtt())?.gauges?.channels >= 4 * hv)) {
    if (Date.now() > joinDeadline) throw new Error('console not receiving: ' + app.output() + simOut);
    await sleep(500);
  }
  await sleep(3000);

  async function phase(name, secs, extra = async () => ({})) {
    const a = procSample(app.proc.pid), k0 = await mqtt(), l0 = await live();
    let peak = a.rssMb;
    for (let i = 0; i < secs; i++) {
      await sleep(1000);
      peak = Math.max(peak, procSample(app.proc.pid).rssMb);
    }
    const b = procSample(app.proc.pid), k1 = await mqtt(), l1 = await live();
    const counts = l1.counts.map((c, i) => c - (l0.counts[i] ?? 0));
    const total = counts.reduce((x, y) => x + y, 0);
    const q = f => { let acc = 0; for (let i = 0; i < counts.length; i++) { acc += counts[i]; if (acc >= f * total) return l1.boundsMs[i] ?? Infinity; } return NaN; };
    result[name] = {
      receivedPerSecond: Math.round((k1.received - k0.received) / (b.t - a.t)), malformed: k1.malformed - k0.malformed, dropped: k1.dropped - k0.dropped,
      channels: k1.gauges.channels, cpuPercent: 100 * (b.cpu - a.cpu) / (b.t - a.t), rssMb: b.rssMb, peakRssMb: peak,
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
    await page.goto(app.base + '/dcs?channel=' + encodeURIComponent(`dcs/hv/00/00/${String(i % channels).padStart(2, '0')}/vmon`));
    await page.waitForSelector('[data-testid=dcs-row]', { timeout: 60_000 });
    pages.push(page);
  }
  await sleep(3000);
  for (const p of pages) await p.evaluate(() => { window.__long = []; });
  await phase('pages', seconds, async () => {
    const long = (await Promise.all(pages.map(p => p.evaluate(() => window.__long)))).flat();
    const rows = await Promise.all(pages.map(p => p.locator('[data-testid=dcs-row]').count()));
    return { browserTasksOver50ms: long.length, browserLongestTaskMs: long.length ? Math.max(...long) : 0, rowsInDomPerPage: rows };
  });
  app.proc.kill('SIGTERM');
} finally {
  await browser.close();
  sim.kill('SIGTERM');
  broker.kill('SIGTERM');
}
console.log(JSON.stringify(result, null, 1));
writeResult(result);
