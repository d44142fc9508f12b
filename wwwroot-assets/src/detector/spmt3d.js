// 3D map of the SPMT on the sphere: a small WebGL1 renderer of our own, coloured by DCR or status, camera presets
// and mouse orbit/zoom, one GCU highlighted, hover tooltip, click -> GCU panel on the server. Geometry comes once
// from /api/detector/geometry.bin; colours from the same binary frames as the heatmaps (full + deltas, 1 Hz).
//
// Why not Plotly scatter3d: without a GPU (software GL in headless Chromium) each Plotly.restyle of 25,600 markers
// took ~300 ms and five pages kept two cores busy. Here positions are uploaded once; a frame writes one byte per
// point (the frame's rate code, or the status) with bufferSubData, and the fragment shader looks the colour up in
// a 256x1 palette texture (the 2D maps' Viridis + grey). Picking is done on the CPU: the points are projected with
// the current matrix and the front-most one within a few pixels of the mouse is taken.
import { FrameDecoder, decodeRate, FLAG_STALE, STATUS_MASK } from './dcr-frame.js';
import { parseGeometry, palette, packHex, formatRate } from './dcr-heatmap.js';

const views = new Map();
let nextHandle = 1;

const HALF_PI = Math.PI / 2;
const FOV = 45 * Math.PI / 180;
/** Camera presets: yaw (around z, from +x), pitch (from the equator) and distance in sphere radii. */
export const CAMERAS = {
  iso: { yaw: Math.PI / 4, pitch: Math.atan2(1, Math.hypot(1.5, 1.5)), dist: 3.2 },
  // Top and bottom keep +y up on the screen (yaw chosen so the z-up orbit camera turns that way).
  top: { yaw: -HALF_PI, pitch: HALF_PI - 1e-3, dist: 3.2 },
  bottom: { yaw: HALF_PI, pitch: -HALF_PI + 1e-3, dist: 3.2 },
  side: { yaw: 0, pitch: 0, dist: 3.2 },
};
export const PICK_RADIUS_PX = 6;

/**
 * 256 RGBA entries for a colour mode: 'rate' = codes on Viridis (0 = no data), 'status' = status codes in the
 * server's status colours (the GCU panel's, DcrPalette.Status; no data for the rest). `colours` is what the page sends.
 */
export function paletteRgba(mode, colours) {
  if (mode === 'status') {
    const words = new Uint32Array(256).fill(packHex(colours.status[0]));
    colours.status.forEach((hex, c) => { words[c] = packHex(hex); });
    return new Uint8Array(words.buffer);
  }
  // palette() packs RGBA little-endian into Uint32, so its bytes are already R, G, B, A.
  return new Uint8Array(palette(colours.stale).buffer);
}

/** Colour index per point (`idx` into the frame) for one colour mode, written into `out` (Uint8Array). */
export function colourIndices(out, idx, codes, flags, mode) {
  if (!codes) return out.fill(0);
  const status = mode === 'status';
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k], f = flags[i];
    out[k] = (f & FLAG_STALE) ? 0 : status ? (f & STATUS_MASK) : codes[i];
  }
  return out;
}

/** Eye position (sphere radii) of an orbit camera { yaw, pitch, dist } around the centre, z up. */
export function eyeOf(cam) {
  const c = Math.cos(cam.pitch);
  return [cam.dist * c * Math.cos(cam.yaw), cam.dist * c * Math.sin(cam.yaw), cam.dist * Math.sin(cam.pitch)];
}

/** Projection x view matrix (column-major Float32Array(16)) of an orbit camera for a viewport aspect w/h. */
export function cameraMatrix(cam, aspect) {
  const e = eyeOf(cam);
  // View: look at the origin, z up.
  let fx = -e[0], fy = -e[1], fz = -e[2];
  let l = Math.hypot(fx, fy, fz); fx /= l; fy /= l; fz /= l;
  let sx = fy * 1 - fz * 0, sy = fz * 0 - fx * 1, sz = fx * 0 - fy * 0; // f x up(0,0,1)
  l = Math.hypot(sx, sy, sz) || 1; sx /= l; sy /= l; sz /= l;
  const ux = sy * fz - sz * fy, uy = sz * fx - sx * fz, uz = sx * fy - sy * fx;
  const view = [sx, ux, -fx, 0, sy, uy, -fy, 0, sz, uz, -fz, 0,
    -(sx * e[0] + sy * e[1] + sz * e[2]), -(ux * e[0] + uy * e[1] + uz * e[2]), fx * e[0] + fy * e[1] + fz * e[2], 1];
  const near = Math.max(0.01, cam.dist - 1.5), far = cam.dist + 1.5;
  const t = 1 / Math.tan(FOV / 2);
  const proj = [t / aspect, 0, 0, 0, 0, t, 0, 0, 0, 0, (far + near) / (near - far), -1, 0, 0, 2 * far * near / (near - far), 0];
  const m = new Float32Array(16);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += proj[k * 4 + r] * view[c * 4 + k];
    m[c * 4 + r] = s;
  }
  return m;
}

