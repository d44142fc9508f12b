// Per-frame CPU time of the DCR views at JUNO size (17,612 LPMT + 25,600 SPMT), in node: decode + the JS side of
// drawing (pixels, histograms, ring paths). Canvas calls go to a stub, so the browser's own putImageData and
// stroke time come on top (measured in the page: window.dcrViews.stats.render).
// Compares the previous per-frame work (async DecompressionStream decode into new arrays, every pixel of the three
// pick buffers, one path per ring, histograms rebuilt in new arrays) with the current one.
// Run: node perf/dcr-render-bench.mjs
import { deflateSync } from 'node:zlib';
import { FrameDecoder, summarize, FLAG_STALE, STATUS_MASK, STATUS_OK, FLAG_FLAPPING } from '../src/detector/dcr-frame.js';
import { PaintState, makeLayer, paintLayer, drawRings, buildPick } from '../src/detector/dcr-paint.js';

const LARGE = 17_612, SMALL = 25_600, N = LARGE + SMALL;
const types = new Uint8Array(N), phi = new Float32Array(N), theta = new Float32Array(N), gcu = new Int32Array(N), gch = new Int32Array(N);
for (let i = 0; i < N; i++) {
  const k = i < LARGE ? i : i - LARGE, m = i < LARGE ? LARGE : SMALL;
  types[i] = i < LARGE ? (i % 3 === 0 ? 0 : 1) : 2;
  theta[i] = Math.acos(1 - 2 * (k + 0.5) / m) * 180 / Math.PI;
  phi[i] = (k * 137.508) % 360;
  gcu[i] = i < LARGE ? -1 : Math.floor(k / 128); gch[i] = k % 128;
}
const range = (a, b) => Int32Array.from({ length: b - a }, (_, k) => a + k);
const specs = [
  [720, 360, range(0, LARGE), i => phi[i] * 2, i => theta[i] * 2, 4],
  [720, 360, range(LARGE, N), i => phi[i] * 2, i => theta[i] * 2, 3],
  [384, 600, range(LARGE, N), i => gch[i] * 3 + 1, i => gcu[i] * 3 + 1, 3],
];

// Frames in the C# layout (DcrFrameCodec).
function varints(values) { const out = []; for (let v of values) { while (v >= 0x80) { out.push((v & 0x7f) | 0x80); v >>>= 7; } out.push(v); } return out; }
function frame(kind, seq, base, body, flags) {
  const ex = []; let last = -1, count = 0;
  for (let i = 0; i < N; i++) if (flags[i] !== 1) { ex.push(...varints([i - last - 1]), flags[i]); last = i; count++; }
  const z = deflateSync(Buffer.concat([Buffer.from(body), Buffer.from(varints([count])), Buffer.from(ex)]), { level: 1 });
  const h = Buffer.alloc(32); h[0] = 0xdc; h[1] = 1; h[2] = kind;
  h.writeUInt32LE(seq, 4); h.writeUInt32LE(base, 8); h.writeUInt32LE(N, 12); h.writeDoubleLE(Date.now(), 16); h.writeDoubleLE(Date.now(), 24);
  return new Uint8Array(Buffer.concat([h, z]));
}
let seed = 1;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / (1 << 24);
function frames(count, share) {
  const out = []; let codes = Uint8Array.from({ length: N }, () => 140 + Math.floor(rnd() * 40));
  const flags = new Uint8Array(N).fill(1);
  for (let k = 0; k < 40; k++) flags[Math.floor(rnd() * N)] = 4;
  for (let k = 0; k < 40; k++) flags[Math.floor(rnd() * N)] = 5;
  out.push(frame(0, 0, 0, codes, flags));
  for (let s = 1; s <= count; s++) {
    const next = Uint8Array.from(codes);
    for (let i = 0; i < N; i++) if (share >= 1 || rnd() < share) next[i] = 140 + Math.floor(rnd() * 40) + (share >= 1 ? 1 : 0);
    if (share >= 1) out.push(frame(0, s, 0, next, flags));
    else { const diff = next.map((c, i) => (c - codes[i]) & 0xff); out.push(frame(1, s, s - 1, diff, flags)); }
    codes = next;
  }
  return out;
}
const stub = new Proxy({}, { get: () => () => {}, set: () => true });
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const palette = Uint32Array.from({ length: 256 }, (_, c) => (0xff000000 | c * 0x010101) >>> 0), GREY = 0xff6e6e6e;

async function legacy(list) {
  const picks = specs.map(([w, h, idx, x, y, size]) => ({ pick: buildPick(w, h, idx, x, y, size), pixels: new Uint32Array(w * h), idx }));
  let codes = null; const times = [];
  for (const bytes of list) {
    const t0 = performance.now();
    const body = new Uint8Array(await new Response(new Blob([bytes.subarray(32)]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer());
    let next;
    if (bytes[2] === 0) next = body.slice(0, N); else { next = new Uint8Array(N); for (let i = 0; i < N; i++) next[i] = (codes[i] + body[i]) & 0xff; }
    const flags = new Uint8Array(N).fill(1);
    codes = next;
    for (const v of picks) {
      for (let p = 0; p < v.pick.length; p++) { const i = v.pick[p]; v.pixels[p] = i < 0 ? 0 : (flags[i] & FLAG_STALE) ? GREY : palette[codes[i]]; }
      for (const i of v.idx) { const f = flags[i]; if (f === STATUS_OK) continue; const s = f & STATUS_MASK; if (s === 4 || s === 5 || (f & FLAG_FLAPPING)) { stub.beginPath(); stub.arc(); stub.stroke(); } }
    }
    summarize(codes, flags, types);
    times.push(performance.now() - t0);
  }
  return times;
}

function current(list) {
  const layers = specs.map(([w, h, idx, x, y, size]) => makeLayer(w, h, idx, x, y, size, N));
  const decoder = new FrameDecoder(), paint = new PaintState(types), ring = new Uint8Array(60 * N), fresh = new Float64Array(N);
  const times = []; let slot = 0;
  for (const bytes of list) {
    const t0 = performance.now();
    if (!decoder.apply(bytes)) throw new Error('refused');
    const { codes, flags } = decoder;
    ring.set(codes, slot * N); slot = (slot + 1) % 60;
    for (let i = 0; i < N; i++) if (!(flags[i] & FLAG_STALE) && codes[i] !== 0) fresh[i] = decoder.sourceMs;
    paint.update(codes, flags, palette, GREY);
    for (const l of layers) { paintLayer(l, paint); if (paint.ringsChanged) drawRings(l, paint, stub); }
    paint.ringsChanged = false;
    for (let t = 0; t < 3; t++) for (let c = 1; c < 256; c++) if (paint.hist[(t << 8) | c]) stub.rect();
    times.push(performance.now() - t0);
  }
  return times;
}

for (const [name, share] of [['30 % of codes changed (dense delta)', 0.3], ['full frame, every code changed', 1]]) {
  const list = frames(300, share);
  // The first 50 frames warm the JIT up and are not counted.
  const old = (await legacy(list)).slice(50), now = current(list).slice(50);
  const f = a => `p50 ${pct(a, 0.5).toFixed(2)} ms  p99 ${pct(a, 0.99).toFixed(2)} ms  max ${Math.max(...a).toFixed(2)} ms`;
  console.log(`${name} (${list[1].length} bytes):\n  previous: ${f(old)}\n  current:  ${f(now)}`);
}
