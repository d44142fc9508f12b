// Decoder of the binary DCR frames (C#: OnlineConsole.Core.Detector.DcrFrameCodec, which documents the layout)
// and the one-byte rate codec (C#: RateCodec). Pure functions and classes: no DOM, tested with node --test.
//
// Why a hand-written inflate instead of DecompressionStream: the stream is asynchronous (several task hops per
// frame, which under load are waited for longer than the work itself) and allocates a Blob, a Response and a new
// body per frame. FrameDecoder inflates synchronously into buffers it keeps and applies deltas in place, so the
// per-frame time of a page is decode + draw with no garbage beyond the frame bytes the interop hands over.

export const HEADER_SIZE = 32;
export const KIND = { full: 0, dense: 1, sparse: 2 };
export const STATUS = ['missing', 'ok', 'low', 'high', 'dead', 'hot'];
export const FLAG_STALE = 0x08;
export const FLAG_FLAPPING = 0x10;
export const STATUS_MASK = 0x07;
export const STATUS_OK = 1;
const STEPS = 253;

const LEN_BASE = Uint16Array.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258);
const LEN_EXTRA = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0);
const DIST_BASE = Uint16Array.of(1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577);
const DIST_EXTRA = Uint8Array.of(0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13);
const CL_ORDER = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);

/**
 * zlib (RFC 1950/1951) inflater with tables and output buffer kept between calls. `inflate` returns the output
 * length; the bytes are `out[0..length)` until the next call. The Adler-32 trailer is not checked (the frame
 * travelled over TLS/WebSocket, which already detect corruption).
 */