/** Pixel position { x, y, depth } (origin top left) of point `k` of `pos` (xyz triples), or null if behind. */
export function projectPoint(m, pos, k, w, h) {
  const x = pos[3 * k], y = pos[3 * k + 1], z = pos[3 * k + 2];
  const cw = m[3] * x + m[7] * y + m[11] * z + m[15];
  if (cw <= 0) return null;
  return {
    x: (1 + (m[0] * x + m[4] * y + m[8] * z + m[12]) / cw) * 0.5 * w,
    y: (1 - (m[1] * x + m[5] * y + m[9] * z + m[13]) / cw) * 0.5 * h,
    depth: (m[2] * x + m[6] * y + m[10] * z + m[14]) / cw,
  };
}

/**
 * The front-most point within `radius` px of (px, py), or -1. Points on the far side of the sphere (their normal,
 * the position itself, turned away from the eye) are hidden by the near side and never picked while the eye is
 * outside the sphere.
 */
export function pickPoint(m, pos, n, w, h, px, py, radius, eye) {
  const outside = Math.hypot(eye[0], eye[1], eye[2]) > 1;
  const r2 = radius * radius;
  let best = -1, bestDepth = Infinity;
  for (let k = 0; k < n; k++) {
    const x = pos[3 * k], y = pos[3 * k + 1], z = pos[3 * k + 2];
    const cw = m[3] * x + m[7] * y + m[11] * z + m[15];
    if (cw <= 0) continue;
    const sx = (1 + (m[0] * x + m[4] * y + m[8] * z + m[12]) / cw) * 0.5 * w - px;
    const sy = (1 - (m[1] * x + m[5] * y + m[9] * z + m[13]) / cw) * 0.5 * h - py;
    if (sx * sx + sy * sy > r2) continue;
    if (outside && x * (eye[0] - x) + y * (eye[1] - y) + z * (eye[2] - z) < 0) continue;
    const depth = (m[2] * x + m[6] * y + m[10] * z + m[14]) / cw;
    if (depth < bestDepth) { bestDepth = depth; best = k; }
  }
  return best;
}

/** Line strips on the unit sphere: the equator and 12 meridians, as one LINES list (xyz pairs). */
export function wireLines(segments = 72) {
  const lines = [];
  const seg = (a, b) => lines.push(...a, ...b);
  for (let k = 0; k < segments; k++) {
    const a = 2 * Math.PI * k / segments, b = 2 * Math.PI * (k + 1) / segments;
    seg([Math.cos(a), Math.sin(a), 0], [Math.cos(b), Math.sin(b), 0]);
  }
  for (let m = 0; m < 12; m++) {
    const p = Math.PI * m / 6;
    for (let k = 0; k < segments / 2; k++) {
      const a = Math.PI * k / (segments / 2) - HALF_PI, b = Math.PI * (k + 1) / (segments / 2) - HALF_PI;
      seg([Math.cos(a) * Math.cos(p), Math.cos(a) * Math.sin(p), Math.sin(a)], [Math.cos(b) * Math.cos(p), Math.cos(b) * Math.sin(p), Math.sin(b)]);
    }
  }
  return Float32Array.from(lines);
}

