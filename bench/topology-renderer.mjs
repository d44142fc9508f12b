// The topology page drawn two ways, measured side by side: the console's own /topology (cytoscape in the browser)
// and bench/DiagramsBench (the same TopologyElements drawn with Z.Blazor.Diagrams, Blazor Server). Both processes
// run the same full simulator (43,212 channels, the network of --servers). Sides alternate, each repeated.
// Usage: bench/run.sh topology-renderer.mjs [--servers 100] [--per-edge 16] [--repeats 2] [--circuits 20]
//        [--seconds 20] [--expanded] [--sides cyto,diag] [--delay 25] [--no-publish] [--shots]
// --expanded: the console's "Expand all" on cytoscape, `?expanded=1` on Diagrams (every device drawn).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startConsole, startDll, measure, sleep, chromiumArgs, machine, signIn, root, quantile, delayProxy } from './lib.mjs';

const argv = process.argv;
const arg = (name, def) => { const i = argv.indexOf(name); return i > 0 ? argv[i + 1] : def; };
const servers = Number(arg('--servers', 100));
const perEdge = Number(arg('--per-edge', servers > 500 ? 10 : 16));
const repeats = Number(arg('--repeats', 2));
const circuits = Number(arg('--circuits', 20));
const seconds = Number(arg('--seconds', 20));
const oneWayDelay = Number(arg('--delay', 25));
const expanded = argv.includes('--expanded');
const sides = arg('--sides', 'cyto,diag').split(',');
const interval = '00:00:05'; // the simulator's default network interval
const simArgs = ['--Simulator:Servers', String(servers), '--Simulator:ServersPerEdgeSwitch', String(perEdge), '--Simulator:NetworkInterval', interval];

// --no-publish: the Diagrams side as published before (a build during the run would load the machine it measures).
if (!argv.includes('--no-publish')) execFileSync('dotnet', ['publish', path.join(root, 'bench/DiagramsBench/DiagramsBench.csproj'), '-c', 'Release', '-o', path.join(root, 'bench/out/diagrams'), '-nologo', '-clp:ErrorsOnly'], { stdio: ['ignore', 'ignore', 'inherit'] });

// What each side's page exposes, as functions evaluated in the page.
const SIDES = {
  cyto: {
    path: '/topology',
    // Drawn: the layout has run (cose or blocks) and, expanded, the racks are open.
    ready: exp => {
      const el = document.querySelector('#topology');
      if (!el || !el.dataset.layouts) return false;
      return exp ? Number(el.dataset.visibleNodes) > 1000 && performance.now() : performance.now();
    },
    version: () => Number(document.querySelector('#topology').dataset.version || 0),
    view: () => { const cy = document.querySelector('#topology').__cy; const p = cy.pan(); return cy.zoom().toFixed(5) + ',' + p.x.toFixed(1) + ',' + p.y.toFixed(1); },
    card: () => { const c = document.querySelector('.topo-card'); return !!c && !c.hidden; },
    visible: () => Number(document.querySelector('#topology').dataset.visibleNodes),
    // A point of the canvas with no node under it (dragging a node moves it instead of panning).
    blank: () => {
      const el = document.querySelector('#topology'), r = el.getBoundingClientRect();
      const boxes = el.__cy.nodes(':visible').map(n => n.renderedBoundingBox());
      for (let y = 8; y < r.height - 8; y += 12) for (let x = 8; x < r.width - 8; x += 12)
        if (!boxes.some(b => x >= b.x1 - 4 && x <= b.x2 + 4 && y >= b.y1 - 4 && y <= b.y2 + 4)) return { x: r.left + x, y: r.top + y };
      return { x: r.left + 8, y: r.top + 8 };
    },
    canvas: () => { const r = document.querySelector('#topology').getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; },
    // Screen centres of up to n visible devices, spread over the list (servers and switches alike).
    targets: n => {
      const el = document.querySelector('#topology');
      const r = el.getBoundingClientRect();
      const nodes = el.__cy.nodes('[kind = "node"]').filter(x => x.visible()).toArray();
      // n hovers spread over the devices drawn (collapsed racks show no card: few devices are then visited again).
      const pick = nodes.length ? Array.from({ length: n }, (_, i) => nodes[Math.floor((i + 0.5) * nodes.length / n)]) : [];
      return pick.map(x => { const p = x.renderedPosition(); return { id: x.id(), x: r.left + p.x, y: r.top + p.y }; })
        .filter(p => p.x > r.left + 20 && p.x < r.right - 20 && p.y > r.top + 20 && p.y < r.bottom - 20);
    },
  },
  diag: {
    path: '/',
    ready: () => {
      const w = document.querySelector('[data-testid=diagram]');
      if (!w || !w.dataset.fitted) return false;
      const nodes = document.querySelectorAll('.diagram-node .zt-shape').length;
      const links = document.querySelectorAll('g.diagram-link path').length / 2;
      return nodes >= Number(w.dataset.nodes) && links >= Number(w.dataset.links) && performance.now();
    },
    version: () => Number(document.querySelector('[data-testid=diagram]').dataset.version || 0),
    view: () => document.querySelector('.diagram-svg-layer').getAttribute('style'),
    card: () => !!document.querySelector('[data-testid=card]'),
    visible: () => Number(document.querySelector('[data-testid=diagram]').dataset.nodes),
    blank: () => {
      const r = document.querySelector('.diagram-canvas').getBoundingClientRect();
      for (let y = 8; y < r.height - 8; y += 12) for (let x = 8; x < r.width - 8; x += 12) {
        const hit = document.elementFromPoint(r.left + x, r.top + y);
        if (hit && hit.classList.contains('diagram-canvas')) return { x: r.left + x, y: r.top + y };
      }
      return { x: r.left + 8, y: r.top + 8 };
    },
    canvas: () => { const r = document.querySelector('.diagram-canvas').getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; },
    targets: n => {
      const r = document.querySelector('.diagram-canvas').getBoundingClientRect();
      const nodes = [...document.querySelectorAll('.diagram-node[data-node-id^="d:"]')];
      const pick = nodes.length ? Array.from({ length: n }, (_, i) => nodes[Math.floor((i + 0.5) * nodes.length / n)]) : [];
      return pick.map(x => { const b = x.querySelector('.zt-shape').getBoundingClientRect(); return { id: x.dataset.nodeId, x: b.left + b.width / 2, y: b.top + b.height / 2 }; })
        .filter(p => p.x > r.left + 20 && p.x < r.right - 20 && p.y > r.top + 20 && p.y < r.bottom - 20);
    },
  },
};

