// Reactive refresh vs the old 1 Hz full-page refresh, through a real redis-server.
// A writer (this script, speaking RESP) updates run state and all 43,212 channel rates in Redis at 1 Hz, with a new
// run number every second so each update is visible in the header. The console reads Redis (the real collector
// path); N headless pages show the Overview. Per page: bytes/s on the wire (HTTP + WebSocket, from the DevTools
// protocol); server CPU; freshness = Redis write -> new run number in the page's DOM (same machine clock).
// Modes: push (Blazor circuit in a real page, the console as built) and baseline, the old console's refresh: each
// viewer fetches the whole server-rendered page, and again one second after it arrived (as a meta refresh does).
// The baseline viewers are HTTP clients, not browsers: a full page load costs headless Chromium ~0.5 s of CPU here,
// so 10 or 50 reloading browsers on this machine cannot keep a 1 Hz refresh and would understate the server's cost.
// Rendering the HTML in a browser would only add to the baseline's freshness. `baseline-browser` keeps the
// browser version (blazor.web.js blocked, the page reloads one second after each load).
// Usage: bench/run.sh redis-refresh.mjs [--pages 1,10,50] [--seconds 20] [--modes push,baseline] [--dll PATH] [--json FILE]
import { chromium } from 'playwright-core';
import { startConsole, measure, sleep, chromiumArgs, machine, signIn, chromiumCpuSeconds, quantile, writeResult } from './lib.mjs';
import { startRedisWriter } from './redis-writer.mjs';
import http from 'node:http';
import zlib from 'node:zlib';

const argv = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
const pageCounts = argv('--pages', '1,10,50').split(',').map(Number);
const seconds = Number(argv('--seconds', '20'));
// Baseline first: closed push pages leave circuits behind for a while, which would inflate a later baseline.
const modes = argv('--modes', 'baseline,push').split(',');

/** The console's own batch -> rendered-update histogram (cumulative; /api/diagnostics/live, experts). */
async function serverLatency(base, cookie) {
  const r = await fetch(base + '/api/diagnostics/live', { headers: { cookie } });
  return r.ok ? r.json() : null;
}

/** p50 and p99 (bucket upper bounds, ms) of the renders between two readings. */
function latencyWindow(a, b) {
  if (!a || !b) return { p50: NaN, p99: NaN, renders: 0 };
  const counts = b.counts.map((c, k) => c - a.counts[k]);
  const total = counts.reduce((x, y) => x + y, 0);
  const q = f => { const rank = Math.ceil(f * total); let seen = 0; for (let k = 0; k < counts.length; k++) { seen += counts[k]; if (seen >= rank) return k < b.boundsMs.length ? b.boundsMs[k] : Infinity; } return NaN; };
  return { p50: total ? q(0.5) : NaN, p99: total ? q(0.99) : NaN, renders: total };
}

/** One old-console viewer: GET / with the session cookie, parse the run number, wait 1 s, again. Counts wire
 *  bytes (headers + the body as sent, compressed if the server compressed it). */
function httpViewer(base, cookie, stats) {
  let stopped = false;
  const once = () => new Promise(resolve => {
    const req = http.get(base + '/', { headers: { cookie, 'accept-encoding': 'gzip, br', accept: 'text/html' } }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const at = Date.now();
        const enc = res.headers['content-encoding'];
        const html = (enc === 'br' ? zlib.brotliDecompressSync(raw) : enc === 'gzip' ? zlib.gunzipSync(raw) : raw).toString('utf8');
        if (stats.on) stats.bytes += raw.length + res.rawHeaders.reduce((a, h) => a + h.length + 2, 0) + 20;
        const m = /data-testid="run-number"[^>]*>(\d+)</.exec(html);
        if (m && !stats.seen[m[1]]) stats.seen[m[1]] = at;
        resolve();
      });
    });
    req.on('error', () => resolve());
  });
  (async () => { while (!stopped) { await once(); await sleep(1000); } })();
  return () => { stopped = true; };
}

const writer = await startRedisWriter();
const { written } = writer;
const channelCount = writer.channels;

// Records, in every page and across reloads, when each run number first appeared in the DOM.
// In push mode it also keeps the arrival time of every WebSocket message, to split freshness into "until the
// update reached the page" and "until the page showed it" (the message that carried run r is the last one that
// arrived before r appeared).
const recorder = () => {
  window.__ws = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); this.addEventListener('message', () => window.__ws.push(Date.now())); }
  };
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