const POINT_VS = `
attribute vec3 aPos; attribute float aCode; attribute float aHi;
uniform mat4 uM; uniform float uSize; uniform float uHiSize;
varying float vCode; varying float vHi;
void main() {
  gl_Position = uM * vec4(aPos, 1.0);
  gl_PointSize = aHi > 0.5 ? uHiSize : uSize;
  vCode = aCode; vHi = aHi;
}`;
const POINT_FS = `
precision mediump float;
uniform sampler2D uPal; uniform float uDim; uniform vec3 uBg;
varying float vCode; varying float vHi;
void main() {
  vec2 d = gl_PointCoord - vec2(0.5);
  if (dot(d, d) > 0.25) discard;
  vec3 c = texture2D(uPal, vec2((vCode + 0.5) / 256.0, 0.5)).rgb;
  // With a GCU highlighted, every other point fades towards the background.
  if (uDim > 0.5 && vHi < 0.5) c = mix(c, uBg, 0.75);
  gl_FragColor = vec4(c, 1.0);
}`;
const WIRE_VS = `attribute vec3 aPos; uniform mat4 uM; void main() { gl_Position = uM * vec4(aPos * 0.995, 1.0); }`;
const WIRE_FS = `precision mediump float; uniform vec4 uColour; void main() { gl_FragColor = uColour; }`;

function compile(gl, vs, fs) {
  const program = gl.createProgram();
  for (const [type, src] of [[gl.VERTEX_SHADER, vs], [gl.FRAGMENT_SHADER, fs]]) {
    const s = gl.createShader(type);
    gl.shaderSource(s, src);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error('spmt3d shader: ' + gl.getShaderInfoLog(s));
    gl.attachShader(program, s);
  }
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error('spmt3d program: ' + gl.getProgramInfoLog(program));
  const loc = name => gl.getUniformLocation(program, name);
  return { program, loc, attr: name => gl.getAttribLocation(program, name) };
}

function dark() { return document.body.classList.contains('theme-dark'); }

export async function create(root, dotnet, options) {
  const response = await fetch(options.geometryUrl, { cache: 'force-cache' });
  if (!response.ok) throw new Error('geometry: HTTP ' + response.status);
  const geo = parseGeometry(await response.arrayBuffer());
  const list = [];
  for (let i = 0; i < geo.n; i++) if (geo.type[i] === 2) list.push(i);
  const idx = Int32Array.from(list), n = idx.length;
  // Positions in sphere radii (the largest SPMT radius), so the camera works in units of 1.
  let radius = 0;
  for (const i of idx) radius = Math.max(radius, Math.hypot(geo.x[i], geo.y[i], geo.z[i]));
  const pos = new Float32Array(3 * n);
  for (let k = 0; k < n; k++) {
    const i = idx[k];
    pos[3 * k] = geo.x[i] / radius; pos[3 * k + 1] = geo.y[i] / radius; pos[3 * k + 2] = geo.z[i] / radius;
  }
  const handle = nextHandle++;
  const host = root.querySelector('[data-role=plot3d]');
  const state = {
    handle, root, dotnet, geo, idx, n, pos, host, codec: options.codec ?? null, texts: options.texts, colours: options.colours,
    codes: null, flags: null, colorBy: 'rate', gcu: null, camera: 'iso', cam: { ...CAMERAS.iso },
    decoder: new FrameDecoder(), colour: new Uint8Array(n), hi: new Uint8Array(n), highlighted: 0,
    matrix: null, width: 0, height: 0, pending: 0, drawnCount: 0, draws: 0, finish: false,
    tooltip: root.querySelector('[data-role=tooltip]'), gl: null,
    stats: { frames: 0, render: [], freshness: [], sequences: [] },
  };
  views.set(handle, state);
  // The same shape as the DCR heatmaps' stats, so one benchmark reads both pages.
  window.dcrViews = window.dcrViews ?? {};
  window.dcrViews.stats = state.stats;
  window.dcrViews.spmt3d = state;
  root.dataset.points = '0';
  root.dataset.highlighted = '0';
  root.dataset.gcu = '';

  const canvas = document.createElement('canvas');
  canvas.className = 'spmt3d-canvas';
  host.textContent = '';
  host.append(canvas);
  state.canvas = canvas;
  const gl = canvas.getContext('webgl', { antialias: false, alpha: true, premultipliedAlpha: true, depth: true });
  if (!gl) {
    // Not an error of the page: tell the operator why there is no map, the rest of the page works.
    canvas.remove();
    const note = document.createElement('div');
    note.className = 'spmt3d-nogl error-text';
    note.dataset.testid = 'spmt3d-nogl';
    note.textContent = state.texts.noWebGl;
    host.append(note);
    root.dataset.webgl = 'false';
    return handle;
  }
  root.dataset.webgl = 'true';
  state.gl = gl;
  setupGl(state);
  setupInput(state);
  state.resize = new ResizeObserver(() => schedule(state));
  state.resize.observe(host);
  draw(state);
  return handle;
}

