// Reactive refresh vs the old 1 Hz full-page refresh, through a real redis-server.
// A writer (this script, speaking RESP) updates run state and all 43,212 channel rates in Redis at 1 Hz, with a new
// run number every second so each update is visible in the header. The console reads Redis (the real collector
// path); N headless pages show the Overview. Per page: bytes/s on the wire (HTTP + WebSocket, from the DevTools
// protocol); server CPU; freshness = Redis write -> new run number in the page's DOM (same machine clock).
// Modes: push (Blazor circuit, the console as built) and baseline (the page reloaded every second as static
// server-rendered HTML, the old console's refresh; blazor.web.js is blocked so no circuit is opened).
// Usage: bench/run.sh redis-refresh.mjs [--pages 1,10,50] [--seconds 20] [--modes push,baseline]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { root, startConsole, measure, sleep, chromiumArgs, machine, freePort, signIn } from './lib.mjs';

const argv = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
const pageCounts = argv('--pages', '1,10,50').split(',').map(Number);
const seconds = Number(argv('--seconds', '20'));
const modes = argv('--modes', 'push,baseline').split(',');

// --- redis-server and a minimal RESP writer ---
const redisPort = await freePort();
const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
await sleep(300);
const sock = net.connect(redisPort, '127.0.0.1');
await new Promise((res, rej) => { sock.once('connect', res); sock.once('error', rej); });
sock.on('data', () => {}); // replies are not needed: one connection keeps commands in order
const bulk = s => { const b = Buffer.from(String(s)); return [Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n')]; };
const command = args => Buffer.concat([Buffer.from(`*${args.length}\r\n`), ...args.flatMap(bulk)]);

const families = { HPK: [], NNVT: [], SPMT: [] };
for (const file of ['lpmt.csv', 'spmt.csv']) {
  const lines = readFileSync(path.join(root, 'appsettings/juno', file), 'utf8').trim().split('\n').slice(1);
  for (const l of lines) { const [id, type] = l.split(','); families[type].push(id); }
}
const baseline = { HPK: 20000, NNVT: 45000, SPMT: 1000 };
const channelCount = Object.values(families).reduce((a, f) => a + f.length, 0);

let run = 10_000;
const written = new Map(); // run number -> write time (ms since epoch)
function writeFrame() {
  const parts = [];
  for (const [code, ids] of Object.entries(families)) {
    const args = ['HSET', 'juno:dcr:' + code];
    for (const id of ids) args.push(id, (baseline[code] * (1 + 0.02 * (Math.random() - 0.5))).toFixed(1));
    parts.push(command(args), command(['PUBLISH', 'juno:dcr:updated', code]));
  }
  sock.write(Buffer.concat(parts));
  // The clock starts when the run update is handed to Redis, after the rates (building them takes node ~0.3 s).
  run++;
  const now = Date.now();
  const iso = new Date(now).toISOString();
  sock.write(Buffer.concat([
    command(['HSET', 'juno:run:current', 'number', run, 'state', 'running', 'type', 'physics', 'start', iso, 'stop', '', 'stop_reason', '', 'updated', iso, 'source', 'run-control']),
    command(['PUBLISH', 'juno:run:changed', run])]));
  written.set(run, now);
}
const writer = setInterval(writeFrame, 1000);
writeFrame();

// Records, in every page and across reloads, when each run number first appeared in the DOM.
const recorder = () => {
  const record = () => {
    const el = document.querySelector('[data-testid=run-number]');
    const n = el && Number(el.textContent);
    if (!n) return;
    const seen = JSON.parse(sessionStorage.getItem('seen') || '{}');
    if (!seen[n]) { seen[n] = Date.now(); sessionStorage.setItem('seen', JSON.stringify(seen)); }
  };
  document.addEventListener('DOMContentLoaded', () => {
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
};

const app = await startConsole(['--Redis:Endpoints:0=127.0.0.1:' + redisPort]);
const results = [];
try {
  await sleep(8_000); // warm-up
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  for (const mode of modes) {
    for (const n of pageCounts) {
      const context = await browser.newContext();
      await signIn(context, app.base); // before blocking blazor.web.js: the session cookie serves both modes
      await context.addInitScript(recorder);
      if (mode === 'baseline') {
        await context.route('**/_framework/blazor.web.js', r => r.abort());
        await context.addInitScript(() => { if (location.protocol.startsWith('http')) setTimeout(() => location.reload(), 1000); });
      }
      const pages = [], bytes = [];
      for (let i = 0; i < n; i++) {
        const p = await context.newPage();
        const cdp = await context.newCDPSession(p);
        const counter = { n: 0, on: false };
        await cdp.send('Network.enable');
        // Baseline counts only the HTML document of each reload (its scripts and styles would come from cache in
        // the best case), so the push/baseline ratio errs in the baseline's favour.
        const documents = new Set();
        cdp.on('Network.responseReceived', e => { if (e.type === 'Document') documents.add(e.requestId); });
        cdp.on('Network.loadingFinished', e => { if (counter.on && (mode === 'push' || documents.has(e.requestId))) counter.n += e.encodedDataLength; });
        const frame = e => { if (counter.on) counter.n += e.response.opcode === 2 ? Math.floor(e.response.payloadData.length * 3 / 4) : Buffer.byteLength(e.response.payloadData); };
        cdp.on('Network.webSocketFrameReceived', frame);
        cdp.on('Network.webSocketFrameSent', frame);
        // A reloading page may never reach "load" on a busy machine: the first byte is enough to count it open.
        for (let attempt = 1; ; attempt++) {
          try { await p.goto(app.base + '/', { timeout: 180_000, waitUntil: mode === 'push' ? 'load' : 'commit' }); break; }
          catch (e) { if (attempt >= 3) throw e; await sleep(500); }
        }
        if (mode === 'push') await p.waitForSelector('[data-circuit=interactive]', { timeout: 180_000 });
        pages.push(p); bytes.push(counter);
      }
      await sleep(3_000);
      const firstRun = run + 1;
      bytes.forEach(b => { b.on = true; });
      const cpu = await measure(app.proc.pid, seconds);
      bytes.forEach(b => { b.on = false; });
      const lastRun = run;
      await sleep(1_500); // let the last writes of the window arrive
      const latencies = [];
      let unread = 0;
      for (const p of pages) {
        // A reloading page can be between documents (or on an error page): retry, then count it as unread.
        let text = null;
        for (let attempt = 0; attempt < 10 && text === null; attempt++) {
          try { text = await p.evaluate(() => sessionStorage.getItem('seen') || '{}'); } catch { await sleep(150); }
        }
        if (text === null) { unread++; continue; }
        const seen = JSON.parse(text);
        for (let r = firstRun; r <= lastRun; r++) if (seen[r] && written.has(r)) latencies.push(seen[r] - written.get(r));
      }
      latencies.sort((a, b) => a - b);
      const q = f => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(f * latencies.length))] : NaN;
      const expected = (lastRun - firstRun + 1) * n;
      const perPage = bytes.reduce((a, b) => a + b.n, 0) / n / cpu.seconds;
      results.push({ mode, pages: n, bytesPerPagePerS: Math.round(perPage), serverCpuPercent: +cpu.cpuPercent.toFixed(1),
        freshnessP50Ms: q(0.5), freshnessP99Ms: q(0.99), updatesSeen: latencies.length, updatesWritten: expected, pagesUnread: unread, rssMb: +cpu.rssMb.toFixed(0) });
      console.error(JSON.stringify(results.at(-1)));
      await context.close();
      await sleep(2_000);
    }
  }
  await browser.close();
} finally {
  clearInterval(writer);
  app.proc.kill('SIGTERM');
  sock.destroy();
  redis.kill('SIGKILL');
}

console.log(JSON.stringify({ machine: machine(), channels: channelCount, seconds, results }, null, 1));
console.log('| mode | pages | bytes/s per page | server CPU % | freshness p50 / p99 (ms) | updates seen / written |');
console.log('|---|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.mode} | ${r.pages} | ${r.bytesPerPagePerS} | ${r.serverCpuPercent} | ${r.freshnessP50Ms} / ${r.freshnessP99Ms} | ${r.updatesSeen} / ${r.updatesWritten} |`);
for (const n of pageCounts) {
  const p = results.find(r => r.mode === 'push' && r.pages === n), b = results.find(r => r.mode === 'baseline' && r.pages === n);
  if (p && b) console.log(`N=${n}: push/baseline bytes ${(p.bytesPerPagePerS / b.bytesPerPagePerS).toFixed(3)}, CPU ${(p.serverCpuPercent / b.serverCpuPercent).toFixed(3)}`);
}
