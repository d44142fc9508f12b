// Audible annunciation of new critical and major alarms, switched on per browser (localStorage). The tone is
// generated with the Web Audio API: no sound file, nothing loaded from outside.
import { createState, decide, toneFor, mayPlay } from './annunciator-core.js';

const ENABLED = 'onlineConsole.annunciator';
const HIGHEST = 'onlineConsole.annunciator.highestActivation';

const views = new Map();
let next = 1;

function read(key) {
  try { return localStorage.getItem(key); } catch { return null; }
}

function write(key, value) {
  try { localStorage.setItem(key, value); } catch { /* private mode: on for this page only */ }
}

function play(view, severity) {
  const ctx = view.ctx;
  if (!ctx || ctx.state !== 'running') return;
  const t0 = ctx.currentTime + 0.02;
  for (const [f, start, len] of toneFor(severity)) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = f;
    const t = t0 + start;
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(0.3, t + 0.01);
    gain.gain.setValueAtTime(0.3, t + len - 0.03);
    gain.gain.linearRampToValueAtTime(0, t + len);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + len + 0.01);
  }
}

function ensureAudio(view) {
  if (!view.ctx) {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    view.ctx = new Ctx();
    view.ctx.onstatechange = () => paint(view);
  }
  if (view.ctx.state === 'suspended') view.ctx.resume().catch(() => {});
}

function paint(view) {
  const blocked = view.enabled && (!view.ctx || view.ctx.state !== 'running');
  const text = !view.enabled ? view.labels.off : blocked ? view.labels.blocked : view.labels.on;
  if (view.button.textContent !== text) view.button.textContent = text;
  view.button.setAttribute('aria-pressed', view.enabled ? 'true' : 'false');
  view.root.dataset.enabled = view.enabled ? 'on' : 'off';
  view.root.dataset.audio = view.ctx ? view.ctx.state : 'none';
}

/** Shows the switch in root (an element the component renders empty). labels: { on, off, blocked, title }. */
export function create(root, labels) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'annunciator-button';
  button.title = labels.title;
  button.dataset.testid = 'annunciator-toggle';
  root.replaceChildren(button);
  const highest = Number(read(HIGHEST));
  const view = { root, button, labels, enabled: read(ENABLED) === 'on', ctx: null, state: createState(Number.isFinite(highest) && highest > 0 ? highest : null), lastPlayed: null, sounded: 0 };
  root.dataset.sounded = '0';
  button.addEventListener('click', () => {
    view.enabled = !view.enabled;
    write(ENABLED, view.enabled ? 'on' : 'off');
    if (view.enabled) {
      // Inside the click: the browser lets audio start. A short tone says it works.
      ensureAudio(view);
      setTimeout(() => play(view, 'major'), 50);
    }
    paint(view);
  });
  // Switched on in an earlier visit: audio may start only after a gesture on the page.
  view.unlock = () => { if (view.enabled) ensureAudio(view); };
  document.addEventListener('pointerdown', view.unlock, true);
  document.addEventListener('keydown', view.unlock, true);
  if (view.enabled) ensureAudio(view);
  paint(view);
  const handle = next++;
  views.set(handle, view);
  return handle;
}

/** items: [[activation, severity], ...] of the standing alarms that may sound. */
export function update(handle, items) {
  const view = views.get(handle);
  if (!view) return;
  const loudest = decide(view.state, items.map(([activation, severity]) => ({ activation, severity })));
  write(HIGHEST, String(view.state.highest));
  if (loudest === null || !view.enabled) return;
  const now = Date.now();
  if (!mayPlay(view.lastPlayed, now)) return;
  view.lastPlayed = now;
  view.sounded++;
  view.root.dataset.sounded = String(view.sounded);
  view.root.dataset.lastSeverity = loudest;
  play(view, loudest);
}

export function dispose(handle) {
  const view = views.get(handle);
  if (!view) return;
  views.delete(handle);
  document.removeEventListener('pointerdown', view.unlock, true);
  document.removeEventListener('keydown', view.unlock, true);
  if (view.ctx) view.ctx.close().catch(() => {});
}
