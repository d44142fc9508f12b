// DCR views of the detector page: LPMT and SPMT (theta, phi) maps, the SPMT electronics view (GCU x channel),
// one histogram per PMT type. Owned by the DcrHeatmap component: it loads
// the geometry once (binary, /api/detector/geometry.bin), then receives compact binary frames (dcr-frame.js).
// Hover is answered here from the geometry and the last frames; only clicks go back to the server. Colours of the
// states and every legend and hover text come from the server (DcrPalette), so they are defined once.
//
// Why canvas pixels through a pick buffer, not Plotly markers or a binned heatmap: PMTs sit in rings with
// different counts per ring, so a regular heatmap grid merges or splits channels; Plotly scattergl draws each
// channel once but took 2.5 s per update for 43,212 markers in headless Chromium without a GPU (software GL),
// far over the 50 ms budget. The pick buffers are turned once into per-channel pixel lists (dcr-paint.js), so a
// frame writes only the pixels of channels whose colour changed and puts only their bounding rectangle.
import { FrameDecoder, decodeRate, encodeRate, FLAG_STALE, FLAG_FLAPPING, STATUS_MASK } from './dcr-frame.js';
import { PaintState, makeLayer, paintLayer, drawRings, ringColours, buildPick, COUNT_DEAD, COUNT_HOT, COUNT_FLAPPING, COUNT_STALE } from './dcr-paint.js';

export { buildPick };

const TYPE_CODES = ['HPK', 'NNVT', 'SPMT'];
const HISTORY_FRAMES = 60;
const views = new Map();
let nextHandle = 1;

/** Parses the geometry blob written by DetectorEndpoints.GeometryBlob (layout documented there). */
export function parseGeometry(buffer) {
  const view = new DataView(buffer);
  const n = view.getUint32(0, true);
  const largeCount = view.getUint32(4, true);
  let at = 8;
  const f32 = () => { const a = new Float32Array(buffer, at, n); at += 4 * n; return a; };
  const i32 = () => { const a = new Int32Array(buffer, at, n); at += 4 * n; return a; };
  const x = f32(), y = f32(), z = f32(), id = i32(), gcu = i32();
  const gcuChannel = new Uint16Array(buffer, at, n); at += 2 * n + ((2 * n) % 4);
  const type = new Uint8Array(buffer, at, n);
  const theta = new Float32Array(n), phi = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.hypot(x[i], y[i], z[i]);
    theta[i] = Math.acos(Math.max(-1, Math.min(1, z[i] / r))) * 180 / Math.PI;
    let p = Math.atan2(y[i], x[i]) * 180 / Math.PI;
    phi[i] = p < 0 ? p + 360 : p;
  }
  return { n, largeCount, x, y, z, id, gcu, gcuChannel, type, theta, phi };
}

export function formatRate(hz) {
  if (Number.isNaN(hz)) return '—';
  if (hz >= 1000) return (hz / 1000).toFixed(hz >= 100000 ? 0 : 1) + ' kHz';
  return hz.toFixed(0) + ' Hz';
}

export function formatAge(ms) {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return '< 1 s';
  if (ms < 120000) return (ms / 1000).toFixed(0) + ' s';
  return (ms / 60000).toFixed(0) + ' min';
}

/** Median code of one channel over the frames kept in the ring (0 = none). */
export function medianCode(ring, frames, n, index) {
  const values = [];
  for (let k = 0; k < frames; k++) {
    const c = ring[k * n + index];
    if (c !== 0) values.push(c);
  }
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  return values[values.length >> 1];
}

/** Creates the views inside `root` and returns a handle for the other calls. */
export async function create(root, dotnet, options) {
  const response = await fetch(options.geometryUrl, { cache: 'force-cache' });
  if (!response.ok) throw new Error('geometry: HTTP ' + response.status);
  const geo = parseGeometry(await response.arrayBuffer());
  const handle = nextHandle++;
  const state = {
    root, dotnet, geo, scales: options.scales, labels: options.labels, texts: options.texts,
    colours: options.colours, palette: palette(options.colours.stale), rings: ringColours(options.colours),
    decoder: new FrameDecoder(), paint: new PaintState(geo.type),
    codes: null, flags: null, sequence: -1, sourceMs: NaN,
    ring: new Uint8Array(HISTORY_FRAMES * geo.n), ringFrames: 0, ringNext: 0,
    lastFreshMs: new Float64Array(geo.n).fill(NaN),
    byType: [[], [], []], smallGrid: null, tooltip: root.querySelector('[data-role=tooltip]'),
    stats: { frames: 0, render: [], freshness: [], sequences: [] },
  };
  for (let i = 0; i < geo.n; i++) state.byType[geo.type[i]].push(i);
  state.byType = state.byType.map(a => Int32Array.from(a));
  buildSmallGrid(state);
  // Pick buffers and canvases are built once here, so a frame's render time is the update alone.
  setupViews(state);
  views.set(handle, state);
  window.dcrViews = window.dcrViews ?? {};
  window.dcrViews.stats = state.stats;
  window.dcrViews.state = state;
  return handle;
}