// Input timestamps and a rAF watcher, in every page before its scripts run.
const INIT = () => {
  window.__input = 0;
  for (const t of ['pointermove', 'wheel', 'mousemove']) addEventListener(t, e => { window.__input = e.timeStamp; }, true);
  // Resolves at the first animation frame at which probe() returns something different from `before`.
  window.__watch = (name, before) => { const probe = window.__probes[name]; window.__seen = null; const loop = () => { let v; try { v = probe(); } catch { v = before; } if (v !== before) window.__seen = performance.now(); else requestAnimationFrame(loop); }; requestAnimationFrame(loop); };
  window.__frames = null;
  window.__recordFrames = on => {
    if (!on) { const f = window.__frames; window.__frames = null; return f; }
    const f = window.__frames = { t: [], views: [] };
    const loop = now => { if (window.__frames !== f) return; f.t.push(now); requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
    return null;
  };
};

/** Opens the side's page, returns the page and the time from navigation start to the graph drawn (ms). */
async function openPage(context, base, side, exp) {
  const s = SIDES[side];
  const page = await context.newPage();
  await page.addInitScript(INIT);
  const url = base + s.path + (side === 'diag' && exp ? '?expanded=1' : '');
  await page.goto(url);
  await probes(page, side);
  let firstMs = await (await page.waitForFunction(s.ready, side === 'cyto' ? false : undefined, { polling: 'raf', timeout: 180_000 })).jsonValue();
  if (side === 'cyto' && exp) {
    // The console opens large networks collapsed: an operator presses "Expand all"; the time is to the open graph.
    const layouts = await page.evaluate(() => Number(document.querySelector('#topology').dataset.layouts));
    const t0 = await page.evaluate(() => performance.now());
    await page.click('[data-testid=topo-expand]');
    const t1 = await (await page.waitForFunction(l => Number(document.querySelector('#topology').dataset.layouts) > l && performance.now(), layouts, { polling: 'raf', timeout: 180_000 })).jsonValue();
    return { page, firstMs, expandMs: t1 - t0 };
  }
  return { page, firstMs };
}

/** Bytes a page receives over HTTP and the WebSocket, counted from the DevTools protocol. */
async function byteCounter(page) {
  const cdp = await page.context().newCDPSession(page);
  const c = { http: 0, ws: 0, wsFrames: 0, cdp };
  cdp.on('Network.loadingFinished', e => { c.http += e.encodedDataLength; });
  cdp.on('Network.webSocketFrameReceived', e => { c.ws += e.response.opcode === 2 ? Math.floor(e.response.payloadData.length * 3 / 4) : Buffer.byteLength(e.response.payloadData); c.wsFrames++; });
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  c.taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find(m => m.name === 'TaskDuration').value;
  return c;
}

/** The side's probes as page functions (an expression evaluated through DevTools: the console's CSP forbids eval). */
const probes = (page, side) => page.evaluate(`window.__probes = { view: ${SIDES[side].view}, card: ${SIDES[side].card} }; 0`);

/** Time from one input event to the first frame that shows its effect (probe changed), in ms; null if none in 5 s. */
async function inputLatency(page, probe, act) {
  const before = await page.evaluate(n => window.__probes[n](), probe);
  await page.evaluate(([n, b]) => window.__watch(n, b), [probe, before]);
  await act();
  try { await page.waitForFunction(() => window.__seen !== null, undefined, { timeout: 5_000, polling: 20 }); } catch { return null; }
  return page.evaluate(() => window.__seen - window.__input);
}

async function hoverLatencies(page, side, n = 10) {
  const s = SIDES[side];
  const c = await page.evaluate(s.canvas);
  const targets = await page.evaluate(s.targets, n);
  const out = [];
  for (const t of targets) {
    await page.mouse.move(c.x + 6, c.y + 6);
    await page.waitForFunction(() => !window.__probes.card(), undefined, { timeout: 5_000 });
    const ms = await inputLatency(page, 'card', () => page.mouse.move(t.x, t.y));
    if (ms !== null) out.push(ms);
  }
  await page.mouse.move(c.x + 6, c.y + 6);
  return { n: out.length, of: targets.length, p50: quantile(out, 0.5), max: Math.max(...out) };
}

/** Per-step latency of wheel zoom and drag pan, then frame intervals and the lag behind a continuous gesture. */
async function panZoom(page, side, steps = 10) {
  const s = SIDES[side];
  const c = await page.evaluate(s.canvas);
  const zoom = [], pan = [];
  await page.mouse.move(c.x + c.w / 2, c.y + c.h / 2);
  for (let i = 0; i < steps; i++) {
    const ms = await inputLatency(page, 'view', () => page.mouse.wheel(0, i % 2 ? 120 : -120));
    if (ms !== null) zoom.push(ms);
  }
  // Drag on empty canvas.
  const o = await page.evaluate(s.blank);
  await page.mouse.move(o.x, o.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    const ms = await inputLatency(page, 'view', () => page.mouse.move(o.x + i * 6, o.y + i * 4));
    if (ms !== null) pan.push(ms);
  }
  await page.mouse.up();
  // A continuous gesture at 60 events a second: 30 wheel steps, then a 30-step drag.
  await page.mouse.move(c.x + c.w / 2, c.y + c.h / 2);
  await page.evaluate(() => window.__recordFrames(true));
  const views = [];
  await page.evaluate(() => { const probe = window.__probes.view; window.__views = []; let last = probe(); const loop = () => { if (!window.__views) return; const v = probe(); if (v !== last) { last = v; window.__views.push(performance.now()); } requestAnimationFrame(loop); }; requestAnimationFrame(loop); });
  for (let i = 0; i < 30; i++) { await page.mouse.wheel(0, i < 15 ? -60 : 60); await sleep(16); }
  const o2 = await page.evaluate(s.blank);
  await page.mouse.move(o2.x, o2.y);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) { await page.mouse.move(o2.x + i * 4, o2.y + i * 3); await sleep(16); }
  await page.mouse.up();
  const lastInput = await page.evaluate(() => window.__input);
  await sleep(3_000);
  const f = await page.evaluate(() => window.__recordFrames(false));
  views.push(...await page.evaluate(() => { const v = window.__views; window.__views = null; return v; }));
  const intervals = f.t.slice(1).map((t, i) => t - f.t[i]).filter((_, i) => f.t[i + 1] <= lastInput + 100);
  return {
    zoomP50: quantile(zoom, 0.5), zoomMax: Math.max(...zoom), zoomN: zoom.length,
    panP50: quantile(pan, 0.5), panMax: Math.max(...pan), panN: pan.length,
    frameP50: quantile(intervals, 0.5), frameP95: quantile(intervals, 0.95), frameMax: Math.max(...intervals),
    // How long after the last input the view was still catching up.
    lagMs: views.length ? Math.max(0, views[views.length - 1] - lastInput) : NaN,
  };
}