export class Inflater {
  constructor(capacity = 1 << 16) {
    this.out = new Uint8Array(capacity);
    // Lookup tables indexed by the next `bits` input bits: (symbol << 4) | code length; 0 = no such code.
    this.lit = new Int32Array(1 << 15); this.litBits = 0;
    this.dist = new Int32Array(1 << 15); this.distBits = 0;
    this.cl = new Int32Array(1 << 7); this.clBits = 0;
    this.fixedLit = new Int32Array(1 << 9); this.fixedDist = new Int32Array(1 << 5);
    this.lengths = new Uint8Array(320);
    this.count = new Uint16Array(16);
    this.next = new Uint16Array(16);
    const l = this.lengths;
    for (let i = 0; i < 288; i++) l[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
    this.build(this.fixedLit, l, 0, 288);
    for (let i = 0; i < 30; i++) l[i] = 5;
    this.build(this.fixedDist, l, 0, 30);
  }

  /** Canonical Huffman table of `n` code lengths at lengths[from..]; returns its index width in bits. */
  build(table, lengths, from, n) {
    const count = this.count, next = this.next;
    count.fill(0);
    for (let i = 0; i < n; i++) count[lengths[from + i]]++;
    count[0] = 0;
    let max = 0;
    for (let l = 1; l < 16; l++) if (count[l]) max = l;
    if (max === 0) return 0;
    let code = 0;
    for (let l = 1; l < 16; l++) { code = (code + count[l - 1]) << 1; next[l] = code; }
    const size = 1 << max;
    table.fill(0, 0, size);
    for (let sym = 0; sym < n; sym++) {
      const len = lengths[from + sym];
      if (!len) continue;
      let c = next[len]++, r = 0;
      for (let k = 0; k < len; k++) { r = (r << 1) | (c & 1); c >>= 1; }
      const entry = (sym << 4) | len;
      for (let k = r; k < size; k += 1 << len) table[k] = entry;
    }
    return max;
  }

  ensure(length) {
    if (length <= this.out.length) return;
    const grown = new Uint8Array(Math.max(length, this.out.length * 2));
    grown.set(this.out);
    this.out = grown;
  }

  inflate(src, start = 0, end = src.length) {
    if (end - start < 2 || (src[start] & 0x0f) !== 8 || ((src[start] << 8) | src[start + 1]) % 31 !== 0) throw new Error('not a zlib stream');
    if (src[start + 1] & 0x20) throw new Error('zlib preset dictionary not supported');
    let pos = start + 2, buf = 0, cnt = 0, o = 0;
    let out = this.out;
    // Input past the end reads as zero bits; more than 4 such bytes means a truncated stream.
    const refill = need => {
      while (cnt < need) {
        if (pos >= end + 4) throw new Error('truncated deflate stream');
        buf |= (pos < end ? src[pos] : 0) << cnt;
        pos++;
        cnt += 8;
      }
    };
    const bits = n => { refill(n); const v = buf & ((1 << n) - 1); buf >>>= n; cnt -= n; return v; };
    const symbol = (table, width) => {
      refill(width);
      const e = table[buf & ((1 << width) - 1)];
      const len = e & 15;
      if (len === 0) throw new Error('invalid Huffman code');
      buf >>>= len; cnt -= len;
      return e >> 4;
    };
    let last = 0;
    while (!last) {
      last = bits(1);
      const type = bits(2);
      if (type === 0) {
        // Stored: drop to a byte boundary and give back the whole bytes still in the bit buffer.
        buf >>>= cnt & 7; cnt -= cnt & 7;
        pos -= cnt >> 3; buf = 0; cnt = 0;
        if (pos + 4 > end) throw new Error('truncated stored block');
        const len = src[pos] | (src[pos + 1] << 8);
        if ((len ^ (src[pos + 2] | (src[pos + 3] << 8))) !== 0xffff) throw new Error('bad stored block length');
        pos += 4;
        if (pos + len > end) throw new Error('truncated stored block');
        if (o + len > out.length) { this.ensure(o + len); out = this.out; }
        out.set(src.subarray(pos, pos + len), o);
        o += len; pos += len;
        continue;
      }
      let lit, litBits, dist, distBits;
      if (type === 1) {
        lit = this.fixedLit; litBits = 9; dist = this.fixedDist; distBits = 5;
      } else if (type === 2) {
        const hlit = bits(5) + 257, hdist = bits(5) + 1, hclen = bits(4) + 4;
        const lengths = this.lengths;
        lengths.fill(0, 0, 19);
        for (let i = 0; i < hclen; i++) lengths[CL_ORDER[i]] = bits(3);
        this.clBits = this.build(this.cl, lengths, 0, 19);
        if (this.clBits === 0) throw new Error('empty code-length code');
        lengths.fill(0);
        for (let i = 0; i < hlit + hdist;) {
          const s = symbol(this.cl, this.clBits);
          if (s < 16) { lengths[i++] = s; continue; }
          let repeat, value = 0;
          if (s === 16) { if (i === 0) throw new Error('repeat without a length'); value = lengths[i - 1]; repeat = 3 + bits(2); }
          else if (s === 17) repeat = 3 + bits(3);
          else repeat = 11 + bits(7);
          if (i + repeat > hlit + hdist) throw new Error('code lengths overflow');
          while (repeat--) lengths[i++] = value;
        }
        this.litBits = this.build(this.lit, lengths, 0, hlit);
        // The distance lengths follow the literal/length ones; shift them to the table's start.
        lengths.copyWithin(0, hlit, hlit + hdist);
        lengths.fill(0, hdist, hlit + hdist);
        this.distBits = this.build(this.dist, lengths, 0, hdist);
        lit = this.lit; litBits = this.litBits; dist = this.dist; distBits = this.distBits;
        if (litBits === 0) throw new Error('empty literal code');
      } else {
        throw new Error('invalid deflate block type');
      }
      for (;;) {
        const s = symbol(lit, litBits);
        if (s < 256) {
          if (o >= out.length) { this.ensure(o + 1); out = this.out; }
          out[o++] = s;
          continue;
        }
        if (s === 256) break;
        const li = s - 257;
        if (li >= 29) throw new Error('invalid length symbol');
        const len = LEN_BASE[li] + bits(LEN_EXTRA[li]);
        if (distBits === 0) throw new Error('distance without a distance code');
        const di = symbol(dist, distBits);
        if (di >= 30) throw new Error('invalid distance symbol');
        const d = DIST_BASE[di] + bits(DIST_EXTRA[di]);
        if (d > o) throw new Error('distance before the start');
        if (o + len > out.length) { this.ensure(o + len); out = this.out; }
        for (let k = 0; k < len; k++, o++) out[o] = out[o - d];
      }
    }
    if (pos - (cnt >> 3) > end) throw new Error('truncated deflate stream');
    return o;
  }
}

function readVarint(body, at, end) {
  let result = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (at.pos >= end) throw new Error('truncated varint');
    const b = body[at.pos++];
    result |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result >>> 0;
  }
  throw new Error('varint too long');
}

const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
function u32(b, at) { return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0; }
function float64(b, at) { for (let k = 0; k < 8; k++) f64Bytes[k] = b[at + k]; return f64[0]; }

