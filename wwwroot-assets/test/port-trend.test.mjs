// Unit tests of the port trend figure (node --test).
import test from 'node:test';
import assert from 'node:assert';
import { trendFigure } from '../src/port-trend.js';

const texts = { in: 'In', out: 'Out', errors: 'Errors/s', discards: 'Discards/s' };

test('rates go on the left axis, errors and discards on the right, gaps stay gaps', () => {
  const { traces, layout } = trendFigure({ t: [0, 60000, 120000], in: [1e9, null, 2e9], out: [5e8, null, 1e9], err: [0, null, 3], disc: [0, null, 0] }, texts);
  assert.deepStrictEqual(traces.map(t => [t.name, t.yaxis]), [['In', 'y'], ['Out', 'y'], ['Errors/s', 'y2'], ['Discards/s', 'y2']]);
  assert.strictEqual(traces[0].x.length, 3);
  assert.strictEqual(traces[0].y[1], null);
  assert.strictEqual(traces[0].connectgaps, false);
  assert.strictEqual(layout.yaxis2.overlaying, 'y');
  assert.ok(traces[0].x[1] instanceof Date);
});