function setupGl(state) {
  const { gl, n } = state;
  state.points = compile(gl, POINT_VS, POINT_FS);
  state.wire = compile(gl, WIRE_VS, WIRE_FS);
  const buffer = (data, usage) => { const b = gl.createBuffer(); gl.bindBuffer(gl.ARRAY_BUFFER, b); gl.bufferData(gl.ARRAY_BUFFER, data, usage); return b; };
  state.posBuffer = buffer(state.pos, gl.STATIC_DRAW);
  state.colourBuffer = buffer(state.colour, gl.DYNAMIC_DRAW);
  state.hiBuffer = buffer(state.hi, gl.DYNAMIC_DRAW);
  const wire = wireLines();
  state.wireBuffer = buffer(wire, gl.STATIC_DRAW);
  state.wireCount = wire.length / 3;
  state.palette = gl.createTexture();
  gl.bindTexture(gl.TEXTURE_2D, state.palette);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
  uploadPalette(state);
  gl.enable(gl.DEPTH_TEST);
  state.drawnCount = n;
}

function uploadPalette(state) {
  const { gl } = state;
  gl.bindTexture(gl.TEXTURE_2D, state.palette);
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, 256, 1, 0, gl.RGBA, gl.UNSIGNED_BYTE, paletteRgba(state.colorBy, state.colours));
}

/** Canvas size follows its box (device pixels, at most 2 per CSS pixel); returns true if it changed. */
function fit(state) {
  const { canvas, host } = state;
  const ratio = Math.min(2, window.devicePixelRatio || 1);
  const w = Math.max(1, Math.round(host.clientWidth * ratio)), h = Math.max(1, Math.round(host.clientHeight * ratio));
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  state.width = host.clientWidth; state.height = host.clientHeight;
  state.matrix = cameraMatrix(state.cam, Math.max(1, state.width) / Math.max(1, state.height));
}

/** One draw of the points and the wire; synchronous (the GPU, or software GL, may finish it later). */
function draw(state) {
  const { gl } = state;
  if (!gl) return;
  if (state.pending) { cancelAnimationFrame(state.pending); state.pending = 0; }
  fit(state);
  gl.viewport(0, 0, state.canvas.width, state.canvas.height);
  gl.clearColor(0, 0, 0, 0);
  gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
  const ratio = state.canvas.width / Math.max(1, state.width);
  const bg = dark() ? [0.12, 0.12, 0.13] : [1, 1, 1];

  const w = state.wire;
  gl.useProgram(w.program);
  gl.uniformMatrix4fv(w.loc('uM'), false, state.matrix);
  gl.uniform4fv(w.loc('uColour'), dark() ? [0.3, 0.3, 0.34, 1] : [0.82, 0.82, 0.86, 1]);
  gl.bindBuffer(gl.ARRAY_BUFFER, state.wireBuffer);
  const wp = w.attr('aPos');
  gl.enableVertexAttribArray(wp);
  gl.vertexAttribPointer(wp, 3, gl.FLOAT, false, 0, 0);
  gl.drawArrays(gl.LINES, 0, state.wireCount);

  const p = state.points;
  gl.useProgram(p.program);
  gl.uniformMatrix4fv(p.loc('uM'), false, state.matrix);
  // Point size grows a little when zoomed in, so neighbours stay apart on screen.
  const size = Math.max(2, Math.min(8, 3.2 * 3.2 / state.cam.dist)) * ratio;
  gl.uniform1f(p.loc('uSize'), size);
  gl.uniform1f(p.loc('uHiSize'), size * 2.2);
  gl.uniform1f(p.loc('uDim'), state.highlighted > 0 ? 1 : 0);
  gl.uniform3fv(p.loc('uBg'), bg);
  gl.activeTexture(gl.TEXTURE0);
  gl.bindTexture(gl.TEXTURE_2D, state.palette);
  gl.uniform1i(p.loc('uPal'), 0);
  const attr = (name, buf, size, type) => {
    const a = p.attr(name);
    gl.bindBuffer(gl.ARRAY_BUFFER, buf);
    gl.enableVertexAttribArray(a);
    gl.vertexAttribPointer(a, size, type, false, 0, 0);
  };
  attr('aPos', state.posBuffer, 3, gl.FLOAT);
  attr('aCode', state.colourBuffer, 1, gl.UNSIGNED_BYTE);
  attr('aHi', state.hiBuffer, 1, gl.UNSIGNED_BYTE);
  gl.drawArrays(gl.POINTS, 0, state.n);
  if (state.finish) gl.finish();
  state.draws++;
  state.drawnCount = state.n;
  state.root.dataset.points = String(state.n);
}

