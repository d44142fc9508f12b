// Marker colours of the 3D SPMT map: one numeric scale, grey for no value and for stale channels.
import test from 'node:test';
import assert from 'node:assert';
import { colourValues, RATE_SCALE } from '../src/detector/spmt3d.js';
import { FLAG_STALE } from '../src/detector/dcr-frame.js';

test('rate colours are the codes, stale and missing channels sit on the grey band; status colours are the status', () => {
  const codes = Uint8Array.of(9, 0, 200, 150, 255);
  const flags = Uint8Array.of(1, 0, 1 | FLAG_STALE, 4, 5);
  const idx = [2, 3, 4, 1];
  const out = new Array(4);
  assert.strictEqual(colourValues(out, idx, codes, flags, 'rate'), out);
  assert.deepStrictEqual(out, [0, 150, 255, 0]);
  assert.deepStrictEqual(colourValues(out, idx, codes, flags, 'status'), [0, 4, 5, 0]);
  assert.deepStrictEqual(colourValues(out, idx, null, null, 'rate'), [0, 0, 0, 0]);
  // Code 0 (cmin 0, cmax 255) falls on grey, code 1 already on the first Viridis colour.
  const at = v => RATE_SCALE.filter(([x]) => x <= v / 255).at(-1)[1];
  assert.strictEqual(at(0), '#777');
  assert.strictEqual(at(1), '#440154');
  assert.strictEqual(RATE_SCALE.at(-1)[0], 1);
  for (let k = 1; k < RATE_SCALE.length; k++) assert.ok(RATE_SCALE[k][0] >= RATE_SCALE[k - 1][0]);
});
