// The per-frame work of the DCR canvases, kept free of the DOM so node can test and time it (dcr-heatmap.js owns
// the canvases). A frame costs work in proportion to what changed in it:
//  - every view's pick buffer is turned once, at start, into per-channel pixel lists and bounding boxes;
//  - one pass over the frame finds the channels whose colour (code, or grey when stale) changed, whether any
//    ring (dead / hot / flapping) changed, and fills the histograms and counts, all in buffers kept between frames;
//  - only the changed channels' pixels are written, and only their bounding rectangle is put on the canvas;
//  - rings live on an overlay canvas redrawn (one path per colour) only when a ring came or went.
import { FLAG_STALE, FLAG_FLAPPING, STATUS_MASK, STATUS_OK } from './dcr-frame.js';

export const RING_NONE = 0, RING_DEAD = 1, RING_HOT = 2, RING_FLAPPING = 3;
export const COUNT_DEAD = 0, COUNT_HOT = 1, COUNT_FLAPPING = 2, COUNT_STALE = 3;

export function ringOf(f) {
  if (f === STATUS_OK) return RING_NONE;
  const s = f & STATUS_MASK;
  return s === 4 ? RING_DEAD : s === 5 ? RING_HOT : (f & FLAG_FLAPPING) ? RING_FLAPPING : RING_NONE;
}

/**
 * A pick buffer: for every pixel of a W x H canvas, the channel drawn there (-1 = none). Channels are squares of
 * `size` px centred on (x, y); where squares overlap, the later channel wins. Hover/click is one array lookup.
 */
export function buildPick(w, h, indices, xOf, yOf, size) {
  const pick = new Int32Array(w * h).fill(-1);
  const half = Math.floor(size / 2);
  for (const i of indices) {
    const cx = Math.round(xOf(i)), cy = Math.round(yOf(i));
    for (let dy = -half; dy < size - half; dy++) {
      const y = cy + dy;
      if (y < 0 || y >= h) continue;
      for (let dx = -half; dx < size - half; dx++) {
        const x = (cx + dx + w) % w;
        pick[y * w + x] = i;
      }
    }
  }
  return pick;
}

/**
 * One canvas view: its pick buffer, the pixels of each of the `n` channels (channel i owns px[start[i] ..
 * start[i+1])) and each channel's bounding box, all built once. `pixels` is the view's RGBA image as Uint32.
 */