function buildSmallGrid(state) {
  const { geo } = state;
  const gcus = [...new Set(state.byType[2].map(i => geo.gcu[i]))].sort((a, b) => a - b);
  const row = new Map(gcus.map((g, r) => [g, r]));
  const width = Math.max(1, ...Array.from(state.byType[2], i => geo.gcuChannel[i] + 1));
  const cell = new Int32Array(gcus.length * width).fill(-1);
  for (const i of state.byType[2]) cell[row.get(geo.gcu[i]) * width + geo.gcuChannel[i]] = i;
  state.smallGrid = { gcus, width, cell };
}

/**
 * Applies one frame and redraws. `scales`, when given, are the colour scales the frame's codes are written in
 * (sent with the first frame after a change of limits, which is a full frame). Returns false when a delta frame
 * does not fit the frame held (the server then sends a full one). The render time recorded is decode + draw.
 */
export async function pushFrame(handle, bytes, scales) {
  const state = views.get(handle);
  if (!state) return false;
  const t0 = performance.now();
  if (scales) applyScales(state, scales);
  const d = state.decoder;
  try {
    if (!d.apply(bytes)) return false;
  } catch {
    return false;
  }
  const n = state.geo.n;
  if (d.count !== n) return false;
  state.codes = d.codes;
  state.flags = d.flags;
  state.sequence = d.sequence;
  state.sourceMs = d.sourceMs;
  state.lastKind = d.kind;
  if (scales) { state.scalesKind = d.kind; state.scalesSequence = d.sequence; }
  state.ring.set(d.codes, state.ringNext * n);
  state.ringNext = (state.ringNext + 1) % HISTORY_FRAMES;
  state.ringFrames = Math.min(HISTORY_FRAMES, state.ringFrames + 1);
  const { codes, flags, lastFreshMs } = state, sourceMs = d.sourceMs;
  for (let i = 0; i < n; i++) if (!(flags[i] & FLAG_STALE) && codes[i] !== 0) lastFreshMs[i] = sourceMs;
  render(state);
  const t1 = performance.now();
  const renderMs = t1 - t0;
  performance.mark('dcr-frame-drawn', { detail: { sequence: d.sequence, kind: d.kind, changed: state.paint.changedCount, renderMs, sourceMs } });
  const s = state.stats;
  s.frames++;
  s.render.push(renderMs);
  s.freshness.push(performance.timeOrigin + t1 - sourceMs);
  s.sequences.push(d.sequence);
  if (s.render.length > 600) { s.render.shift(); s.freshness.shift(); s.sequences.shift(); }
  state.root.dataset.sequence = String(d.sequence);
  return true;
}

// Viridis anchors; the 256-entry palette is interpolated once. Index = frame code.
const VIRIDIS = [[68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137], [53, 183, 121], [110, 206, 88], [181, 222, 43], [253, 231, 37]];
function packRgb(r, g, b) { return (255 << 24) | (b << 16) | (g << 8) | r; }

/** '#rrggbb' as the canvas' little-endian RGBA word. */
export function packHex(hex) {
  const v = parseInt(hex.slice(1), 16);
  return packRgb((v >> 16) & 255, (v >> 8) & 255, v & 255) >>> 0;
}

/** The rate palette: code 0 (no data) is `noData` ('#rrggbb', the server's stale colour), codes 1-255 Viridis. */
export function palette(noData) {
  const out = new Uint32Array(256);
  for (let c = 1; c < 256; c++) {
    const x = (c - 1) / 254 * (VIRIDIS.length - 1);
    const k = Math.min(VIRIDIS.length - 2, Math.floor(x)), f = x - k;
    const [a, b] = [VIRIDIS[k], VIRIDIS[k + 1]];
    out[c] = packRgb(Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f));
  }
  out[0] = packHex(noData);
  return out;
}

