// 3D map of the SPMT on the sphere (Plotly scatter3d, WebGL): coloured by DCR or status, camera presets, one GCU
// highlighted, click -> GCU panel on the server. Geometry comes once from /api/detector/geometry.bin; colours from
// the same binary frames as the heatmaps (full frames, a few times a minute: a 3D view is for looking around,
// and a WebGL redraw of 25,600 points is far heavier than the 2D maps').
import { decodeFrame, FLAG_STALE, STATUS_MASK } from './dcr-frame.js';
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

export async function create(root, dotnet, options) {
  const Plotly = await ensurePlotly();
  const response = await fetch(options.geometryUrl, { cache: 'force-cache' });
  if (!response.ok) throw new Error('geometry: HTTP ' + response.status);
  const geo = parseGeometry(await response.arrayBuffer());
  const idx = [];
  for (let i = 0; i < geo.n; i++) if (geo.type[i] === 2) idx.push(i);
  const handle = nextHandle++;
  const state = { root, dotnet, Plotly, geo, idx, codes: null, flags: null, colorBy: 'rate', gcu: null, camera: 'iso', div: root.querySelector('[data-role=plot3d]') };
  views.set(handle, state);
  draw(state);
  state.div.on('plotly_click', e => {
    const p = e.points?.[0];
    if (!p) return;
    const i = p.data.meta?.[p.pointNumber];
    if (i !== undefined) dotnet.invokeMethodAsync('OnGcuClicked', geo.gcu[i]);
  });
  return handle;
}

function traces(state) {
  const { geo, idx, codes, flags } = state;
  const pick = a => idx.map(i => a[i]);
  const color = idx.map(i => {
    if (!codes) return 0;
    if (state.colorBy === 'status') return (flags[i] & FLAG_STALE) ? 0 : (flags[i] & STATUS_MASK);
    return (flags[i] & FLAG_STALE) || codes[i] === 0 ? null : codes[i];
  });
  const hover = idx.map(i => `ch ${geo.id[i]} · GCU ${geo.gcu[i]}/${geo.gcuChannel[i]}`);
  const main = {
    type: 'scatter3d', mode: 'markers', x: pick(geo.x), y: pick(geo.y), z: pick(geo.z), meta: idx, text: hover, hoverinfo: 'text',
    marker: state.colorBy === 'status'
      ? { size: 2, color, cmin: 0, cmax: 5, colorscale: STATUS_SCALE }
      : { size: 2, color, cmin: 1, cmax: 255, colorscale: 'Viridis' },
  };
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
  state.Plotly.react(state.div, data, layout, { displaylogo: false, responsive: true });
  state.root.dataset.points = String(data[0].x.length);
  state.root.dataset.highlighted = String(data[1]?.x.length ?? 0);
  state.root.dataset.gcu = state.gcu === null ? '' : String(state.gcu);
}

/** Applies a full frame (the 3D view is sent full frames only) and redraws. */
export async function pushFrame(handle, bytes) {
  const state = views.get(handle);
  if (!state) return false;
  const frame = await decodeFrame(bytes, null);
  state.codes = frame.codes;
  state.flags = frame.flags;
  draw(state);
  state.root.dataset.sequence = String(frame.sequence);
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
