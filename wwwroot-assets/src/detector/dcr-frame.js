// Decoder of the binary DCR frames (C#: OnlineConsole.Core.Detector.DcrFrameCodec, which documents the layout)
// and the one-byte rate codec (C#: RateCodec). Pure functions: no DOM, tested with node --test.

export const HEADER_SIZE = 32;
export const KIND = { full: 0, dense: 1, sparse: 2 };
export const STATUS = ['missing', 'ok', 'low', 'high', 'dead', 'hot'];
export const FLAG_STALE = 0x08;
export const FLAG_FLAPPING = 0x10;
export const STATUS_MASK = 0x07;
export const STATUS_OK = 1;
const STEPS = 253;

async function inflate(bytes) {
  // The body is zlib ('deflate' in the Compression Streams API), which browsers and node both read natively.
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function readVarint(body, at) {
  let result = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (at.pos >= body.length) throw new Error('truncated varint');
    const b = body[at.pos++];
    result |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result >>> 0;
  }
  throw new Error('varint too long');
}

/**
 * Decodes one frame. `baseCodes` (Uint8Array) is needed for delta kinds and must be the codes of the frame whose
 * sequence is the header's base sequence. Returns { kind, sequence, baseSequence, count, sourceMs, sentMs,
 * codes (Uint8Array, one per channel), flags (Uint8Array, one per channel: status bits 0-2, stale, flapping) }.
 */
export async function decodeFrame(data, baseCodes) {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.length < HEADER_SIZE || bytes[0] !== 0xdc || bytes[1] !== 1) throw new Error('not a DCR frame');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = bytes[2];
  const sequence = view.getUint32(4, true);
  const baseSequence = view.getUint32(8, true);
  const count = view.getUint32(12, true);
  const sourceMs = view.getFloat64(16, true);
  const sentMs = view.getFloat64(24, true);
  const body = await inflate(bytes.subarray(HEADER_SIZE));
  const at = { pos: 0 };
  let codes;
  if (kind === KIND.full) {
    codes = body.slice(0, count);
    at.pos = count;
  } else {
    if (!baseCodes || baseCodes.length !== count) throw new Error('delta frame without its base frame');
    if (kind === KIND.dense) {
      codes = new Uint8Array(count);
      for (let i = 0; i < count; i++) codes[i] = (baseCodes[i] + body[i]) & 0xff;
      at.pos = count;
    } else if (kind === KIND.sparse) {
      codes = baseCodes.slice();
      const n = readVarint(body, at);
      let index = -1;
      for (let k = 0; k < n; k++) {
        index += 1 + readVarint(body, at);
        if (index >= count) throw new Error('sparse entry out of range');
        codes[index] = body[at.pos++];
      }
    } else {
      throw new Error('unknown frame kind ' + kind);
    }
  }
  const flags = new Uint8Array(count).fill(STATUS_OK);
  const exceptions = readVarint(body, at);
  let index = -1;
  for (let k = 0; k < exceptions; k++) {
    index += 1 + readVarint(body, at);
    if (index >= count) throw new Error('exception entry out of range');
    flags[index] = body[at.pos++];
  }
  return { kind, sequence, baseSequence, count, sourceMs, sentMs, codes, flags };
}

/** Rate in Hz of a code under a type's codec { floor, ceiling }: NaN = no value, 0 = at or below the floor. */
export function decodeRate(code, codec) {
  if (code === 0) return NaN;
  if (code === 1) return 0;
  if (code === 255) return codec.ceiling;
  return codec.floor * Math.pow(codec.ceiling / codec.floor, (code - 2) / STEPS);
}

/** The code of a rate (inverse of decodeRate; used to place limits on the colour scale). */
export function encodeRate(rate, codec) {
  if (Number.isNaN(rate)) return 0;
  if (rate <= codec.floor) return 1;
  if (rate >= codec.ceiling) return 255;
  const x = Math.log(rate / codec.floor) / Math.log(codec.ceiling / codec.floor);
  return Math.min(255, Math.max(2, 2 + Math.round(x * STEPS)));
}

export function statusOf(flags) {
  return STATUS[flags & STATUS_MASK] ?? 'missing';
}

/**
 * Per-type counts of dead / hot / flapping / stale channels and a histogram of codes, from one decoded frame.
 * `types` is a Uint8Array of PMT types per channel.
 */
export function summarize(codes, flags, types, typeCount = 3) {
  const hist = Array.from({ length: typeCount }, () => new Uint32Array(256));
  const counts = Array.from({ length: typeCount }, () => ({ dead: 0, hot: 0, flapping: 0, stale: 0 }));
  for (let i = 0; i < codes.length; i++) {
    const t = types[i];
    hist[t][codes[i]]++;
    const f = flags[i];
    if (f === STATUS_OK) continue;
    const s = f & STATUS_MASK;
    if (s === 4) counts[t].dead++;
    else if (s === 5) counts[t].hot++;
    if (f & FLAG_FLAPPING) counts[t].flapping++;
    if (f & FLAG_STALE) counts[t].stale++;
  }
  return { hist, counts };
}
