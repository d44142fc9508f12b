// Unit tests of the annunciator's "new activation" decision (node --test).
import test from 'node:test';
import assert from 'node:assert';
import { createState, decide, toneFor, mayPlay } from '../src/alarms/annunciator-core.js';

const a = (activation, severity) => ({ activation, severity });

test('what already stands when the page opens does not sound', () => {
  const s = createState();
  assert.strictEqual(decide(s, [a(7, 'critical'), a(9, 'major')]), null);
  assert.strictEqual(decide(s, [a(7, 'critical'), a(9, 'major')]), null);
});

test('a new critical or major activation sounds once; minor and warning never', () => {
  const s = createState();
  decide(s, [a(1, 'major')]);
  assert.strictEqual(decide(s, [a(1, 'major'), a(2, 'minor'), a(3, 'warning')]), null);
  assert.strictEqual(decide(s, [a(1, 'major'), a(4, 'major')]), 'major');
  assert.strictEqual(decide(s, [a(1, 'major'), a(4, 'major')]), null);
  // The loudest of several new ones.
  assert.strictEqual(decide(s, [a(5, 'major'), a(6, 'critical'), a(8, 'minor')]), 'critical');
});

test('a re-activation or escalation is a new number and sounds again; a cleared one coming back with its old number does not', () => {
  const s = createState();
  decide(s, []);
  assert.strictEqual(decide(s, [a(10, 'major')]), 'major');
  assert.strictEqual(decide(s, []), null);
  assert.strictEqual(decide(s, [a(10, 'major')]), null);
  assert.strictEqual(decide(s, [a(11, 'critical')]), 'critical');
});

test('after a reload, activations newer than any this browser saw sound at once', () => {
  const s = createState(20);
  assert.strictEqual(decide(s, [a(18, 'critical'), a(21, 'major')]), 'major');
  assert.strictEqual(s.highest, 21);
  assert.strictEqual(decide(createState(30), [a(18, 'critical'), a(21, 'major')]), null);
});

test('memory is bounded', () => {
  const s = createState();
  decide(s, Array.from({ length: 20 }, (_, i) => a(i, 'minor')), 10);
  assert.strictEqual(s.seen.size, 10);
  assert.ok(!s.seen.has(0) && s.seen.has(19));
});

test('tones: three high beeps for critical, two lower for major, at most one sound every 3 s', () => {
  assert.deepStrictEqual(toneFor('critical').map(b => b[0]), [880, 880, 880]);
  assert.deepStrictEqual(toneFor('major').map(b => b[0]), [660, 660]);
  assert.ok(mayPlay(null, 0));
  assert.ok(!mayPlay(1000, 3999));
  assert.ok(mayPlay(1000, 4000));
});
