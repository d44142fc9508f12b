// The annunciator's decision, without DOM or audio (unit-tested with node --test): which standing alarms are new.

/** Severities that sound; others are only shown. */
export const LOUD = ['critical', 'major'];

const rank = s => LOUD.length - LOUD.indexOf(s);

/**
 * What the annunciator remembers. lastKnown: the highest activation number this browser saw before the page was
 * (re)loaded, from localStorage, or null.
 */
export function createState(lastKnown = null) {
  return { primed: false, seen: new Set(), order: [], lastKnown, highest: lastKnown ?? 0 };
}

/**
 * items: the standing alarms that may sound, as { activation, severity }. Returns the loudest severity among
 * activations not seen before, or null. An activation number names one activation (a new one for every
 * re-activation or escalation), so an alarm that is merely re-sent never sounds twice. The first call only learns
 * what already stands, except activations newer than any this browser saw before the reload (an alarm that came
 * while the page was reloading). Remembers at most `max` numbers.
 */
export function decide(state, items, max = 5000) {
  let loudest = null;
  for (const it of items) {
    if (state.seen.has(it.activation)) continue;
    state.seen.add(it.activation);
    state.order.push(it.activation);
    if (state.order.length > max) state.seen.delete(state.order.shift());
    const fresh = state.primed || (state.lastKnown !== null && it.activation > state.lastKnown);
    if (fresh && LOUD.includes(it.severity) && (loudest === null || rank(it.severity) > rank(loudest))) loudest = it.severity;
    if (it.activation > state.highest) state.highest = it.activation;
  }
  state.primed = true;
  return loudest;
}

/** Two beeps for major, three higher ones for critical: [frequency Hz, start s, length s] per beep. */
export function toneFor(severity) {
  const critical = severity === 'critical';
  const n = critical ? 3 : 2, f = critical ? 880 : 660, gap = critical ? 0.22 : 0.3;
  return Array.from({ length: n }, (_, i) => [f, i * gap, 0.16]);
}

/** Whether a tone may start now: at most one every `minGapMs`, so a burst of new alarms is one sound. */
export function mayPlay(lastPlayedMs, nowMs, minGapMs = 3000) {
  return lastPlayedMs === null || nowMs - lastPlayedMs >= minGapMs;
}
