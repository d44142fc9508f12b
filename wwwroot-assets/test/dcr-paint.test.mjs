// The incremental painter against the reference it replaced: every pixel repainted from the pick buffer.
import test from 'node:test';
import assert from 'node:assert';
import { PaintState, makeLayer, paintLayer, drawRings, ringColours, ringOf, RING_DEAD, RING_HOT, RING_FLAPPING } from '../src/detector/dcr-paint.js';
import { FLAG_STALE, FLAG_FLAPPING } from '../src/detector/dcr-frame.js';
import { readFileSync } from 'node:fs';

// The colours the server sends (DcrPalette.ModuleColours; a C# test keeps this file equal to it).
const colours = JSON.parse(readFileSync(new URL('./fixtures/dcr-palette.json', import.meta.url), 'utf8'));

const GREY = 0xff6e6e6e;
const palette = Uint32Array.from({ length: 256 }, (_, c) => c === 0 ? GREY : (0xff000000 | (c * 0x010203)) >>> 0);

function geometry(n) {
  // Fibonacci sphere: rings of different counts, as on the detector, so squares overlap and wrap at phi = 360.
  const phi = new Float32Array(n), theta = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const z = 1 - 2 * (i + 0.5) / n;
    theta[i] = Math.acos(z) * 180 / Math.PI;
    phi[i] = ((i * 137.508) % 360 + 360) % 360;
  }
  return { phi, theta };
}

function reference(layer, codes, flags) {
  const out = new Uint32Array(layer.w * layer.h);
  for (let p = 0; p < out.length; p++) {
    const i = layer.pick[p];
    out[p] = i < 0 ? 0 : (flags[i] & FLAG_STALE) ? GREY : palette[codes[i]];
  }
  return out;
}

function setup(n = 3000) {
  const { phi, theta } = geometry(n);
  const types = Uint8Array.from({ length: n }, (_, i) => i < n / 2 ? i % 2 : 2);
  const indices = Int32Array.from({ length: n }, (_, i) => i);
  const layer = makeLayer(360, 180, indices, i => phi[i], i => theta[i], 3, n);
  return { n, types, layer, paint: new PaintState(types) };
}

test('frames painted incrementally give the same pixels as a full repaint, writing only changed channels', () => {
  const { n, types, layer, paint } = setup();
  let seed = 7;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / (1 << 24);
  const codes = Uint8Array.from({ length: n }, () => 1 + Math.floor(rnd() * 254));
  const flags = new Uint8Array(n).fill(1);
  paint.update(codes, flags, palette, GREY);
  const all = paintLayer(layer, paint);
  assert.strictEqual(all, layer.px.length, 'the first frame paints every visible pixel');
  assert.deepStrictEqual(layer.pixels, reference(layer, codes, flags));
  for (let frame = 0; frame < 20; frame++) {
    const expectChanged = new Set();
    for (let i = 0; i < n; i++) {
      if (rnd() < 0.3) { const c = 1 + Math.floor(rnd() * 254); if (c !== codes[i]) expectChanged.add(i); codes[i] = c; }
      if (rnd() < 0.02) { const f = rnd() < 0.5 ? 1 | FLAG_STALE : 1; if ((f & FLAG_STALE) !== (flags[i] & FLAG_STALE) && !(codes[i] === 0)) expectChanged.add(i); flags[i] = f; }
    }
    const before = Uint32Array.from(layer.pixels);
    paint.update(codes, flags, palette, GREY);
    const written = paintLayer(layer, paint);
    assert.deepStrictEqual(layer.pixels, reference(layer, codes, flags), `frame ${frame}`);
    let expectedPixels = 0;
    for (let k = 0; k < paint.changedCount; k++) { const i = paint.changed[k]; expectedPixels += layer.start[i + 1] - layer.start[i]; }
    assert.strictEqual(written, expectedPixels);
    assert.ok(written < layer.px.length * 0.5, `only changed channels are written (${written} of ${layer.px.length})`);
    // Every pixel that differs from the previous frame lies inside the dirty rectangle.
    const d = layer.dirty;
    for (let p = 0; p < before.length; p++) {
      if (before[p] === layer.pixels[p]) continue;
      const x = p % layer.w, y = Math.floor(p / layer.w);
      assert.ok(x >= d.x && x < d.x + d.w && y >= d.y && y < d.y + d.h, `pixel ${x},${y} outside the dirty rectangle`);
    }
  }
  // A frame with nothing new writes nothing and puts nothing.
  paint.update(codes, flags, palette, GREY);
  assert.strictEqual(paintLayer(layer, paint), 0);
  assert.strictEqual(layer.dirty.w, 0);
});

test('rings are redrawn only when one comes or goes, one path per colour; counts and histograms follow the frame', () => {
  const { n, layer, paint } = setup(500);
  const codes = new Uint8Array(n).fill(100);
  const flags = new Uint8Array(n).fill(1);
  flags[3] = 4; flags[400] = 5 | FLAG_STALE; flags[401] = 1 | FLAG_FLAPPING;
  paint.update(codes, flags, palette, GREY);
  assert.ok(paint.ringsChanged);
  const calls = [];
  const ctx = new Proxy({}, { get: (_, name) => name === 'lineWidth' || name === 'strokeStyle' ? undefined : (...a) => calls.push(name), set: (_, name, v) => { calls.push(name + '=' + v); return true; } });
  assert.strictEqual(drawRings(layer, paint, ctx, ringColours(colours)), 3);
  assert.strictEqual(calls.filter(c => c === 'stroke').length, 3);
  assert.deepStrictEqual(calls.filter(c => c.startsWith('strokeStyle')), ['strokeStyle=#00e5ff', 'strokeStyle=#ff2020', 'strokeStyle=#ffa500']);
  assert.strictEqual(ringOf(flags[3]), RING_DEAD);
  assert.strictEqual(ringOf(flags[400]), RING_HOT);
  assert.strictEqual(ringOf(flags[401]), RING_FLAPPING);
  paint.ringsChanged = false;
  codes[10] = 120;
  paint.update(codes, flags, palette, GREY);
  assert.strictEqual(paint.ringsChanged, false, 'a new code alone does not redraw rings');
  flags[3] = 1;
  paint.update(codes, flags, palette, GREY);
  assert.strictEqual(paint.ringsChanged, true, 'a ring that went away does');
  assert.strictEqual(paint.counts[(0 << 2) + 0], 0, 'no dead LPMT left');
  assert.strictEqual(paint.counts[(2 << 2) + 1], 1, 'one hot SPMT');
  assert.strictEqual(paint.counts[(2 << 2) + 2], 1, 'one flapping SPMT');
  assert.strictEqual(paint.counts[(2 << 2) + 3], 1, 'one stale SPMT');
  assert.strictEqual(paint.hist[(0 << 8) + 120], 1);
});