async function runSide(side, repeat) {
  const app = side === 'cyto' ? await startConsole(simArgs) : await startDll(path.join(root, 'bench/out/diagrams/DiagramsBench.dll'), simArgs);
  const pid = app.proc.pid;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  const r = { side, repeat, servers, expanded };
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    if (side === 'cyto') await signIn(context, app.base);
    await sleep(10_000); // JIT, first frames and network polls
    r.idle = await measure(pid, 15);

    // First graph: one warm-up load, then three, each a fresh page; the last one stays open for what follows.
    const first = [], expand = [];
    let kept = null;
    for (let i = 0; i < 4; i++) {
      const opened = await openPage(context, app.base, side, expanded);
      if (i > 0) { first.push(opened.firstMs); if (opened.expandMs !== undefined) expand.push(opened.expandMs); }
      if (i < 3) await opened.page.close(); else kept = opened.page;
    }
    const bytes = await byteCounter(kept);
    r.firstMs = quantile(first, 0.5);
    r.firstAll = first.map(Math.round);
    if (expand.length) r.expandMs = quantile(expand, 0.5);
    r.visible = await kept.evaluate(SIDES[side].visible);

    // Rate-only updates: the network changes every 5 s; nothing is added or removed.
    await sleep(2_000);
    // Main-thread time sampled every 100 ms: the median step is the page's idle floor (clocks, the shell), what
    // lies above it in the steps around each update is the update's cost.
    const v0 = await kept.evaluate(SIDES[side].version), ws0 = bytes.ws;
    const steps = [];
    let prev = await bytes.taskSeconds();
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end) {
      await sleep(100);
      const now = await bytes.taskSeconds();
      steps.push((now - prev) * 1000);
      prev = now;
    }
    const v1 = await kept.evaluate(SIDES[side].version), ws1 = bytes.ws;
    const floor = quantile(steps, 0.5);
    r.updates = v1 - v0;
    r.idleFloorMsPerS = floor * steps.length / seconds;
    r.browserMsPerUpdate = r.updates ? steps.reduce((a, x) => a + Math.max(0, x - floor), 0) / r.updates : NaN;
    if (argv.includes('--shots')) await kept.screenshot({ path: path.join(root, `bench/out/topology-${side}-${servers}${expanded ? '-expanded' : ''}.png`) });
    r.wsBytesPerUpdate = r.updates ? (ws1 - ws0) / r.updates : NaN;
    if (side === 'cyto') r.cytoUpdateMs = await kept.evaluate(() => Number(document.querySelector('#topology').dataset.updateMs));

    r.hover = await hoverLatencies(kept, side);
    r.panZoom = await panZoom(kept, side);
    await kept.close();

    // Bytes of one first load (HTTP + WebSocket until the graph is drawn), on a fresh page.
    {
      const page = await context.newPage();
      const c = await byteCounter(page);
      await page.addInitScript(INIT);
      await page.goto(app.base + SIDES[side].path + (side === 'diag' && expanded ? '?expanded=1' : ''));
      await page.waitForFunction(SIDES[side].ready, side === 'cyto' ? false : undefined, { polling: 'raf', timeout: 180_000 });
      if (side === 'cyto' && expanded) {
        const l = await page.evaluate(() => Number(document.querySelector('#topology').dataset.layouts));
        await page.click('[data-testid=topo-expand]');
        await page.waitForFunction(x => Number(document.querySelector('#topology').dataset.layouts) > x, l, { timeout: 180_000 });
      }
      await sleep(500);
      r.firstLoadBytes = { http: c.http, ws: c.ws };
      await page.close();
    }

    // Circuits: N pages at once, settled, then the server's CPU and memory over the window.
    if (circuits > 0) {
      const pages = [];
      for (let i = 0; i < circuits; i++) pages.push((await openPage(context, app.base, side, expanded)).page);
      await sleep(10_000);
      r.circuits = await measure(pid, seconds);
      r.cpuPerCircuit = (r.circuits.cpuPercent - r.idle.cpuPercent) / circuits;
      r.rssPerCircuitMb = (r.circuits.rssMb - r.idle.rssMb) / circuits;
      for (const p of pages) await p.close();
    }

    // The same hover and zoom through a relay adding 2 x delay of round trip.
    const proxy = await delayProxy(app.port, oneWayDelay);
    try {
      const { page } = await openPage(context, `http://127.0.0.1:${proxy.port}`, side, expanded);
      await sleep(1_000);
      r.delayed = { rttMs: 2 * oneWayDelay, hover: await hoverLatencies(page, side), panZoom: await panZoom(page, side, 6) };
      await page.close();
    } finally {
      proxy.close();
    }
    await context.close();
  } finally {
    await browser.close();
    app.proc.kill('SIGTERM');
    await sleep(1_000);
  }
  return r;
}

