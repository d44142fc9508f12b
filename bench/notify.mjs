// Notifications end to end: alerts posted the way Alertmanager posts them -> the console's alarm engine -> routing
// -> outbox -> a receiver on 127.0.0.1 (this script's own HTTP server, implementing the WeCom robot API with its
// 20-messages-a-minute and 4,096-byte limits, and a webhook endpoint).
//
// --mode latency: one alert per POST, each its own group (group_by host), at --baseline per minute for
//   --baseline-seconds, then at --rate per minute for --seconds, in one console process. Reported: the time from the
//   POST to the webhook at the receiver minus the route's group_wait, p50/p99/max per phase, and their ratio.
// --mode flood: --alarms alerts in --flood-seconds (batches of 50, 103 hosts -> 103 groups) to a WeCom robot.
//   Reported: messages at the robot and per minute, refusals (rate / size), the firing count the messages name in all
//   (must be every alarm), and the console's responsiveness: a signed-in browser on /alarms filtered to a probe
//   source, a probe alert posted every second, the time until its row is on the screen, before and during the flood.
// Usage: bench/run.sh notify.mjs --mode latency [--rate 1000 --seconds 60 --baseline 60 --baseline-seconds 30]
//        bench/run.sh notify.mjs --mode flood [--alarms 10000 --flood-seconds 10]
import http from 'node:http';
import { chromium } from 'playwright-core';
import { startConsole, procSample, quantile, machine, writeResult, sleep, freePort, signIn, chromiumArgs } from './lib.mjs';

const argv = process.argv;
const str = (name, fallback) => { const i = argv.indexOf('--' + name); return i > 0 ? argv[i + 1] : fallback; };
const num = (name, fallback) => Number(str(name, fallback));
const mode = str('mode', 'latency');
const token = 'bench-notify-token-' + Math.random().toString(36).slice(2);
const robotKey = 'bench-robot-key-0000';
const groupWaitS = num('group-wait', 2);

// The receiver: webhook posts and WeCom robot messages, with arrival times.
const hooks = [];
const robot = { messages: [], times: [], rateLimited: 0, tooLarge: 0 };
const sinkPort = await freePort();
const sink = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    const at = performance.now();
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (req.url.startsWith('/other')) return res.writeHead(200).end(); // the root route's default point: probes end there
    if (req.url.startsWith('/hook')) {
      hooks.push({ at, body });
      res.writeHead(200).end();
      return;
    }
    const reply = o => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(o));
    if (!req.url.includes('key=' + robotKey)) return reply({ errcode: 93000, errmsg: 'invalid webhook url' });
    while (robot.times.length && robot.times[0] < at - 60_000) robot.times.shift();
    if (robot.times.length >= 20) { robot.rateLimited++; return reply({ errcode: 45009, errmsg: 'api freq out of limit' }); }
    const content = body[body.msgtype].content;
    if (Buffer.byteLength(content) > (body.msgtype === 'markdown' ? 4096 : 2048)) { robot.tooLarge++; return reply({ errcode: 40058, errmsg: 'content exceed max length' }); }
    robot.times.push(at);
    robot.messages.push({ at, content });
    reply({ errcode: 0, errmsg: 'ok' });
  });
});
await new Promise(r => sink.listen(sinkPort, '127.0.0.1', r));
const sinkBase = `http://127.0.0.1:${sinkPort}`;

const common = [
  '--Simulator:Enabled=false', `--Alarms:Sources:bench:Token=${token}`, `--Alarms:Sources:probe:Token=${token}`,
  '--Alarms:NotifyHold=00:00:00', '--Alarms:MaxAlarms=60000',
  // Probes clear as soon as they were seen, so the filtered list holds one at a time.
  '--Alarms:Rules:Probe:Latch=false',
  '--Notifications:Enabled=true', '--Notifications:Route:Routes:0:Matchers:0=alertname!=Probe',
  '--Notifications:ContactPoints:1:Name=other', '--Notifications:ContactPoints:1:Kind=Webhook', `--Notifications:ContactPoints:1:Url=${sinkBase}/other`,
  '--Notifications:Route:ContactPoints:0=other',
];
const point = mode === 'flood'
  ? ['--Notifications:ContactPoints:0:Name=robot', '--Notifications:ContactPoints:0:Kind=WeCom', `--Notifications:ContactPoints:0:WeComBaseUrl=${sinkBase}`,
     `--Notifications:ContactPoints:0:WeComKey=${robotKey}`, '--Notifications:ContactPoints:0:Language=en', '--Notifications:Route:Routes:0:ContactPoints:0=robot',
     // Longer than the flood: each group's first message holds all of its alarms, so the counts add up to the alarms posted.
     '--Notifications:Route:GroupWait=00:00:15', '--Notifications:Route:GroupInterval=00:30:00', '--Notifications:Route:RepeatInterval=04:00:00']
  : ['--Notifications:ContactPoints:0:Name=hook', '--Notifications:ContactPoints:0:Kind=Webhook', `--Notifications:ContactPoints:0:Url=${sinkBase}/hook`,
     '--Notifications:Route:Routes:0:ContactPoints:0=hook', `--Notifications:Route:GroupWait=00:00:0${groupWaitS}`];
