// 3D map of the SPMT on the sphere (Plotly scatter3d, WebGL): coloured by DCR or status, camera presets, one GCU
// highlighted, click -> GCU panel on the server. Geometry comes once from /api/detector/geometry.bin; colours from
// the same binary frames as the heatmaps (full frames, a few times a minute: a 3D view is for looking around,
// and a WebGL redraw of 25,600 points is far heavier than the 2D maps').
//
// Per frame only the marker colours change: Plotly.restyle of marker.color on the main trace, from one of two
// arrays kept for the page (a new reference each frame, so Plotly sees a change; no new array per frame).
// Camera, colour mode and GCU highlight changes are rare and go through Plotly.react.
import { FrameDecoder, FLAG_STALE, STATUS_MASK } from './dcr-frame.js';
import { ensurePlotly, parseGeometry } from './dcr-heatmap.js';

const views = new Map();
let nextHandle = 1;

export const CAMERAS = {
  iso: { eye: { x: 1.5, y: 1.5, z: 1.0 } },
  top: { eye: { x: 0, y: 0, z: 2.4 }, up: { x: 0, y: 1, z: 0 } },
  bottom: { eye: { x: 0, y: 0, z: -2.4 }, up: { x: 0, y: 1, z: 0 } },
  side: { eye: { x: 2.4, y: 0, z: 0 } },
};

// Status colours: missing, ok, low, high, dead, hot, stale.
const STATUS_SCALE = [[0, '#777'], [0.166, '#777'], [0.167, '#2e7d32'], [0.333, '#2e7d32'], [0.334, '#1e88e5'], [0.5, '#1e88e5'],
  [0.501, '#fbc02d'], [0.666, '#fbc02d'], [0.667, '#00e5ff'], [0.833, '#00e5ff'], [0.834, '#ff1744'], [1, '#ff1744']];

// Rate colours: codes 1..255 on Viridis, code 0 (no value, or stale) grey, on one numeric scale (cmin 0, cmax 255),
// so a frame is one array of numbers.
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];
export const RATE_SCALE = [[0, '#777'], [0.5 / 255, '#777'], ...VIRIDIS.map((c, k) => [1 / 255 + k * (254 / 255) / (VIRIDIS.length - 1), c])];

/** Marker colour values of the SPMT (`idx` into the frame) for one colour mode, written into `out`. */
export function colourValues(out, idx, codes, flags, mode) {
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    if (!codes) { out[k] = 0; continue; }
    const f = flags[i];
    out[k] = mode === 'status' ? ((f & FLAG_STALE) ? 0 : (f & STATUS_MASK)) : ((f & FLAG_STALE) ? 0 : codes[i]);
  }
  return out;
}

export async function create(root, dotnet, options) {
  const Plotly = await ensurePlotly();
  const response = await fetch(options.geometryUrl, { cache: 'force-cache' });
  if (!response.ok) throw new Error('geometry: HTTP ' + response.status);
  const geo = parseGeometry(await response.arrayBuffer());
  const idx = [];
  for (let i = 0; i < geo.n; i++) if (geo.type[i] === 2) idx.push(i);
  const handle = nextHandle++;
  const state = {
    root, dotnet, Plotly, geo, idx, codes: null, flags: null, colorBy: 'rate', gcu: null, camera: 'iso', div: root.querySelector('[data-role=plot3d]'),
    decoder: new FrameDecoder(), colours: [new Array(idx.length).fill(0), new Array(idx.length).fill(0)], colourIndex: 0,
    x: idx.map(i => geo.x[i]), y: idx.map(i => geo.y[i]), z: idx.map(i => geo.z[i]), text: idx.map(i => `ch ${geo.id[i]} · GCU ${geo.gcu[i]}/${geo.gcuChannel[i]}`),
    stats: { frames: 0, render: [], freshness: [], sequences: [] },
  };
  views.set(handle, state);
  // The same shape as the DCR heatmaps' stats, so one benchmark reads both pages.
  window.dcrViews = window.dcrViews ?? {};
  window.dcrViews.stats = state.stats;
  window.dcrViews.spmt3d = state;
  draw(state);
  state.div.on('plotly_click', e => {
    const p = e.points?.[0];
    if (!p) return;
    const i = p.data.meta?.[p.pointNumber];
    if (i !== undefined) dotnet.invokeMethodAsync('OnGcuClicked', geo.gcu[i]);
  });
  return handle;
}

