// Unit tests of the page script's pure helpers (node --test).
const test = require('node:test');
const assert = require('node:assert');

global.window = {};
global.document = { readyState: 'loading', addEventListener() {} };
require('../src/app.js');
const { formatDuration, formatClock } = global.window.onlineConsole;

test('durations read naturally at every scale', () => {
  assert.strictEqual(formatDuration(0), '0 s');
  assert.strictEqual(formatDuration(59_999), '59 s');
  assert.strictEqual(formatDuration(61_000), '1m 01s');
  assert.strictEqual(formatDuration(3_723_000), '1h 02m 03s');
  assert.strictEqual(formatDuration(2 * 86_400_000 + 3_600_000), '2d 01h');
  assert.strictEqual(formatDuration(-5), '0 s');
});

test('site clock is 8 hours ahead of UTC in Beijing', () => {
  const t = new Date(Date.UTC(2026, 10, 21, 20, 30, 5));
  assert.strictEqual(formatClock('UTC', t), '2026-11-21 20:30:05');
  assert.strictEqual(formatClock('Asia/Shanghai', t), '2026-11-22 04:30:05');
});