const app = await startConsole([...common, ...point, '--Notifications:Route:GroupBy:0=host']);
const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
const startsAt = new Date(Date.now() - 60_000).toISOString();

function alert(name, host, fp, severity = 'major', resolved = false) {
  return { status: resolved ? 'resolved' : 'firing', labels: { alertname: name, host, severity, job: 'node' }, annotations: { summary: `${name} on ${host}` },
    startsAt, endsAt: resolved ? new Date().toISOString() : '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus.example:9090/graph', fingerprint: fp };
}

async function post(source, alerts) {
  const r = await fetch(`${app.base}/api/alarms/alertmanager/${source}`, { method: 'POST', headers, body: JSON.stringify({
    receiver: 'console', status: 'firing', alerts, groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://alertmanager.example:9093',
    version: '4', groupKey: '{}', truncatedAlerts: 0 }) });
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`POST ${source}: HTTP ${r.status}`);
}

const result = { machine: machine(), mode };
try {
  if (mode === 'latency') await latency();
  else await flood();
} finally {
  app.proc.kill('SIGKILL');
  sink.close();
}
console.log(JSON.stringify(result, null, 1));
writeResult(result);

async function latency() {
  const sent = new Map();
  let n = 0;
  async function phase(perMinute, seconds) {
    const interval = 60_000 / perMinute, first = n, start = performance.now();
    let due = start;
    const cpu0 = procSample(app.proc.pid);
    const posts = [];
    while (performance.now() < start + seconds * 1000) {
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      due += interval;
      const host = `h${String(n).padStart(6, '0')}`;
      sent.set(host, performance.now());
      posts.push(post('bench', [alert('BenchLatency', host, n.toString(16).padStart(16, '0'))]));
      n++;
    }
    await Promise.all(posts);
    const cpu1 = procSample(app.proc.pid);
    const hosts = Array.from({ length: n - first }, (_, i) => `h${String(first + i).padStart(6, '0')}`);
    const deadline = performance.now() + 30_000;
    const arrived = () => new Map(hooks.flatMap(h => h.body.alerts.map(a => [a.labels.host, h.at])));
    while (performance.now() < deadline && hosts.some(h => !arrived().has(h))) await sleep(200);
    const at = arrived();
    const beyond = hosts.filter(h => at.has(h)).map(h => at.get(h) - sent.get(h) - groupWaitS * 1000);
    return { perMinute, seconds, alarms: hosts.length, delivered: beyond.length,
      p50Ms: Math.round(quantile(beyond, 0.5)), p99Ms: Math.round(quantile(beyond, 0.99)), maxMs: Math.round(Math.max(...beyond)),
      serverCpuPercent: +(100 * (cpu1.cpu - cpu0.cpu) / (cpu1.t - cpu0.t)).toFixed(1), serverRssMb: Math.round(cpu1.rssMb) };
  }
  await post('bench', [alert('Warmup', 'warmup', 'ffffffffffffffff')]);
  await sleep((groupWaitS + 3) * 1000);
  result.groupWaitSeconds = groupWaitS;
  result.baseline = await phase(num('baseline', 60), num('baseline-seconds', 30));
  result.load = await phase(num('rate', 1000), num('seconds', 60));
  result.p99Ratio = +(result.load.p99Ms / result.baseline.p99Ms).toFixed(2);
}