const app = await startConsole(['--Redis:Endpoints:0=127.0.0.1:' + writer.port]);
const results = [];
let idle;
try {
  await sleep(10_000); // warm-up: JIT tiers settle and the first history pages are touched
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  {
    // Both modes' code paths run once before anything is measured, so neither pays the JIT in its window.
    const context = await browser.newContext();
    await signIn(context, app.base);
    const live = await context.newPage();
    await live.goto(app.base + '/');
    const stat = await context.newPage();
    await stat.route('**/_framework/blazor.web.js', r => r.abort());
    for (let i = 0; i < 10; i++) { await stat.goto(app.base + '/'); await sleep(500); }
    // The old-console viewers too, and long enough for code that runs once a second (the Redis reads) to pass the
    // runtime's tier-1 compile threshold: a first run had the JIT's work land in the first measured window.
    const cookie = (await context.cookies()).map(c => `${c.name}=${c.value}`).join('; ');
    const stops = Array.from({ length: 8 }, () => httpViewer(app.base, cookie, { bytes: 0, seen: {}, on: false }));
    await sleep(40_000);
    stops.forEach(f => f());
    await context.close();
    await sleep(5_000);
  }
  // The fixed cost (reading 43,212 rates a second from Redis, summaries, history) with no page open, in this run.
  idle = await measure(app.proc.pid, seconds);
  console.error(JSON.stringify({ mode: 'none', pages: 0, serverCpuPercent: +idle.cpuPercent.toFixed(1), rssMb: +idle.rssMb.toFixed(0) }));
  for (const mode of modes) {
    for (const n of pageCounts) {
      if (mode === 'baseline') {
        const context = await browser.newContext();
        await signIn(context, app.base);
        const cookie = (await context.cookies()).map(c => `${c.name}=${c.value}`).join('; ');
        await context.close();
        const viewers = Array.from({ length: n }, () => ({ bytes: 0, seen: {}, on: false }));
        const stops = [];
        for (const v of viewers) { stops.push(httpViewer(app.base, cookie, v)); await sleep(1000 / n); } // spread over a second
        await sleep(3_000);
        const firstRun = writer.run + 1;
        viewers.forEach(v => { v.on = true; });
        const cpu = await measure(app.proc.pid, seconds);
        viewers.forEach(v => { v.on = false; });
        const lastRun = writer.run;
        await sleep(1_500);
        stops.forEach(f => f());
        const latencies = [];
        for (const v of viewers) for (let r = firstRun; r <= lastRun; r++) if (v.seen[r] && written.has(r)) latencies.push(v.seen[r] - written.get(r));
        const q = f => quantile(latencies, f);
        results.push({ mode, pages: n, bytesPerPagePerS: Math.round(viewers.reduce((a, v) => a + v.bytes, 0) / n / cpu.seconds), serverCpuPercent: +cpu.cpuPercent.toFixed(1),
          freshnessP50Ms: q(0.5), freshnessP99Ms: q(0.99), toPageP50Ms: NaN, toPageP99Ms: NaN, inPageP50Ms: NaN, inPageP99Ms: NaN, browsersCpuPercent: 0,
          updatesSeen: latencies.length, updatesWritten: (lastRun - firstRun + 1) * n, pagesUnread: 0, rssMb: +cpu.rssMb.toFixed(0) });
        console.error(JSON.stringify(results.at(-1)));
        await sleep(2_000);
        continue;
      }
      const context = await browser.newContext();
      await signIn(context, app.base); // before blocking blazor.web.js: the session cookie serves both modes
      await context.addInitScript(recorder);
      if (mode === 'baseline-browser') {
        await context.route('**/_framework/blazor.web.js', r => r.abort());
        // The old console's refresh: a full page load, then the next one second after it finished (as a
        // <meta http-equiv=refresh content=1> does).
        await context.addInitScript(() => { if (location.protocol.startsWith('http')) addEventListener('load', () => setTimeout(() => location.reload(), 1000)); });
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
      const firstRun = writer.run + 1;
      bytes.forEach(b => { b.on = true; });
      const cookie = (await context.cookies()).map(c => `${c.name}=${c.value}`).join('; ');
      const latency0 = await serverLatency(app.base, cookie);
      const browserCpu0 = chromiumCpuSeconds();
      const cpu = await measure(app.proc.pid, seconds);
      const server = latencyWindow(latency0, await serverLatency(app.base, cookie));
      const browsersCpuPercent = +(100 * (chromiumCpuSeconds() - browserCpu0) / cpu.seconds).toFixed(0);
      bytes.forEach(b => { b.on = false; });
      const lastRun = writer.run;
      await sleep(1_500); // let the last writes of the window arrive
      const latencies = [], transport = [], page = [];
      let unread = 0;
      for (const p of pages) {
        // A reloading page can be between documents (or on an error page): retry, then count it as unread.
        let text = null;
        for (let attempt = 0; attempt < 10 && text === null; attempt++) {
          try { text = await p.evaluate(() => sessionStorage.getItem('seen') || '{}'); } catch { await sleep(150); }
        }
        if (text === null) { unread++; continue; }
        const seen = JSON.parse(text);
        const arrivals = mode === 'push' ? await p.evaluate(() => window.__ws) : [];
        for (let r = firstRun; r <= lastRun; r++) {
          if (!seen[r] || !written.has(r)) continue;
          latencies.push(seen[r] - written.get(r));
          const carrier = arrivals.filter(t => t <= seen[r]).at(-1);
          if (carrier !== undefined && carrier >= written.get(r)) { transport.push(carrier - written.get(r)); page.push(seen[r] - carrier); }
        }
      }
      const q = f => quantile(latencies, f);
      const expected = (lastRun - firstRun + 1) * n;
      const perPage = bytes.reduce((a, b) => a + b.n, 0) / n / cpu.seconds;
      results.push({ mode, pages: n, bytesPerPagePerS: Math.round(perPage), serverCpuPercent: +cpu.cpuPercent.toFixed(1),
        freshnessP50Ms: q(0.5), freshnessP99Ms: q(0.99),
        toPageP50Ms: quantile(transport, 0.5), toPageP99Ms: quantile(transport, 0.99), inPageP50Ms: quantile(page, 0.5), inPageP99Ms: quantile(page, 0.99),
        browsersCpuPercent, serverRenderP50Ms: server.p50, serverRenderP99Ms: server.p99, serverRenders: server.renders, updatesSeen: latencies.length, updatesWritten: expected, pagesUnread: unread, rssMb: +cpu.rssMb.toFixed(0) });
      console.error(JSON.stringify(results.at(-1)));
      await context.close();
      await sleep(2_000);
    }
  }
  await browser.close();
} finally {
  app.proc.kill('SIGTERM');
  writer.stop();
}

const summary = { machine: machine(), channels: channelCount, seconds, idle, results };
writeResult(summary);
console.log(JSON.stringify(summary, null, 1));
console.log(`no page open: server CPU ${idle.cpuPercent.toFixed(1)} %, RSS ${idle.rssMb.toFixed(0)} MB`);
console.log('| mode | pages | bytes/s per page | server CPU % | Chromium CPU % | freshness p50 / p99 (ms) | of which: write -> message in page p50 / p99 | message -> DOM p50 / p99 | server: batch -> rendered p50 / p99 | updates seen / written |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.mode} | ${r.pages} | ${r.bytesPerPagePerS} | ${r.serverCpuPercent} | ${r.browsersCpuPercent} | ${r.freshnessP50Ms} / ${r.freshnessP99Ms} | ${r.toPageP50Ms} / ${r.toPageP99Ms} | ${r.inPageP50Ms} / ${r.inPageP99Ms} | ≤ ${r.serverRenderP50Ms ?? 'n/a'} / ≤ ${r.serverRenderP99Ms ?? 'n/a'} | ${r.updatesSeen} / ${r.updatesWritten} |`);
for (const n of pageCounts) {
  const p = results.find(r => r.mode === 'push' && r.pages === n), b = results.find(r => r.mode.startsWith('baseline') && r.pages === n);
  // Above the no-page cost: what the pages themselves cost the server in each mode.
  const extra = r => Math.max(0, r.serverCpuPercent - idle.cpuPercent);
  if (p && b) console.log(`N=${n}: push/baseline bytes ${(p.bytesPerPagePerS / b.bytesPerPagePerS).toFixed(3)}, CPU total ${(p.serverCpuPercent / b.serverCpuPercent).toFixed(3)}, CPU above no-page ${extra(p).toFixed(1)} / ${extra(b).toFixed(1)} = ${extra(b) > 0.5 ? (extra(p) / extra(b)).toFixed(3) : 'n/a (within the no-page noise)'}`);
}
