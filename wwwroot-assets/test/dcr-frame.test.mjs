// The JS frame decoder against frames written by the C# encoder (fixtures checked by DcrFrameTests in C#).
import test from 'node:test';
import assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { decodeFrame, decodeRate, encodeRate, summarize, statusOf, KIND, FLAG_STALE, FLAG_FLAPPING } from '../src/detector/dcr-frame.js';

const fixture = name => readFileSync(new URL('./fixtures/' + name, import.meta.url));

test('full, sparse and dense frames from the C# encoder decode to the same codes', async () => {
  const full = await decodeFrame(fixture('frame-full.bin'));
  assert.strictEqual(full.kind, KIND.full);
  assert.strictEqual(full.sequence, 7);
  assert.strictEqual(full.count, 300);
  assert.strictEqual(full.sourceMs, 1_700_000_000_000);
  assert.strictEqual(full.sentMs, 1_700_000_000_250);
  for (let i = 0; i < 300; i++) assert.strictEqual(full.codes[i], i % 256);
  assert.strictEqual(statusOf(full.flags[3]), 'dead');
  assert.strictEqual(statusOf(full.flags[0]), 'ok');
  assert.strictEqual(statusOf(full.flags[299]), 'hot');
  assert.ok(full.flags[299] & FLAG_STALE);
  assert.ok(full.flags[299] & FLAG_FLAPPING);

  const sparse = await decodeFrame(fixture('frame-sparse.bin'), full.codes);
  assert.strictEqual(sparse.kind, KIND.sparse);
  assert.strictEqual(sparse.baseSequence, 7);
  assert.strictEqual(sparse.codes[10], 200);
  assert.strictEqual(sparse.codes[11], 11);

  const dense = await decodeFrame(fixture('frame-dense.bin'), sparse.codes);
  assert.strictEqual(dense.kind, KIND.dense);
  assert.strictEqual(dense.codes[10], 201);
  assert.strictEqual(dense.codes[255], 0);
  assert.strictEqual(dense.codes[0], 1);
});

test('a delta frame without its base is refused, not misapplied', async () => {
  await assert.rejects(() => decodeFrame(fixture('frame-sparse.bin')), /base frame/);
  await assert.rejects(() => decodeFrame(new Uint8Array(10)), /not a DCR frame/);
});

test('rate codec matches the C# RateCodec at the ends and round-trips within 1.4 %', () => {
  const codec = { floor: 8, ceiling: 8000 };
  assert.ok(Number.isNaN(decodeRate(0, codec)));
  assert.strictEqual(decodeRate(1, codec), 0);
  assert.strictEqual(encodeRate(0, codec), 1);
  assert.strictEqual(encodeRate(1e6, codec), 255);
  for (let r = 8.5; r < 8000; r *= 1.05) {
    const back = decodeRate(encodeRate(r, codec), codec);
    assert.ok(Math.abs(back / r - 1) < 0.014, `${r} -> ${back}`);
  }
});

test('summaries count dead, hot, flapping and stale channels per type', () => {
  const codes = new Uint8Array([100, 1, 255, 100]);
  const flags = new Uint8Array([1, 4, 5 | FLAG_STALE, 1 | FLAG_FLAPPING]);
  const types = new Uint8Array([0, 0, 2, 2]);
  const { hist, counts } = summarize(codes, flags, types);
  assert.deepStrictEqual(counts[0], { dead: 1, hot: 0, flapping: 0, stale: 0 });
  assert.deepStrictEqual(counts[2], { dead: 0, hot: 1, flapping: 1, stale: 1 });
  assert.strictEqual(hist[2][100], 1);
  assert.strictEqual(hist[0][1], 1);
});

test('the inflater reads what node zlib writes at every level, stored blocks and growth included', async () => {
  const { deflateSync } = await import('node:zlib');
  const { Inflater } = await import('../src/detector/dcr-frame.js');
  const inflater = new Inflater(16);
  let seed = 12345;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
  const inputs = [
    new Uint8Array(0),
    Uint8Array.from({ length: 43_212 }, () => 150 + (rnd() & 7)),
    Uint8Array.from({ length: 100_000 }, () => rnd()),
    Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) & 0xff),
  ];
  for (const input of inputs) {
    for (const level of [0, 1, 6, 9]) {
      const z = deflateSync(input, { level });
      const length = inflater.inflate(z);
      assert.strictEqual(length, input.length, `level ${level}`);
      assert.ok(Buffer.from(inflater.out.subarray(0, length)).equals(Buffer.from(input)), `level ${level} differs`);
    }
  }
  const good = deflateSync(inputs[1]);
  // Cut short, the stream must fail one way or another, never return a short body as if whole.
  assert.throws(() => inflater.inflate(good.subarray(0, 40)));
  assert.throws(() => inflater.inflate(Uint8Array.of(1, 2, 3)), /not a zlib stream/);
});

test('FrameDecoder applies full, sparse and dense frames in place and refuses a delta on the wrong base', async () => {
  const { FrameDecoder } = await import('../src/detector/dcr-frame.js');
  const d = new FrameDecoder();
  assert.strictEqual(d.apply(fixture('frame-sparse.bin')), false, 'a delta before any full frame is refused');
  assert.ok(d.apply(fixture('frame-full.bin')));
  const codes = d.codes;
  assert.strictEqual(d.sequence, 7);
  assert.strictEqual(d.sourceMs, 1_700_000_000_000);
  assert.ok(d.apply(fixture('frame-sparse.bin')));
  assert.strictEqual(d.codes, codes, 'same buffer, updated in place');
  assert.strictEqual(codes[10], 200);
  assert.ok(d.apply(fixture('frame-dense.bin')));
  assert.strictEqual(codes[10], 201);
  assert.strictEqual(codes[0], 1);
  // The dense frame's base is the sparse one; applied again on top of itself it must be refused untouched.
  const before = Uint8Array.from(codes);
  assert.strictEqual(d.apply(fixture('frame-dense.bin')), false);
  assert.deepStrictEqual(codes, before);
  // A corrupt frame leaves the decoder wanting a full frame.
  const bad = Uint8Array.from(fixture('frame-full.bin'));
  bad.fill(0xff, 34);
  assert.throws(() => d.apply(bad));
  assert.strictEqual(d.apply(fixture('frame-sparse.bin')), false);
  assert.ok(d.apply(fixture('frame-full.bin')));
});
