// The 3D SPMT map's pure parts: colour indices and palettes, camera matrix, projection and picking.
import test from 'node:test';
import assert from 'node:assert';
import { colourIndices, paletteRgba, cameraMatrix, projectPoint, pickPoint, eyeOf, CAMERAS, wireLines } from '../src/detector/spmt3d.js';
import { FLAG_STALE } from '../src/detector/dcr-frame.js';
import { palette } from '../src/detector/dcr-heatmap.js';
import { readFileSync } from 'node:fs';

// The colours the server sends (DcrPalette.ModuleColours; a C# test keeps this file equal to it).
const colours = JSON.parse(readFileSync(new URL('./fixtures/dcr-palette.json', import.meta.url), 'utf8'));

test('colour indices are the codes (rate) or the status; stale and missing channels take index 0 (grey)', () => {
  const codes = Uint8Array.of(9, 0, 200, 150, 255);
  const flags = Uint8Array.of(1, 0, 1 | FLAG_STALE, 4, 5);
  const idx = Int32Array.of(2, 3, 4, 1, 0);
  const out = new Uint8Array(5);
  assert.strictEqual(colourIndices(out, idx, codes, flags, 'rate'), out);
  assert.deepStrictEqual([...out], [0, 150, 255, 0, 9]);
  assert.deepStrictEqual([...colourIndices(out, idx, codes, flags, 'status')], [0, 4, 5, 0, 1]);
  assert.deepStrictEqual([...colourIndices(out, idx, null, null, 'rate')], [0, 0, 0, 0, 0]);
});

test('palettes: rate = the 2D maps\' Viridis with the no-data grey at 0; status = the server\'s status colours', () => {
  const rate = paletteRgba('rate', colours);
  assert.strictEqual(rate.length, 1024);
  const rgba = k => [...rate.subarray(4 * k, 4 * k + 4)];
  assert.deepStrictEqual(rgba(0), [110, 110, 110, 255]);
  assert.deepStrictEqual(rgba(1), [68, 1, 84, 255]);
  assert.deepStrictEqual(rgba(255), [253, 231, 37, 255]);
  const p = palette(colours.stale);
  assert.deepStrictEqual(rgba(128), [p[128] & 255, (p[128] >> 8) & 255, (p[128] >> 16) & 255, 255]);
  const status = paletteRgba('status', colours);
  const s = k => [...status.subarray(4 * k, 4 * k + 3)];
  assert.deepStrictEqual(s(0), [110, 110, 110]);
  assert.deepStrictEqual(s(1), [46, 125, 50]);
  assert.deepStrictEqual(s(4), [0, 229, 255]);
  assert.deepStrictEqual(s(5), [255, 32, 32]);
  assert.deepStrictEqual(s(200), [110, 110, 110]);
});

test('the camera looks at the centre: the nearest point of the sphere is in the middle, closer than the far one', () => {
  const w = 800, h = 600;
  for (const name of Object.keys(CAMERAS)) {
    const cam = CAMERAS[name], e = eyeOf(cam), d = Math.hypot(...e);
    const m = cameraMatrix(cam, w / h);
    const near = Float32Array.of(e[0] / d, e[1] / d, e[2] / d, -e[0] / d, -e[1] / d, -e[2] / d);
    const a = projectPoint(m, near, 0, w, h), b = projectPoint(m, near, 1, w, h);
    assert.ok(Math.abs(a.x - w / 2) < 0.5 && Math.abs(a.y - h / 2) < 0.5, `${name}: ${a.x},${a.y}`);
    assert.ok(Math.abs(b.x - w / 2) < 0.5 && Math.abs(b.y - h / 2) < 0.5);
    assert.ok(a.depth < b.depth && a.depth > -1 && b.depth < 1, `${name}: depths ${a.depth} ${b.depth}`);
  }
  // Top view: +y up on the screen, +x to the right.
  const m = cameraMatrix(CAMERAS.top, 1);
  const p = Float32Array.of(0, 0.5, 0.8, 0.5, 0, 0.8);
  assert.ok(projectPoint(m, p, 0, 100, 100).y < 50);
  assert.ok(projectPoint(m, p, 1, 100, 100).x > 50);
  // Side view from +x: +z up, +y to the right.
  const s = cameraMatrix(CAMERAS.side, 1);
  const q = Float32Array.of(0.8, 0, 0.5, 0.8, 0.5, 0);
  assert.ok(projectPoint(s, q, 0, 100, 100).y < 50);
  assert.ok(projectPoint(s, q, 1, 100, 100).x > 50);
});

test('picking takes the front-most point within the radius; a point behind the sphere is never picked', () => {
  const w = 800, h = 600, cam = CAMERAS.side, eye = eyeOf(cam), m = cameraMatrix(cam, w / h);
  // 0: back of the sphere, 1: front, both on the axis through the middle of the view; 2: front, off to the side.
  const pos = Float32Array.of(-1, 0, 0, 1, 0, 0, 0.8, 0.6, 0);
  const front = projectPoint(m, pos, 1, w, h), side = projectPoint(m, pos, 2, w, h);
  assert.strictEqual(pickPoint(m, pos, 3, w, h, front.x + 3, front.y - 2, 6, eye), 1);
  assert.strictEqual(pickPoint(m, pos, 3, w, h, side.x, side.y, 6, eye), 2);
  assert.strictEqual(pickPoint(m, pos, 3, w, h, side.x + 7, side.y, 6, eye), -1);
  // The back point alone (listed first, or alone) is hidden by the sphere.
  assert.strictEqual(pickPoint(m, pos, 1, w, h, front.x, front.y, 6, eye), -1);
  // Two front points in one spot: the nearer wins, whatever their order.
  const pair = Float32Array.of(0.9, 0, 0, 1, 0, 0);
  const at = projectPoint(m, pair, 1, w, h);
  assert.strictEqual(pickPoint(m, pair, 2, w, h, at.x, at.y, 6, eye), 1);
});

test('the wire is the equator and 12 meridians on the unit sphere', () => {
  const wire = wireLines(72);
  assert.strictEqual(wire.length / 3, 2 * (72 + 12 * 36));
  for (let k = 0; k < wire.length; k += 3) assert.ok(Math.abs(Math.hypot(wire[k], wire[k + 1], wire[k + 2]) - 1) < 1e-5);
});
