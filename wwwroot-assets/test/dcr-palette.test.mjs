// One definition of state colours and legend texts: the server's (DcrPalette). The modules take them from their
// create options; these tests fail when a module defines a colour of its own or draws a key not from them.
import test from 'node:test';
import assert from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { legendKey, legendLine, limitMarks, packHex, palette } from '../src/detector/dcr-heatmap.js';
import { ringColours } from '../src/detector/dcr-paint.js';
import { paletteRgba } from '../src/detector/spmt3d.js';

const colours = JSON.parse(readFileSync(new URL('./fixtures/dcr-palette.json', import.meta.url), 'utf8'));
const dir = new URL('../src/detector/', import.meta.url);

test('no detector module defines a colour literal of its own', () => {
  for (const name of readdirSync(dir).filter(f => f.endsWith('.js'))) {
    const code = readFileSync(new URL(name, dir), 'utf8').replace(/\/\/.*$/gm, '');
    const found = code.match(/['"`]#[0-9a-fA-F]{3,8}['"`]|rgba?\(\s*\d/g);
    assert.strictEqual(found, null, `${name} defines ${found}`);
  }
});

test('rings, limit marks, the key and the 3D status palette use the server\'s colours', () => {
  assert.deepStrictEqual(ringColours(colours), [null, colours.status[4], colours.status[5], colours.flapping]);
  assert.deepStrictEqual(limitMarks(colours).map(m => m[1]), [colours.status[4], colours.limit, colours.limit, colours.status[5]]);
  const tx = { dead: '死道', hot: '热道', flapping: '抖动', staleNoData: '过期 / 无数据', log: '对数' };
  assert.deepStrictEqual(legendKey(colours, tx), [['○', colours.status[4], '死道'], ['○', colours.status[5], '热道'], ['○', colours.flapping, '抖动'], ['■', colours.stale, '过期 / 无数据']]);
  assert.match(legendLine('SPMT', { floor: 10, ceiling: 1e5, deadBelow: 50, low: 300, high: 3000, hotAbove: 1e4 }, tx), /^SPMT: 10 Hz … 100 kHz \(对数\) · 死道 ≤ 50 Hz · 300 Hz–3\.0 kHz · 热道 > 10\.0 kHz$/);
  const status = new Uint32Array(paletteRgba('status', colours).buffer);
  colours.status.forEach((hex, c) => assert.strictEqual(status[c], packHex(hex), `status ${c}`));
  assert.strictEqual(palette(colours.stale)[0], packHex(colours.stale));
});