/** Fills the array Plotly does not hold now (so it sees a new reference) and returns it. */
function currentColours(state) {
  state.colourIndex ^= 1;
  return colourValues(state.colours[state.colourIndex], state.idx, state.codes, state.flags, state.colorBy);
}

function marker(state, color) {
  return state.colorBy === 'status'
    ? { size: 2, color, cmin: 0, cmax: 5, colorscale: STATUS_SCALE }
    : { size: 2, color, cmin: 0, cmax: 255, colorscale: RATE_SCALE };
}

function traces(state) {
  const { geo, idx } = state;
  const main = { type: 'scatter3d', mode: 'markers', x: state.x, y: state.y, z: state.z, meta: idx, text: state.text, hoverinfo: 'text', marker: marker(state, currentColours(state)) };
  const data = [main];
  if (state.gcu !== null) {
    const sel = idx.filter(i => geo.gcu[i] === state.gcu);
    data.push({ type: 'scatter3d', mode: 'markers', x: sel.map(i => geo.x[i]), y: sel.map(i => geo.y[i]), z: sel.map(i => geo.z[i]), meta: sel,
      text: sel.map(i => `GCU ${geo.gcu[i]} ch ${geo.gcuChannel[i]}`), hoverinfo: 'text', marker: { size: 5, color: '#ff4081' } });
  }
  return data;
}

function draw(state) {
  const dark = document.body.classList.contains('theme-dark');
  const axis = { visible: false };
  const layout = {
    paper_bgcolor: 'rgba(0,0,0,0)', font: { color: dark ? '#ddd' : '#222' }, margin: { l: 0, r: 0, t: 0, b: 0 }, showlegend: false,
    scene: { xaxis: axis, yaxis: axis, zaxis: axis, aspectmode: 'data', camera: CAMERAS[state.camera] }, uirevision: state.camera,
  };
  const data = traces(state);
  state.drawn = state.Plotly.react(state.div, data, layout, { displaylogo: false, responsive: true });
  state.root.dataset.points = String(data[0].x.length);
  state.root.dataset.highlighted = String(data[1]?.x.length ?? 0);
  state.root.dataset.gcu = state.gcu === null ? '' : String(state.gcu);
}

/**
 * Applies a frame (full, or a delta on the frame held) and recolours the markers in place. Returns false when a
 * delta does not fit. The render time recorded is decode + colour values + Plotly.restyle (which rebuilds the
 * WebGL colour buffer; the canvas itself is repainted by Plotly on its next animation frame).
 */
export async function pushFrame(handle, bytes) {
  const state = views.get(handle);
  if (!state) return false;
  const t0 = performance.now();
  const d = state.decoder;
  try {
    if (!d.apply(bytes)) return false;
  } catch {
    return false;
  }
  state.codes = d.codes;
  state.flags = d.flags;
  // A restyle must not overtake the plot being created or replaced by react.
  await state.drawn;
  await state.Plotly.restyle(state.div, { 'marker.color': [currentColours(state)] }, [0]);
  const t1 = performance.now();
  const s = state.stats;
  s.frames++;
  s.render.push(t1 - t0);
  s.freshness.push(performance.timeOrigin + t1 - d.sourceMs);
  s.sequences.push(d.sequence);
  if (s.render.length > 600) { s.render.shift(); s.freshness.shift(); s.sequences.shift(); }
  performance.mark('spmt3d-frame-drawn', { detail: { sequence: d.sequence, renderMs: t1 - t0, sourceMs: d.sourceMs } });
  state.root.dataset.sequence = String(d.sequence);
  return true;
}

export function setCamera(handle, name) {
  const state = views.get(handle);
  if (!state || !CAMERAS[name]) return;
  state.camera = name;
  draw(state);
}

export function setColorBy(handle, mode) {
  const state = views.get(handle);
  if (!state) return;
  state.colorBy = mode === 'status' ? 'status' : 'rate';
  draw(state);
}

export function highlightGcu(handle, gcu) {
  const state = views.get(handle);
  if (!state) return;
  state.gcu = gcu === null || gcu === undefined || gcu < 0 ? null : gcu;
  draw(state);
}

export function dispose(handle) {
  const state = views.get(handle);
  if (!state) return;
  views.delete(handle);
  state.Plotly.purge(state.div);
}