/** Redraw on the next animation frame (camera, highlight, colour mode, resize); several changes, one draw. */
function schedule(state) {
  if (!state.gl || state.pending) return;
  state.pending = requestAnimationFrame(() => { state.pending = 0; draw(state); });
}

function setupInput(state) {
  const { canvas } = state;
  let drag = null;
  canvas.addEventListener('pointerdown', e => {
    drag = { x: e.clientX, y: e.clientY, moved: false };
    canvas.setPointerCapture?.(e.pointerId);
  });
  canvas.addEventListener('pointermove', e => {
    if (drag && (e.buttons & 1)) {
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 3) return;
      drag.moved = true;
      drag.x = e.clientX; drag.y = e.clientY;
      const c = state.cam;
      c.yaw -= dx * 0.008;
      c.pitch = Math.max(-HALF_PI + 1e-3, Math.min(HALF_PI - 1e-3, c.pitch + dy * 0.008));
      if (state.tooltip) state.tooltip.hidden = true;
      schedule(state);
      return;
    }
    hover(state, e);
  });
  canvas.addEventListener('pointerup', () => { setTimeout(() => { drag = null; }, 0); });
  canvas.addEventListener('pointerleave', () => { if (state.tooltip) state.tooltip.hidden = true; });
  canvas.addEventListener('click', e => {
    if (drag?.moved) return;
    const k = pickAt(state, e);
    if (k >= 0) state.dotnet.invokeMethodAsync('OnGcuClicked', state.geo.gcu[state.idx[k]]);
  });
  canvas.addEventListener('wheel', e => {
    e.preventDefault();
    state.cam.dist = Math.max(1.15, Math.min(8, state.cam.dist * Math.exp(e.deltaY * 0.001)));
    schedule(state);
  }, { passive: false });
}

function pickAt(state, e) {
  if (!state.matrix) return -1;
  const r = state.canvas.getBoundingClientRect();
  return pickPoint(state.matrix, state.pos, state.n, r.width, r.height, e.clientX - r.left, e.clientY - r.top, PICK_RADIUS_PX, eyeOf(state.cam));
}

/** Hover lines of point k: channel, GCU / channel, rate, status. */
export function describe(state, k) {
  const { geo, codes, flags, texts: tx } = state, i = state.idx[k];
  const lines = [`${tx.channel} ${geo.id[i]}`, `GCU ${geo.gcu[i]} / ${geo.gcuChannel[i]}`];
  if (codes) {
    const code = codes[i], f = flags[i];
    const rate = state.codec ? (code === 1 ? '≤ ' + formatRate(state.codec.floor) : formatRate(decodeRate(code, state.codec))) : String(code);
    lines.push(`${tx.rate} ${rate}`);
    const status = tx.statuses[f & STATUS_MASK] ?? tx.statuses[0];
    lines.push(`${tx.status} ${status}${f & FLAG_STALE ? ' · ' + tx.stale : ''}`);
  }
  return lines;
}

function hover(state, e) {
  const tip = state.tooltip;
  if (!tip) return;
  const k = pickAt(state, e);
  if (k < 0) { tip.hidden = true; return; }
  tip.textContent = '';
  for (const line of describe(state, k)) { const d = document.createElement('div'); d.textContent = line; tip.appendChild(d); }
  tip.dataset.channel = String(state.geo.id[state.idx[k]]);
  const box = state.root.getBoundingClientRect();
  tip.style.left = (e.clientX - box.left + 12) + 'px';
  tip.style.top = (e.clientY - box.top + 12) + 'px';
  tip.hidden = false;
}

function recolour(state) {
  colourIndices(state.colour, state.idx, state.codes, state.flags, state.colorBy);
  const { gl } = state;
  gl.bindBuffer(gl.ARRAY_BUFFER, state.colourBuffer);
  gl.bufferSubData(gl.ARRAY_BUFFER, 0, state.colour);
}

/**
 * Applies a frame (full, or a delta on the frame held), writes the colour indices and draws at once. Returns false
 * when a delta does not fit (the server then sends a full frame). `codec` ({ floor, ceiling } of the SPMT), when
 * given, is the scale the frame's codes are written in (for the hover's rate).
 *
 * The render time recorded is the JS time of decode + colour indices + upload + draw calls. WebGL may run the draw
 * asynchronously (in Chromium the GPU process rasterises after the call returns), so this is the page's own cost,
 * not the time until pixels are on screen; setTiming(handle, { finish: true }) adds gl.finish() to measure that.
 */