/**
 * The state of one page's frame stream: the codes and flags of the last frame applied, updated in place by the
 * next frame (full, or a delta against it). Buffers are allocated once per channel count.
 */
export class FrameDecoder {
  constructor() {
    this.inflater = new Inflater();
    this.at = { pos: 0 };
    this.codes = null;
    this.flags = null;
    this.kind = -1; this.sequence = -1; this.baseSequence = -1; this.count = 0; this.sourceMs = NaN; this.sentMs = NaN;
    this.valid = false;
  }

  /** Reads a header without applying the frame: { kind, sequence, baseSequence, count }. */
  static header(bytes) {
    if (bytes.length < HEADER_SIZE || bytes[0] !== 0xdc || bytes[1] !== 1) throw new Error('not a DCR frame');
    return { kind: bytes[2], sequence: u32(bytes, 4), baseSequence: u32(bytes, 8), count: u32(bytes, 12) };
  }

  /**
   * Applies one frame. Returns false, changing nothing, when a delta frame's base is not the frame held (the
   * server then sends a full one). Throws on a malformed frame, after which only a full frame is accepted.
   */
  apply(data) {
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    if (bytes.length < HEADER_SIZE || bytes[0] !== 0xdc || bytes[1] !== 1) throw new Error('not a DCR frame');
    const kind = bytes[2], sequence = u32(bytes, 4), baseSequence = u32(bytes, 8), count = u32(bytes, 12);
    if (kind !== KIND.full && (!this.valid || baseSequence !== this.sequence || count !== this.codes.length)) return false;
    this.valid = false;
    const length = this.inflater.inflate(bytes, HEADER_SIZE, bytes.length);
    const body = this.inflater.out;
    if (this.codes === null || this.codes.length !== count) { this.codes = new Uint8Array(count); this.flags = new Uint8Array(count); }
    const codes = this.codes, flags = this.flags, at = this.at;
    at.pos = 0;
    if (kind === KIND.full) {
      if (length < count) throw new Error('full frame body too short');
      for (let i = 0; i < count; i++) codes[i] = body[i];
      at.pos = count;
    } else if (kind === KIND.dense) {
      if (length < count) throw new Error('dense frame body too short');
      for (let i = 0; i < count; i++) codes[i] = codes[i] + body[i];
      at.pos = count;
    } else if (kind === KIND.sparse) {
      const n = readVarint(body, at, length);
      let index = -1;
      for (let k = 0; k < n; k++) {
        index += 1 + readVarint(body, at, length);
        if (index >= count || at.pos >= length) throw new Error('sparse entry out of range');
        codes[index] = body[at.pos++];
      }
    } else {
      throw new Error('unknown frame kind ' + kind);
    }
    flags.fill(STATUS_OK);
    const exceptions = readVarint(body, at, length);
    let index = -1;
    for (let k = 0; k < exceptions; k++) {
      index += 1 + readVarint(body, at, length);
      if (index >= count || at.pos >= length) throw new Error('exception entry out of range');
      flags[index] = body[at.pos++];
    }
    this.kind = kind; this.sequence = sequence; this.baseSequence = baseSequence; this.count = count;
    this.sourceMs = float64(bytes, 16); this.sentMs = float64(bytes, 24);
    this.valid = true;
    return true;
  }
}

/**
 * Decodes one frame into new arrays. `baseCodes` (Uint8Array) is needed for delta kinds and must be the codes of
 * the frame whose sequence is the header's base sequence. Returns { kind, sequence, baseSequence, count,
 * sourceMs, sentMs, codes (Uint8Array, one per channel), flags (Uint8Array: status bits 0-2, stale, flapping) }.
 * For a stream of frames, FrameDecoder does the same in place.
 */
export async function decodeFrame(data, baseCodes) {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const h = FrameDecoder.header(bytes);
  const d = new FrameDecoder();
  if (h.kind !== KIND.full) {
    if (!baseCodes || baseCodes.length !== h.count) throw new Error('delta frame without its base frame');
    d.codes = Uint8Array.from(baseCodes);
    d.flags = new Uint8Array(h.count);
    d.sequence = h.baseSequence;
    d.valid = true;
  }
  d.apply(bytes);
  return { kind: d.kind, sequence: d.sequence, baseSequence: d.baseSequence, count: d.count, sourceMs: d.sourceMs, sentMs: d.sentMs, codes: d.codes, flags: d.flags };
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
