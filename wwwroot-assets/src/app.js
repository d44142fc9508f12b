// OnlineConsole page script: starts Blazor, tracks the link to the server, and ticks clocks and ages in the
// browser so that an idle page needs nothing from the server.
(function () {
  'use strict';

  // Link state, shown in the header (#link-state) and kept here so re-rendered headers get it back.
  const link = { state: 'connecting', since: Date.now() };
  // Every state the link went through on this page (diagnostics and browser tests).
  const linkHistory = ['connecting'];
  window.onlineConsole = { link, linkHistory };

  function setLink(state) {
    if (link.state !== state) {
      link.state = state;
      linkHistory.push(state);
      if (linkHistory.length > 100) linkHistory.shift();
      link.since = Date.now();
    }
    paintLink();
  }

  function paintLink() {
    const el = document.getElementById('link-state');
    if (!el) return;
    if (el.dataset.state !== link.state) el.dataset.state = link.state;
    const label = el.dataset['label' + link.state.charAt(0).toUpperCase() + link.state.slice(1)] || link.state;
    const text = link.state === 'connected' ? label : label + ' ' + formatDuration(Date.now() - link.since);
    if (el.textContent !== text) el.textContent = text;
    document.body.classList.toggle('link-down', link.state !== 'connected');
  }

  // The .NET 10 script reports each reconnection state as an event on #components-reconnect-modal (and a class
  // on it, which app.css uses to show the matching text).
  let modal = null;
  function watchReconnectModal() {
    modal = document.getElementById('components-reconnect-modal');
    if (!modal) return;
    modal.addEventListener('components-reconnect-state-changed', e => {
      const d = e.detail || {};
      switch (d.state) {
        case 'show': case 'retrying': setLink('reconnecting'); break;
        case 'hide': setLink('connected'); break;
        // Out of retries: rejoin or resume the circuit once the server answers; reload only if it is gone.
        case 'failed': setLink('lost'); rejoinWhenServerAnswers(); break;
        // The server restarted and no longer knows this circuit: a reload gets a fresh one.
        case 'rejected': setLink('lost'); location.reload(); break;
        case 'paused':
          setLink('paused');
          modal.classList.toggle('oc-paused-remote', !!d.remote);
          // The server paused it (not this page, not the user): resume while it is seen, a wall screen comes back
          // by itself. The event comes before the pause has finished; resume() waits for that.
          if (d.remote && document.visibilityState === 'visible') resume();
          break;
        case 'resume-failed': resumeFailed(); break;
      }
    });
  }

  // A page hidden for a long time (a background tab) pauses its circuit: the server then keeps only its
  // persisted state, not a renderer. Shown again, it resumes. Zero (Site:PauseHiddenPagesAfter) never pauses.
  function pauseWhenHidden() {
    const after = modal ? Number(modal.dataset.pauseHiddenAfterMs || 0) : 0;
    if (!(after > 0)) return;
    let timer = 0;
    document.addEventListener('visibilitychange', () => {
      clearTimeout(timer);
      if (document.visibilityState === 'hidden') {
        timer = setTimeout(() => {
          if (link.state !== 'connected' || !window.Blazor) return;
          Blazor.pauseCircuit().catch(() => {});
        }, after);
      } else if (link.state === 'paused') {
        resume();
      }
    });
  }

  // resumeCircuit() answers false while the pause is still being completed: ask again a few times before
  // concluding the server no longer holds the circuit (then only a reload helps).
  let resuming = false;
  function resume(attempt = 0) {
    if ((resuming && attempt === 0) || !window.Blazor) return;
    resuming = true;
    Blazor.resumeCircuit().then(ok => {
      if (ok) { resuming = false; setLink('connected'); }
      else if (attempt < 5) setTimeout(() => resume(attempt + 1), 400);
      else location.reload();
    }, () => { resuming = false; resumeFailed(); });
  }

  function resumeFailed() {
    if (modal) { modal.classList.remove('components-reconnect-paused'); modal.classList.add('components-reconnect-resume-failed'); }
    setLink('lost');
    waitForServerThenReload();
  }

  let waiting = false;
  function whenServerAnswers(then) {
    if (waiting) return;
    waiting = true;
    const probe = () => fetch('/healthz', { cache: 'no-store' })
      .then(r => { if (r.ok) { waiting = false; then(); } else setTimeout(probe, 1000); })
      .catch(() => setTimeout(probe, 1000));
    probe();
  }

  function waitForServerThenReload() { whenServerAnswers(() => location.reload()); }

  function rejoinWhenServerAnswers() {
    if (!window.Blazor) { waitForServerThenReload(); return; }
    whenServerAnswers(() => Blazor.reconnect()
      .then(ok => ok || Blazor.resumeCircuit())
      .then(ok => { if (!ok) location.reload(); }, () => location.reload()));
  }

  // Clocks, durations and ages are computed here from timestamps the server rendered.
  const formatters = new Map();
  function clockFormatter(tz) {
    if (!formatters.has(tz)) {
      formatters.set(tz, new Intl.DateTimeFormat('en-GB', {
        timeZone: tz, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
        year: 'numeric', month: '2-digit', day: '2-digit'
      }));
    }
    return formatters.get(tz);
  }

  function formatClock(tz, now) {
    const p = Object.fromEntries(clockFormatter(tz).formatToParts(now).map(x => [x.type, x.value]));
    return p.year + '-' + p.month + '-' + p.day + ' ' + p.hour + ':' + p.minute + ':' + p.second;
  }

  function formatDuration(ms) {
    if (!(ms >= 0)) ms = 0;
    const s = Math.floor(ms / 1000);
    if (s < 60) return s + ' s';
    const m = Math.floor(s / 60), h = Math.floor(m / 60), d = Math.floor(h / 24);
    const pad = n => String(n).padStart(2, '0');
    if (d > 0) return d + 'd ' + pad(h % 24) + 'h';
    if (h > 0) return h + 'h ' + pad(m % 60) + 'm ' + pad(s % 60) + 's';
    return m + 'm ' + pad(s % 60) + 's';
  }

  // A wall tile shows only the messages that fit whole; the ones cut off join the "+ n more" line, whose count the
  // server gives for the messages it did not send (data-more) and whose wording it gives as data-template.
  function fitWallMessages() {
    for (const list of document.querySelectorAll('.wall-messages')) {
      const items = [...list.children];
      for (const li of items) { li.hidden = false; li.classList.remove('wall-one-line'); }
      const bottom = list.getBoundingClientRect().bottom + 1;
      const overflows = li => li.getBoundingClientRect().bottom > bottom;
      // Messages keep their order (worst first): from the first that does not fit on, all go to the count. The first
      // one, in a tile too small for it, gets one line before it goes too.
      let first = items.findIndex(overflows);
      if (first === 0) { items[0].classList.add('wall-one-line'); if (!overflows(items[0])) first = items.findIndex(overflows); }
      const cut = first < 0 ? 0 : items.length - first;
      for (let i = items.length - cut; i < items.length; i++) items[i].hidden = true;
      const more = list.parentElement.querySelector('.wall-more');
      if (!more) continue;
      const n = Number(more.dataset.more || 0) + cut;
      const text = (more.dataset.template || '+ {0} more').replace('{0}', String(n));
      // The server's text node is kept (Blazor updates it); only its value changes.
      if (!more.firstChild) more.appendChild(document.createTextNode(''));
      if (more.firstChild.nodeValue !== text) more.firstChild.nodeValue = text;
      more.hidden = n === 0;
    }
  }

  function tick() {
    const now = new Date();
    // Blazor.start() resolves before the circuit exists: the link is up once the layout renders interactively.
    if (link.state === 'connecting') {
      if (document.querySelector('[data-circuit=interactive]')) setLink('connected');
      else if (Date.now() - link.since > 20000) { setLink('lost'); waitForServerThenReload(); }
    }
    for (const el of document.querySelectorAll('[data-clock]')) {
      const text = formatClock(el.dataset.clock, now);
      if (el.textContent !== text) el.textContent = text;
    }
    for (const el of document.querySelectorAll('[data-since]')) {
      const t = Date.parse(el.dataset.since);
      const text = isNaN(t) ? '' : formatDuration(now - t);
      if (el.textContent !== text) el.textContent = text;
    }
    fitWallMessages();
    paintLink();
  }

  // Copy text for the log viewer: the Clipboard API where the page is a secure context, else a selected
  // textarea and execCommand, which plain-http consoles on the site network still allow on a click.
  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try { await navigator.clipboard.writeText(text); return true; } catch { /* fall through */ }
    }
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    area.remove();
    return ok;
  }

  window.onlineConsole.copyText = copyText;
  window.onlineConsole.formatDuration = formatDuration;
  window.onlineConsole.formatClock = formatClock;

  // The header wraps on narrow screens; MudBlazor places the drawer and the page below --mud-appbar-height,
  // so that follows the app bar's real height (the bar may be re-rendered: look it up on each change).
  function followAppBarHeight() {
    let observed = null;
    const ro = new ResizeObserver(entries => {
      const h = Math.ceil(entries[0].target.getBoundingClientRect().height);
      if (h > 0) document.documentElement.style.setProperty('--mud-appbar-height', h + 'px');
    });
    const attach = () => {
      const bar = document.querySelector('.mud-appbar');
      if (bar && bar !== observed) { if (observed) ro.unobserve(observed); ro.observe(bar); observed = bar; }
    };
    new MutationObserver(attach).observe(document.body, { childList: true, subtree: true });
    attach();
  }

  function start() {
    watchReconnectModal();
    pauseWhenHidden();
    followAppBarHeight();
    // No inline handlers: the content security policy forbids them.
    document.addEventListener('click', e => {
      if (e.target.closest('[data-action=reload]')) location.reload();
      else if (e.target.closest('[data-action=resume]')) resume();
    });
    tick();
    setInterval(tick, 500);
    if (!window.Blazor) return;
    Blazor.start({
      circuit: {
        // Retry quickly and for an hour: a console on a wall screen must come back by itself.
        reconnectionOptions: { maxRetries: 3600, retryIntervalMilliseconds: a => (a < 10 ? 500 : 1000) }
      }
    }).catch(() => setLink('lost'));
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();

  if (typeof module !== 'undefined') module.exports = { formatDuration, formatClock };
})();
