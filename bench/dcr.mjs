// DCR heatmap page at full scale: 43,212 channels at 1 Hz from a real redis-server through the Redis collector
// (--source redis, the default; bench/redis-writer.mjs) or from the built-in simulator (--source simulator);
// N headless pages (one Chromium) show /detector. Measures the server's own CPU and RSS (/proc), bytes each page
// receives over its WebSocket, freshness (source write time -> frame drawn in the page, performance.timeOrigin +
// performance.now()) and the page's render time per frame (marks recorded by dcr-heatmap.js).
// Baseline in the same run: the same server with no browser.
// With Redis, freshness runs from the rate write handed to Redis to the frame drawn (each drawn frame is matched
// to the latest write before the collector's read time, which the frame carries).
// Usage: bench/run.sh dcr.mjs [--pages 20] [--seconds 60] [--path /detector] [--source redis|simulator] [--dll PATH]
//        [--json FILE]
import { chromium } from 'playwright-core';
import { startConsole, measure, sleep, chromiumArgs, machine, signIn, chromiumCpuSeconds, writeResult } from './lib.mjs';
import { startRedisWriter } from './redis-writer.mjs';

const argv = process.argv;
const arg = (name, def) => { const i = argv.indexOf(name); return i > 0 ? argv[i + 1] : def; };
const pages = Number(arg('--pages', 20)), seconds = Number(arg('--seconds', 60)), path = arg('--path', '/detector');
const source = arg('--source', 'redis');

const pct = (a, p) => { if (a.length === 0) return NaN; const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))]; };

const writer = source === 'redis' ? await startRedisWriter() : null;
const app = await startConsole(writer ? ['--Redis:Endpoints:0=127.0.0.1:' + writer.port] : []);
const pid = app.proc.pid;
try {
  await sleep(10_000);
  const idle = await measure(pid, Math.min(seconds, 30));

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await signIn(context, app.base);
  // Every drawn frame: when (epoch ms) and the source time it carries (performance marks of the page's module).
  await context.addInitScript(() => {
    window.__drawn = [];
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) if (e.name === 'dcr-frame-drawn' || e.name === 'spmt3d-frame-drawn') window.__drawn.push({ at: performance.timeOrigin + e.startTime, sourceMs: e.detail?.sourceMs });
    }).observe({ type: 'mark', buffered: true });
  });
  const opened = [];
  const bytes = new Array(pages).fill(0);
  for (let i = 0; i < pages; i++) {
    const p = await context.newPage();
    p.on('websocket', ws => ws.on('framereceived', f => { bytes[i] += typeof f.payload === 'string' ? Buffer.byteLength(f.payload) : f.payload.length; }));
    await p.goto(app.base + path);
    await p.waitForSelector('[data-circuit=interactive]', { timeout: 60_000 });
    opened.push(p);
  }
  await sleep(10_000);
  // Only the measured window counts: reset page statistics and byte counters.
  await Promise.all(opened.map(p => p.evaluate(() => { window.__drawn.length = 0; const s = window.dcrViews?.stats; if (s) { s.render.length = 0; s.freshness.length = 0; s.sequences.length = 0; s.frames = 0; } })));
  bytes.fill(0);
  const t0 = Date.now();
  const browserCpu0 = chromiumCpuSeconds();
  const withPages = await measure(pid, seconds);
  const elapsed = (Date.now() - t0) / 1000;
  // The browsers share the machine's cores with the server: how much of them they took in the same window.
  const browsersCpuPercent = 100 * (chromiumCpuSeconds() - browserCpu0) / elapsed;
  const stats = await Promise.all(opened.map(p => p.evaluate(() => window.dcrViews ? { frames: window.dcrViews.stats.frames, render: window.dcrViews.stats.render, freshness: window.dcrViews.stats.freshness, drawn: window.__drawn } : null)));
  await browser.close();

  const render = stats.flatMap(s => s?.render ?? []);
  // From the Redis write when the frames say which read they come from; else from the source's own write time.
  const fromRedis = writer && stats.every(s => s && s.drawn.length > 0 && s.drawn.every(d => Number.isFinite(d.sourceMs)));
  const fresh = fromRedis
    ? stats.flatMap(s => s.drawn.map(d => d.at - writer.rateWriteBefore(d.sourceMs)).filter(Number.isFinite))
    : stats.flatMap(s => s?.freshness ?? []);
  const frames = stats.map(s => s?.frames ?? 0);
  const kbps = bytes.map(b => b / 1024 / elapsed);
  const r = x => Number.isFinite(x) ? x.toFixed(1) : 'n/a';
  const result = {
    machine: machine(), source: writer ? 'redis-server (43,212 channels, 1 Hz)' : 'simulator (43,212 channels, 1 Hz)', path, pages, seconds,
    freshnessFrom: fromRedis ? 'rate write handed to Redis' : 'source write time carried by the frame',
    idle, withPages, browsersCpuPercent,
    framesPerPage: { min: Math.min(...frames), max: Math.max(...frames) },
    kbPerSecondPerPage: { median: pct(kbps, 50), max: Math.max(...kbps) },
    freshnessMs: { p50: pct(fresh, 50), p99: pct(fresh, 99), n: fresh.length },
    renderMs: { p50: pct(render, 50), p99: pct(render, 99), max: Math.max(...render), n: render.length },
  };
  writeResult(result);
  console.log(JSON.stringify(result, null, 1));
  console.log(`| no browser | ${r(idle.cpuPercent)} % | ${r(idle.rssMb)} MB |`);
  console.log(`| ${pages} pages on ${path} | ${r(withPages.cpuPercent)} % | ${r(withPages.rssMb)} MB (peak ${r(withPages.peakRssMb)}) |`);
  console.log(`all Chromium processes: ${r(browsersCpuPercent)} % of one core (the machine has ${machine().split(' ')[0]})`);
  console.log(`CPU ratio with/without pages: ${(withPages.cpuPercent / idle.cpuPercent).toFixed(2)}; KB/s per page median ${r(result.kbPerSecondPerPage.median)} max ${r(result.kbPerSecondPerPage.max)}; freshness p50 ${r(result.freshnessMs.p50)} ms p99 ${r(result.freshnessMs.p99)} ms; render p50 ${r(result.renderMs.p50)} ms p99 ${r(result.renderMs.p99)} ms`);
} finally {
  app.proc.kill('SIGTERM');
  writer?.stop();
}