function makeCanvasView(state, div, w, h, indices, xOf, yOf, size, title) {
  div.textContent = '';
  const head = document.createElement('div');
  head.className = 'dcr-view-title';
  head.textContent = title;
  const canvas = document.createElement('canvas');
  canvas.width = w; canvas.height = h;
  canvas.className = 'dcr-canvas';
  // Rings on their own canvas above the map: a ring that goes away is cleared without repainting the map.
  const overlay = document.createElement('canvas');
  overlay.width = w; overlay.height = h;
  overlay.className = 'dcr-overlay';
  const wrap = document.createElement('div');
  wrap.className = 'dcr-canvas-wrap';
  wrap.append(canvas, overlay);
  const legend = document.createElement('div');
  legend.className = 'dcr-legend';
  div.append(head, wrap, legend);
  const view = makeLayer(w, h, indices, xOf, yOf, size, state.geo.n);
  Object.assign(view, { div, canvas, ctx: canvas.getContext('2d'), overlay, overlayCtx: overlay.getContext('2d'), legend });
  view.image = view.ctx.createImageData(w, h);
  view.pixels = new Uint32Array(view.image.data.buffer);
  const at = e => {
    const r = canvas.getBoundingClientRect();
    const x = Math.floor((e.clientX - r.left) * w / r.width), y = Math.floor((e.clientY - r.top) * h / r.height);
    return x >= 0 && x < w && y >= 0 && y < h ? view.pick[y * w + x] : -1;
  };
  canvas.addEventListener('mousemove', e => { const i = at(e); if (i >= 0) showTooltip(state, i, e); else if (state.tooltip) state.tooltip.hidden = true; });
  canvas.addEventListener('mouseleave', () => { if (state.tooltip) state.tooltip.hidden = true; });
  canvas.addEventListener('click', e => { const i = at(e); if (i >= 0) state.dotnet.invokeMethodAsync('OnChannelClicked', i); });
  return view;
}

function drawView(state, view) {
  if (paintLayer(view, state.paint) > 0) {
    const d = view.dirty;
    view.ctx.putImageData(view.image, 0, 0, d.x, d.y, d.w, d.h);
  }
  // Dead, hot and flapping channels get a ring, visible at a glance whatever the colour scale.
  if (state.paint.ringsChanged) drawRings(view, state.paint, view.overlayCtx, state.rings);
}

function legendHtml(state, view, types) {
  // One palette bar; each type's own rate at the ends and its limits as marks (codes are per type).
  view.legend.textContent = '';
  const bar = document.createElement('canvas');
  bar.width = 256; bar.height = 14; bar.className = 'dcr-legend-bar';
  const ctx = bar.getContext('2d');
  const img = ctx.createImageData(256, 14);
  const px = new Uint32Array(img.data.buffer);
  for (let y = 0; y < 14; y++) for (let c = 0; c < 256; c++) px[y * 256 + c] = state.palette[Math.max(1, c)];
  ctx.putImageData(img, 0, 0);
  const { colours: col, texts: tx } = state;
  for (const t of types) {
    const s = state.scales[t];
    for (const [k, color] of limitMarks(col)) {
      ctx.fillStyle = color;
      ctx.fillRect(encodeRate(s[k], s), 0, 2, 14);
    }
  }
  view.legend.append(bar);
  for (const t of types) {
    const s = state.scales[t];
    const line = document.createElement('div');
    line.textContent = legendLine(TYPE_CODES[t], s, tx);
    view.legend.append(line);
  }
  const key = document.createElement('div');
  key.className = 'dcr-key';
  // The colour is on a drawn swatch (ring or square, as on the map), the words stay in the legend's own
  // colour: coloured text would be unreadable on one of the two themes.
  for (const [mark, colour, text] of legendKey(col, tx)) {
    const item = document.createElement('span');
    item.className = 'dcr-key-item';
    const swatch = document.createElement('span');
    swatch.className = mark === '■' ? 'dcr-swatch dcr-swatch-fill' : 'dcr-swatch dcr-swatch-ring';
    swatch.style.setProperty('--swatch', colour);
    item.append(swatch, document.createTextNode(text));
    key.append(item);
  }
  view.legend.append(key);
}