export async function pushFrame(handle, bytes, codec) {
  const state = views.get(handle);
  if (!state) return false;
  const t0 = performance.now();
  if (codec) state.codec = codec;
  const d = state.decoder;
  try {
    if (!d.apply(bytes)) return false;
  } catch {
    return false;
  }
  if (d.count !== state.geo.n) return false;
  state.codes = d.codes;
  state.flags = d.flags;
  if (state.gl) {
    recolour(state);
    draw(state);
  }
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

/** Viewport coordinates { x, y } (as MouseEvent.clientX/Y) where point `k` (0..n-1 of the SPMT) is drawn, or null. */
export function project(handle, k) {
  const state = views.get(handle);
  if (!state?.gl) return null;
  fit(state);
  const r = state.canvas.getBoundingClientRect();
  const p = projectPoint(state.matrix, state.pos, k, r.width, r.height);
  return p && { x: r.left + p.x, y: r.top + p.y, depth: p.depth };
}

/** Index (0..n-1) of the point a mouse at viewport (x, y) picks, or -1 (tests). */
export function pickAtClient(handle, x, y) {
  const state = views.get(handle);
  return state?.gl ? pickAt(state, { clientX: x, clientY: y }) : -1;
}

/** Draws now and counts the pixels that are not background (tests: the points are really on the canvas). */
export function countDrawnPixels(handle) {
  const state = views.get(handle);
  if (!state?.gl) return 0;
  draw(state);
  const { gl, canvas } = state;
  const px = new Uint8Array(canvas.width * canvas.height * 4);
  gl.readPixels(0, 0, canvas.width, canvas.height, gl.RGBA, gl.UNSIGNED_BYTE, px);
  let count = 0;
  for (let k = 3; k < px.length; k += 4) if (px[k] !== 0) count++;
  return count;
}

/** RGBA of the canvas pixel under viewport (x, y), drawn now (tests). */
export function readPixel(handle, x, y) {
  const state = views.get(handle);
  if (!state?.gl) return null;
  draw(state);
  const { gl, canvas } = state;
  const r = canvas.getBoundingClientRect();
  const px = Math.floor((x - r.left) * canvas.width / r.width), py = canvas.height - 1 - Math.floor((y - r.top) * canvas.height / r.height);
  const out = new Uint8Array(4);
  gl.readPixels(px, py, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, out);
  return Array.from(out);
}

/** { finish }: true adds gl.finish() to every draw, so render times include the rasterisation (measurements). */
export function setTiming(handle, options) {
  const state = views.get(handle);
  if (state) state.finish = !!options?.finish;
}

export function setCamera(handle, name) {
  const state = views.get(handle);
  if (!state || !CAMERAS[name]) return;
  state.camera = name;
  state.cam = { ...CAMERAS[name] };
  state.root.dataset.camera = name;
  schedule(state);
}

export function setColorBy(handle, mode) {
  const state = views.get(handle);
  if (!state) return;
  state.colorBy = mode === 'status' ? 'status' : 'rate';
  if (!state.gl) return;
  uploadPalette(state);
  recolour(state);
  schedule(state);
}

export function highlightGcu(handle, gcu) {
  const state = views.get(handle);
  if (!state) return;
  state.gcu = gcu === null || gcu === undefined || gcu < 0 ? null : gcu;
  let count = 0;
  for (let k = 0; k < state.n; k++) {
    const on = state.gcu !== null && state.geo.gcu[state.idx[k]] === state.gcu;
    state.hi[k] = on ? 1 : 0;
    if (on) count++;
  }
  state.highlighted = count;
  state.root.dataset.highlighted = String(count);
  state.root.dataset.gcu = state.gcu === null ? '' : String(state.gcu);
  if (!state.gl) return;
  const { gl } = state;
  gl.bindBuffer(gl.ARRAY_BUFFER, state.hiBuffer);
  gl.bufferSubData(gl.ARRAY_BUFFER, 0, state.hi);
  schedule(state);
}

export function dispose(handle) {
  const state = views.get(handle);
  if (!state) return;
  views.delete(handle);
  if (state.pending) cancelAnimationFrame(state.pending);
  state.resize?.disconnect();
  state.gl?.getExtension('WEBGL_lose_context')?.loseContext();
  state.host.textContent = '';
}