export function makeLayer(w, h, indices, xOf, yOf, size, n) {
  const pick = buildPick(w, h, indices, xOf, yOf, size);
  const start = new Int32Array(n + 1);
  for (let p = 0; p < pick.length; p++) if (pick[p] >= 0) start[pick[p] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const px = new Int32Array(start[n]);
  const fill = start.slice(0, n);
  const x0 = new Int16Array(n).fill(0x7fff), y0 = new Int16Array(n).fill(0x7fff), x1 = new Int16Array(n).fill(-1), y1 = new Int16Array(n).fill(-1);
  for (let p = 0; p < pick.length; p++) {
    const i = pick[p];
    if (i < 0) continue;
    px[fill[i]++] = p;
    const x = p % w, y = (p - x) / w;
    if (x < x0[i]) x0[i] = x;
    if (x > x1[i]) x1[i] = x;
    if (y < y0[i]) y0[i] = y;
    if (y > y1[i]) y1[i] = y;
  }
  return { w, h, pick, start, px, x0, y0, x1, y1, indices, xOf, yOf, size, pixels: new Uint32Array(w * h), dirty: { x: 0, y: 0, w: 0, h: 0 } };
}

/** What the views show of the last frame, and which channels the newest frame changed. */
export class PaintState {
  constructor(types, typeCount = 3) {
    const n = types.length;
    this.n = n;
    this.types = types;
    this.typeCount = typeCount;
    this.colour = new Uint32Array(n); // 0 = never painted (every real colour has alpha 255)
    this.ring = new Uint8Array(n);
    this.changed = new Int32Array(n);
    this.changedCount = 0;
    this.ringsChanged = true;
    this.hist = new Uint32Array(typeCount * 256);
    this.counts = new Int32Array(typeCount * 4);
  }

  /** Forgets what is painted, so the next update repaints every channel and ring. */
  invalidate() {
    this.colour.fill(0);
    this.ringsChanged = true;
  }

  /**
   * One pass over a frame: colour of each channel (`grey` when stale, else palette[code]), the list of channels
   * whose colour changed, ring classes, per-type histograms of codes and dead / hot / flapping / stale counts.
   */
  update(codes, flags, palette, grey) {
    const { n, types, colour, ring, changed, hist, counts } = this;
    hist.fill(0);
    counts.fill(0);
    let m = 0, ringsChanged = false;
    for (let i = 0; i < n; i++) {
      const f = flags[i], code = codes[i], t = types[i];
      hist[(t << 8) | code]++;
      const c = (f & FLAG_STALE) ? grey : palette[code];
      if (c !== colour[i]) { colour[i] = c; changed[m++] = i; }
      if (f === STATUS_OK) {
        if (ring[i] !== RING_NONE) { ring[i] = RING_NONE; ringsChanged = true; }
        continue;
      }
      const r = ringOf(f);
      if (r !== ring[i]) { ring[i] = r; ringsChanged = true; }
      const base = t << 2;
      if (r === RING_DEAD) counts[base + COUNT_DEAD]++;
      else if (r === RING_HOT) counts[base + COUNT_HOT]++;
      if (f & FLAG_FLAPPING) counts[base + COUNT_FLAPPING]++;
      if (f & FLAG_STALE) counts[base + COUNT_STALE]++;
    }
    this.changedCount = m;
    this.ringsChanged ||= ringsChanged;
    return m;
  }
}

/**
 * Writes the pixels of the channels `paint` found changed into `layer.pixels` and sets `layer.dirty` to the
 * rectangle that covers them (w = 0 when nothing in this view changed). Returns the number of pixels written.
 */
export function paintLayer(layer, paint) {
  const { start, px, x0, y0, x1, y1, pixels, w } = layer;
  const { changed, changedCount, colour } = paint;
  let minX = 0x7fff, minY = 0x7fff, maxX = -1, maxY = -1, written = 0;
  for (let k = 0; k < changedCount; k++) {
    const i = changed[k];
    const s = start[i], e = start[i + 1];
    if (s === e) continue;
    const c = colour[i];
    for (let p = s; p < e; p++) pixels[px[p]] = c;
    written += e - s;
    if (x0[i] < minX) minX = x0[i];
    if (x1[i] > maxX) maxX = x1[i];
    if (y0[i] < minY) minY = y0[i];
    if (y1[i] > maxY) maxY = y1[i];
  }
  const d = layer.dirty;
  if (maxX < 0) { d.x = 0; d.y = 0; d.w = 0; d.h = 0; } else { d.x = minX; d.y = minY; d.w = maxX - minX + 1; d.h = maxY - minY + 1; }
  if (d.w > w) d.w = w;
  return written;
}

/** Ring colours by ring class from the palette the page sends (DcrPalette.ModuleColours): dead, hot, flapping. */
export function ringColours(colours) {
  return [null, colours.status[4], colours.status[5], colours.flapping];
}

/**
 * Strokes the rings of a layer's channels on `ctx` (the overlay, cleared first): one path per ring colour;
 * `ringColour` is ringColours(palette).
 */
export function drawRings(layer, paint, ctx, ringColour) {
  const { indices, xOf, yOf, size } = layer;
  const ring = paint.ring;
  ctx.clearRect(0, 0, layer.w, layer.h);
  ctx.lineWidth = 1.5;
  const r = size + 2;
  let drawn = 0;
  for (let cls = RING_DEAD; cls <= RING_FLAPPING; cls++) {
    let any = false;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      if (ring[i] !== cls) continue;
      if (!any) { ctx.beginPath(); any = true; }
      const x = xOf(i), y = yOf(i);
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      drawn++;
    }
    if (any) { ctx.strokeStyle = ringColour[cls]; ctx.stroke(); }
  }
  return drawn;
}