/** Limit marks on the legend bar and histograms: [limit name, colour]. */
export function limitMarks(col) {
  return [['deadBelow', col.status[4]], ['low', col.limit], ['high', col.limit], ['hotAbove', col.status[5]]];
}

/** One type's scale line under a map, in the page's language. */
export function legendLine(code, s, tx) {
  return `${code}: ${formatRate(s.floor)} … ${formatRate(s.ceiling)} (${tx.log}) · ${tx.dead} ≤ ${formatRate(s.deadBelow)} · ${formatRate(s.low)}–${formatRate(s.high)} · ${tx.hot} > ${formatRate(s.hotAbove)}`;
}

/** The ring key under a map: [mark, colour, text] for dead, hot, flapping and stale. */
export function legendKey(col, tx) {
  return [['○', col.status[4], tx.dead], ['○', col.status[5], tx.hot], ['○', col.flapping, tx.flapping], ['■', col.stale, tx.staleNoData]];
}

function setupViews(state) {
  const { root, geo } = state;
  state.views = [];
  const W = 720, H = 360;
  const phiX = i => geo.phi[i] * W / 360, thetaY = i => geo.theta[i] * H / 180;
  const lpmtDiv = root.querySelector('[data-role=lpmt-map]');
  if (lpmtDiv && geo.largeCount > 0) {
    const v = makeCanvasView(state, lpmtDiv, W, H, Int32Array.from({ length: geo.largeCount }, (_, i) => i), phiX, thetaY, 4, state.labels.lpmtMap);
    v.types = [0, 1];
    state.views.push(v);
  }
  const spmtDiv = root.querySelector('[data-role=spmt-map]');
  if (spmtDiv && state.byType[2].length > 0) {
    const v = makeCanvasView(state, spmtDiv, W, H, state.byType[2], phiX, thetaY, 3, state.labels.spmtMap);
    v.types = [2];
    state.views.push(v);
  }
  const gridDiv = root.querySelector('[data-role=electronics]');
  if (gridDiv && state.smallGrid.gcus.length > 0) {
    const { gcus, width } = state.smallGrid;
    const row = new Map(gcus.map((g, r) => [g, r]));
    // Electronics view: one row per GCU, one column per GCU channel, 3 px cells.
    const v = makeCanvasView(state, gridDiv, width * 3, gcus.length * 3, state.byType[2], i => geo.gcuChannel[i] * 3 + 1, i => row.get(geo.gcu[i]) * 3 + 1, 3, state.labels.electronics);
    v.types = [2];
    state.views.push(v);
  }
  for (const v of state.views) legendHtml(state, v, v.types);
  state.histograms = [...root.querySelectorAll('[data-role=histogram]')].map(div => {
    div.textContent = '';
    const canvas = document.createElement('canvas');
    canvas.width = 300; canvas.height = 150; canvas.className = 'dcr-canvas';
    const caption = document.createElement('div');
    caption.className = 'dcr-view-title';
    div.append(caption, canvas);
    return { type: Number(div.dataset.type), canvas, ctx: canvas.getContext('2d'), caption, text: '' };
  });
}