async function flood() {
  const alarms = num('alarms', 10000), seconds = num('flood-seconds', 10), batch = 50;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  try {
    const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
    await signIn(context, app.base);
    const page = await context.newPage();
    await page.goto(app.base + '/alarms');
    await page.waitForSelector('[data-circuit=interactive]');
    await page.locator('input[data-testid=alarm-filter], [data-testid=alarm-filter] input').first().fill('am/probe/');
    await sleep(1000);

    // A probe alert from another source; the time until the page shows its row (the filter keeps the list to probes).
    let probes = 0;
    async function probe() {
      const fp = 'b' + String(probes++).padStart(15, '0');
      const seen = page.evaluate(fp => new Promise((resolve, reject) => {
        const t0 = performance.now();
        const has = () => [...document.querySelectorAll('[data-testid=alarm-message]')].some(e => (e.getAttribute('data-key') ?? '').endsWith(fp));
        const timer = setTimeout(() => { obs.disconnect(); resolve(-1); }, 30_000); // counted as missed
        const obs = new MutationObserver(() => { if (has()) { obs.disconnect(); clearTimeout(timer); requestAnimationFrame(() => resolve(performance.now() - t0)); } });
        obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      }), fp);
      await sleep(20); // the observer is in place before the alert goes out
      await post('probe', [alert('Probe', 'probe', fp, 'warning')]);
      const ms = await seen;
      await post('probe', [alert('Probe', 'probe', fp, 'warning', true)]);
      return ms;
    }
    const before = [];
    // 1.2 s apart: the page renders a change at once when its last render is 500 ms past (its batch window), so each
    // probe measures the path, not the wait for the window the previous probe's clearing opened.
    for (let i = 0; i < 10; i++) { before.push(await probe()); await sleep(1200); }

    const during = [];
    let flooding = true;
    let missed = 0;
    const prober = (async () => {
      while (flooding) {
        const ms = await probe();
        if (ms < 0) { missed++; console.error('probe missed at', new Date().toISOString()); await page.screenshot({ path: '/tmp/oc/probe-missed.png' }); }
        else during.push(ms);
        await sleep(1200);
      }
    })();
    const start = performance.now();
    const cpu0 = procSample(app.proc.pid);
    const posts = [];
    for (let b = 0; b < alarms / batch; b++) {
      const due = start + b * seconds * 1000 / (alarms / batch);
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      posts.push(post('bench', Array.from({ length: batch }, (_, i) => {
        const k = b * batch + i;
        return alert('BenchFlood', `hd${String(k % 103).padStart(3, '0')}`, k.toString(16).padStart(16, '0'), ['critical', 'major', 'minor', 'warning'][k % 4]);
      })));
    }
    await Promise.all(posts);
    const floodSeconds = (performance.now() - start) / 1000;
    await sleep(20_000); // the groups' first messages, and the page catching up
    flooding = false;
    await prober;
    const cpu1 = procSample(app.proc.pid);

    // Every alarm is named: a message lists up to 10 alarms and counts the rest ("... (N firing, M resolved in all)").
    const firing = () => robot.messages.reduce((sum, m) => {
      const all = /\((\d+) firing, \d+ resolved in all\)/.exec(m.content);
      return sum + (all ? Number(all[1]) : (m.content.match(/^\*\*FIRING/mg) || []).length);
    }, 0);
    const deadline = performance.now() + 360_000;
    while (performance.now() < deadline && firing() < alarms) await sleep(1000);
    const first = robot.messages[0]?.at ?? NaN, last = robot.messages.at(-1)?.at ?? NaN;
    Object.assign(result, {
      alarms, floodSeconds: +floodSeconds.toFixed(1), robotMessages: robot.messages.length, rateLimited: robot.rateLimited, tooLarge: robot.tooLarge,
      firingCounted: firing(), maxPerMinute: Math.max(...robot.messages.map(m => robot.messages.filter(o => o.at > m.at - 60_000 && o.at <= m.at).length)),
      firstToLastMessageSeconds: +((last - first) / 1000).toFixed(1), largestMessageBytes: Math.max(...robot.messages.map(m => Buffer.byteLength(m.content))),
      probeBefore: { n: before.length, p50Ms: Math.round(quantile(before, 0.5)), p99Ms: Math.round(quantile(before, 0.99)) },
      probeMissed: missed,
      probeDuring: { n: during.length, p50Ms: Math.round(quantile(during, 0.5)), p99Ms: Math.round(quantile(during, 0.99)), maxMs: Math.round(Math.max(...during)) },
      serverCpuPercentDuringFloodAnd20s: +(100 * (cpu1.cpu - cpu0.cpu) / (cpu1.t - cpu0.t)).toFixed(1), serverRssMb: Math.round(cpu1.rssMb),
    });
    result.probeP99Ratio = +(result.probeDuring.p99Ms / result.probeBefore.p99Ms).toFixed(2);
    result.sampleMessage = robot.messages.at(-1)?.content.slice(0, 600);
  } finally {
    await browser.close();
  }
}
