// External alarm ingest: several senders post Alertmanager webhook bodies (version 4, `--batch` alerts each) to
// /api/alarms/alertmanager/bench of the published console at a fixed total rate for `--seconds`, and report the
// alerts/s taken, the latency of each POST (p50/p99/max) and the server's CPU from its own /proc accounting.
// The alerts cycle through `--keys` fingerprints, each firing and later resolving, so the alarm engine raises,
// clears and re-raises alarms the whole time.
// Usage: bench/run.sh alarm-ingest.mjs --rate 2500 --senders 4 --batch 50 --seconds 30   (--rate 0: as fast as possible)
import { startConsole, procSample, quantile, machine, writeResult, sleep } from './lib.mjs';

const arg = (name, fallback) => { const i = process.argv.indexOf('--' + name); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const rate = arg('rate', 2500);
const senders = arg('senders', 4);
const batch = arg('batch', 50);
const seconds = arg('seconds', 30);
const keys = arg('keys', 10000);
const token = 'bench-alarm-source-token-' + Math.random().toString(36).slice(2);

// The simulator is off, so the server's CPU is the ingest's own.
const { proc, base } = await startConsole([`--Alarms:Sources:bench:Token=${token}`, '--Simulator:Enabled=false']);
const url = `${base}/api/alarms/alertmanager/bench`;
const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

// Body n holds alerts n*batch .. n*batch+batch-1 (mod keys); a key fires on even passes and resolves on odd ones.
function body(n) {
  const alerts = [];
  for (let i = 0; i < batch; i++) {
    const seq = n * batch + i;
    const k = seq % keys;
    const firing = Math.floor(seq / keys) % 2 === 0;
    alerts.push({
      status: firing ? 'firing' : 'resolved',
      labels: { alertname: 'BenchAlert', instance: `hd${String(k % 103).padStart(3, '0')}:9100`, job: 'node', severity: ['critical', 'major', 'minor', 'warning'][k % 4], slot: String(k) },
      annotations: { summary: `Bench alert ${k}`, description: 'Raised by bench/alarm-ingest.mjs', runbook_url: 'https://wiki.example/bench' },
      startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: firing ? '0001-01-01T00:00:00Z' : new Date().toISOString(),
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=bench', fingerprint: k.toString(16).padStart(16, '0'),
    });
  }
  return JSON.stringify({ receiver: 'console', status: 'firing', alerts, groupLabels: { alertname: 'BenchAlert' }, commonLabels: { alertname: 'BenchAlert' },
    commonAnnotations: {}, externalURL: 'http://alertmanager.example:9093', version: '4', groupKey: '{}:{alertname="BenchAlert"}', truncatedAlerts: 0 });
}

async function post(n) {
  const t = performance.now();
  const r = await fetch(url, { method: 'POST', headers, body: body(n) });
  await r.arrayBuffer();
  return { ms: performance.now() - t, ok: r.status === 200 };
}

// Warm-up: the JIT and the first keys, not measured.
for (let n = 0; n < 40; n++) await post(n);

let next = 40;
const latencies = [];
let failed = 0;
const perSenderInterval = rate > 0 ? 1000 * senders * batch / rate : 0;
const start = performance.now();
const end = start + seconds * 1000;
const cpu0 = procSample(proc.pid);
await Promise.all(Array.from({ length: senders }, async (_, s) => {
  let due = start + s * perSenderInterval / senders;
  while (performance.now() < end) {
    if (perSenderInterval > 0) {
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      due += perSenderInterval;
    }
    const { ms, ok } = await post(next++);
    latencies.push(ms);
    if (!ok) failed++;
  }
}));
const cpu1 = procSample(proc.pid);
const elapsed = (performance.now() - start) / 1000;
proc.kill('SIGTERM');

const result = {
  machine: machine(), rate, senders, batch, seconds: +elapsed.toFixed(1), posts: latencies.length, failed,
  alertsPerSecond: Math.round(latencies.length * batch / elapsed),
  p50Ms: +quantile(latencies, 0.5).toFixed(2), p99Ms: +quantile(latencies, 0.99).toFixed(2), maxMs: +Math.max(...latencies).toFixed(2),
  serverCpuPercent: +(100 * (cpu1.cpu - cpu0.cpu) / (cpu1.t - cpu0.t)).toFixed(1), serverRssMb: Math.round(cpu1.rssMb),
};
console.log(JSON.stringify(result, null, 1));
writeResult(result);