function drawHistograms(state) {
  const { hist, counts } = state.paint;
  const { colours: col, texts: tx } = state;
  for (const h of state.histograms) {
    const t = h.type;
    if (state.byType[t].length === 0) continue;
    const s = state.scales[t];
    const ctx = h.ctx;
    const { width: w, height: ht } = h.canvas;
    const base = t << 8;
    ctx.clearRect(0, 0, w, ht);
    let max = 1;
    for (let c = 1; c < 256; c++) if (hist[base + c] > max) max = hist[base + c];
    const scaleY = (ht - 14) / Math.log10(max + 1);
    // Text in the theme's colour (the canvas inherits it from the page).
    const fg = getComputedStyle(h.canvas).color;
    // One path for all bars: one fill instead of 255.
    ctx.beginPath();
    for (let c = 1; c < 256; c++) {
      const n = hist[base + c];
      if (!n) continue;
      const bh = Math.log10(n + 1) * scaleY;
      ctx.rect((c - 1) * w / 255, ht - 12 - bh, Math.max(1, w / 255), bh);
    }
    ctx.fillStyle = col.bars;
    ctx.fill();
    for (const [k, color] of limitMarks(col)) {
      ctx.fillStyle = color;
      ctx.fillRect((encodeRate(s[k], s) - 1) * w / 255, 0, 1, ht - 12);
    }
    ctx.fillStyle = fg;
    ctx.font = '10px sans-serif';
    ctx.fillText(formatRate(s.floor), 0, ht - 1);
    ctx.fillText(formatRate(s.baseline), (encodeRate(s.baseline, s) - 1) * w / 255 - 15, ht - 1);
    ctx.fillText(formatRate(s.ceiling), w - 40, ht - 1);
    const k = t << 2;
    const text = `${TYPE_CODES[t]} · ${tx.dead} ${counts[k + COUNT_DEAD]} · ${tx.hot} ${counts[k + COUNT_HOT]} · ${tx.flapping} ${counts[k + COUNT_FLAPPING]} · ${tx.stale} ${counts[k + COUNT_STALE]} (${tx.logCountRate})`;
    // Text nodes are only touched when the text changed: a DOM write forces style and layout work.
    if (text !== h.text) { h.text = text; h.caption.textContent = text; }
  }
}

function render(state) {
  state.paint.update(state.codes, state.flags, state.palette, state.palette[0]);
  for (const v of state.views) drawView(state, v);
  state.paint.ringsChanged = false;
  drawHistograms(state);
}

/** Hover text of one channel, from the geometry and the frames seen by this page. */
export function describe(state, i) {
  const { geo, codes, flags, texts: tx } = state;
  const t = geo.type[i];
  const codec = state.scales[t];
  const rate = decodeRate(codes[i], codec);
  const median = decodeRate(medianCode(state.ring, state.ringFrames, geo.n, i), codec);
  const deviation = median > 0 && Number.isFinite(rate) ? (100 * (rate / median - 1)).toFixed(1) + ' %' : '—';
  const stale = (flags[i] & FLAG_STALE) !== 0;
  const age = formatAge(Date.now() - (stale ? state.lastFreshMs[i] : state.sourceMs));
  const status = tx.statuses[flags[i] & STATUS_MASK] + (stale ? ', ' + tx.stale : '') + (flags[i] & FLAG_FLAPPING ? ', ' + tx.flapping : '');
  return [
    `${tx.channel} ${geo.id[i]} (${TYPE_CODES[t]})`,
    `GCU ${geo.gcu[i]} ${tx.ch} ${geo.gcuChannel[i]}`,
    `θ ${geo.theta[i].toFixed(1)}°  φ ${geo.phi[i].toFixed(1)}°`,
    `${tx.rate} ${codes[i] === 1 ? '≤ ' + formatRate(codec.floor) : formatRate(rate)}`,
    `${tx.deviation} ${deviation}`,
    `${tx.age} ${age}`,
    `${tx.status} ${status}`,
  ];
}

function showTooltip(state, i, event) {
  const tip = state.tooltip;
  if (!tip || i < 0 || !state.codes) return;
  tip.textContent = '';
  for (const line of describe(state, i)) { const d = document.createElement('div'); d.textContent = line; tip.appendChild(d); }
  tip.dataset.channel = String(state.geo.id[i]);
  const box = state.root.getBoundingClientRect();
  tip.style.left = (event ? event.clientX - box.left + 12 : 10) + 'px';
  tip.style.top = (event ? event.clientY - box.top + 12 : 10) + 'px';
  tip.hidden = false;
}

function applyScales(state, scales) {
  const old = state.scales;
  state.scales = scales;
  // Codes kept for the median are in the old scale if a type's codec moved: start the median afresh.
  if (!old || scales.some((s, t) => s.floor !== old[t]?.floor || s.ceiling !== old[t]?.ceiling)) {
    state.ringFrames = 0;
    state.ringNext = 0;
  }
  for (const v of state.views) legendHtml(state, v, v.types);
}

/** New colour scales (limits and codecs per type); the frames that follow are written in them. */
export function setScales(handle, scales) {
  const state = views.get(handle);
  if (!state) return;
  applyScales(state, scales);
  if (state.codes) drawHistograms(state);
}

export function dispose(handle) {
  const state = views.get(handle);
  if (!state) return;
  views.delete(handle);
  state.root.querySelectorAll('[data-role]').forEach(div => { div.textContent = ''; });
}