const results = [];
for (let rep = 1; rep <= repeats; rep++) {
  for (const side of rep % 2 ? sides : [...sides].reverse()) {
    const r = await runSide(side, rep);
    console.log(JSON.stringify(r));
    results.push(r);
  }
}

// One table: median over repeats per side, and the Diagrams / cytoscape ratio of those medians.
const med = (side, f) => quantile(results.filter(r => r.side === side).map(f).filter(x => Number.isFinite(x)), 0.5);
const rows = [
  ['first graph (ms)', r => r.firstMs],
  ...(expanded ? [['expanded graph shown (ms; cytoscape: first graph, then Expand all)', r => r.firstMs + (r.expandMs ?? 0)]] : []),
  ['nodes drawn (devices + racks)', r => r.visible],
  ['first load: HTTP + WS bytes', r => r.firstLoadBytes.http + r.firstLoadBytes.ws],
  ['rate update: browser main thread above idle (ms)', r => r.browserMsPerUpdate],
  ['page idle floor: main thread (ms per s)', r => r.idleFloorMsPerS],
  ['rate update: WS bytes', r => r.wsBytesPerUpdate],
  [`server CPU per circuit (% of a core, ${circuits} open)`, r => r.cpuPerCircuit],
  [`server RSS, ${circuits} circuits (MB)`, r => r.circuits?.rssMb],
  ['server RSS per circuit (MB)', r => r.rssPerCircuitMb],
  ['zoom step: wheel -> frame (ms, p50)', r => r.panZoom.zoomP50],
  ['pan step: move -> frame (ms, p50)', r => r.panZoom.panP50],
  ['frame interval during gesture (ms, p50 / p95)', r => r.panZoom.frameP50, r => r.panZoom.frameP95],
  ['view still moving after last input (ms)', r => r.panZoom.lagMs],
  ['hover -> card (ms, p50)', r => r.hover.p50],
  [`hover -> card, +${2 * oneWayDelay} ms RTT (ms, p50)`, r => r.delayed.hover.p50],
  [`zoom step, +${2 * oneWayDelay} ms RTT (ms, p50)`, r => r.delayed.panZoom.zoomP50],
  [`pan step, +${2 * oneWayDelay} ms RTT (ms, p50)`, r => r.delayed.panZoom.panP50],
];
const fmt = x => !Number.isFinite(x) ? '–' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(Math.abs(x) >= 10 ? 1 : 2);
console.log(`\n${machine()}; ${servers} servers, ${perEdge} per edge switch${expanded ? ', expanded' : ''}; ${repeats} repeats per side, medians`);
console.log('| measure | cytoscape (/topology) | Blazor.Diagrams | Diagrams / cytoscape |');
console.log('|---|---|---|---|');
for (const [name, f, g] of rows) {
  const c = med('cyto', f), d = med('diag', f);
  if (g) { console.log(`| ${name} | ${fmt(c)} / ${fmt(med('cyto', g))} | ${fmt(d)} / ${fmt(med('diag', g))} | ${fmt(d / c)} / ${fmt(med('diag', g) / med('cyto', g))} |`); continue; }
  console.log(`| ${name} | ${fmt(c)} | ${fmt(d)} | ${fmt(d / c)} |`);
}
console.log('spread (each repeat): ' + results.map(r => `${r.side}#${r.repeat} first ${Math.round(r.firstMs)} ms, update ${fmt(r.browserMsPerUpdate)} ms, CPU/circuit ${fmt(r.cpuPerCircuit)} %, hover ${fmt(r.hover.p50)} ms`).join('; '));
