// The Redis ingest alone: the Redis writer (43,212 rates at 1 Hz) and one console build (--dll), no page. Prints the
// server's pid, its CPU over --seconds after a 10 s warm-up, then keeps it running --hold seconds (for dotnet-trace or
// dotnet-counters to attach). Usage: node bench/ingest.mjs [--dll PATH] [--seconds 20] [--hold 0] [--args "--Redis:X=Y"]
import { startConsole, measure, sleep } from './lib.mjs';
import { startRedisWriter } from './redis-writer.mjs';
const arg = (n, d) => { const i = process.argv.indexOf(n); return i > 0 ? process.argv[i + 1] : d; };
const writer = await startRedisWriter();
const extra = (arg('--args', '') || '').split(' ').filter(Boolean);
const app = await startConsole(['--Redis:Endpoints:0=127.0.0.1:' + writer.port, ...extra]);
console.log('pid', app.proc.pid);
try {
  await sleep(10_000);
  const m = await measure(app.proc.pid, Number(arg('--seconds', 20)));
  console.log('cpu', m.cpuPercent.toFixed(1), 'rss', m.rssMb.toFixed(0));
  await sleep(Number(arg('--hold', 0)) * 1000);
} finally { await app.stop?.(); app.proc.kill(); await writer.stop?.(); }
process.exit(0);
