// The Alarms page with 10,000 active alarms (10,000 DCR channels held dead through the simulator's fault file, full
// JUNO map): time from navigation to the first rows, and the browser-visible time of a sort, a page turn and a
// filter (click or keystroke -> table changed), plus the server's CPU with the page open.
// Usage: cd bench && node alarm-list.mjs [--alarms 10000] [--repeats 10] [--dll PATH] [--json FILE]
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startConsole, measure, sleep, chromiumArgs, machine, signIn, writeResult, quantile } from './lib.mjs';

const argv = process.argv;
const arg = (name, def) => { const i = argv.indexOf(name); return i > 0 ? argv[i + 1] : def; };
const alarms = Number(arg('--alarms', 10000)), repeats = Number(arg('--repeats', 10));

const lpmt = readFileSync(new URL('../appsettings/juno/lpmt.csv', import.meta.url), 'utf8').split('\n').slice(1).filter(Boolean).map(l => l.split(',')[0]);
const spmt = readFileSync(new URL('../appsettings/juno/spmt.csv', import.meta.url), 'utf8').split('\n').slice(1).filter(Boolean).map(l => l.split(',')[0]);
const ids = [...lpmt, ...spmt].filter(id => !id.startsWith('#')).slice(0, alarms);
const faults = path.join(mkdtempSync(path.join(tmpdir(), 'oc-alarm-bench-')), 'faults.txt');
writeFileSync(faults, ids.join('\n') + '\n');

const app = await startConsole(['--Simulator:FaultFile', faults, '--Simulator:DeadChannels', '0', '--Simulator:HotChannels', '0',
  '--Simulator:FlappingChannels', '0', '--Simulator:ConfigureTime', '00:00:01', '--Simulator:PauseEveryRuns', '0',
  '--Alarms:RunSettle', '00:00:00', '--Alarms:Rules:dcr.channel:OnDelay', '00:00:00', '--Alarms:GcuMinBadChannels', '1000',
  '--Alarms:MaxAlarms', String(Math.max(50000, alarms * 2))]);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
const timings = { firstRows: [], sort: [], pageTurn: [], filter: [], sortInPage: [], pageTurnInPage: [], filterInPage: [] };

// The same step timed inside the page: from the click (or the input event) to the first frame painted after the
// first row changed, with performance.now() and a MutationObserver, so Playwright's own round trips (actionability
// checks, polling) are not counted. `act` runs in the page; `changed` tells when the first row is the new one.
async function inPage(page, act, changed, arg) {
  return page.evaluate(([act, changed, arg]) => new Promise((resolve, reject) => {
    const doAct = new Function('arg', act), isChanged = new Function('key', 'arg', changed);
    const first = () => document.querySelector('[data-testid=alarm-message]')?.getAttribute('data-key') ?? '';
    const list = document.querySelector('[data-testid=alarm-list]');
    const timer = setTimeout(() => { obs.disconnect(); reject(new Error('no change within 30 s')); }, 30_000);
    const obs = new MutationObserver(() => {
      if (!isChanged(first(), arg)) return;
      obs.disconnect(); clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - t0));
    });
    obs.observe(list, { subtree: true, childList: true, attributes: true, characterData: true });
    const t0 = performance.now();
    doAct(arg);
  }), [act, changed, arg]);
}
let serverCpu = NaN, activeSeen = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  await signIn(context, app.base);
  const page = await context.newPage();
  await page.goto(app.base + '/alarms');
  await page.waitForSelector('[data-circuit=interactive]');
  // Wait for every alarm to be there: the tab names the count.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const tab = await page.locator('.mud-tab').first().innerText();
    activeSeen = Number((tab.match(/\((\d+)\)/) || [])[1] || 0);
    if (activeSeen >= alarms) break;
    await sleep(500);
  }
  // The message column's sort header (the second selector: builds before the list sorted itself, for ab.mjs).
  const sortMessage = 'th [data-testid=sort][data-column=Message], th:nth-child(4) .mud-table-sort-label';
  const firstKey = () => page.locator('[data-testid=alarm-message]').first().getAttribute('data-key');
  for (let r = 0; r < repeats; r++) {
    let t = performance.now();
    await page.goto(app.base + '/alarms');
    await page.waitForSelector('[data-testid=alarm-message]', { timeout: 60_000 });
    timings.firstRows.push(performance.now() - t);
    await page.waitForSelector('[data-circuit=interactive]');
    await sleep(300);

    // Sorted by message ascending first (untimed: with every alarm raised in one frame that is already the order),
    // then timed: descending.
    await page.locator(sortMessage).click();
    await sleep(500);
    let before = await firstKey();
    t = performance.now();
    await page.locator(sortMessage).click();
    await page.waitForFunction(b => document.querySelector('[data-testid=alarm-message]')?.getAttribute('data-key') !== b, before, { timeout: 30_000 });
    timings.sort.push(performance.now() - t);

    before = await firstKey();
    t = performance.now();
    await page.locator('.mud-table-pagination-actions button').nth(2).click();
    await page.waitForFunction(b => document.querySelector('[data-testid=alarm-message]')?.getAttribute('data-key') !== b, before, { timeout: 30_000 });
    timings.pageTurn.push(performance.now() - t);

    before = await firstKey();
    t = performance.now();
    // A channel's key: a bare number would also match labels and other channels, and the first row might not change.
    const wanted = 'dcr/channel/' + ids[r * 7 + 3];
    await page.locator('input[data-testid=alarm-filter], [data-testid=alarm-filter] input').first().fill(wanted);
    await page.waitForFunction(w => (document.querySelector('[data-testid=alarm-message]')?.getAttribute('data-key') ?? '').startsWith(w), wanted, { timeout: 30_000 })
      .catch(async e => { console.error('filter', wanted, before, await firstKey()); throw e; });
    // The filter waits 200 ms for typing to stop (DebounceInterval): that wait is by design, not render time.
    timings.filter.push(performance.now() - t - 200);

    // In-page timings of the same three steps (the filter box is emptied first, untimed).
    const filterBox = 'const i = document.querySelector("input[data-testid=alarm-filter], [data-testid=alarm-filter] input"); i.value = arg; i.dispatchEvent(new Event("input", { bubbles: true }));';
    await page.locator('input[data-testid=alarm-filter], [data-testid=alarm-filter] input').first().fill('');
    await page.waitForFunction(w => !(document.querySelector('[data-testid=alarm-message]')?.getAttribute('data-key') ?? '').startsWith(w), wanted, { timeout: 30_000 });
    await sleep(300);
    before = await firstKey();
    timings.sortInPage.push(await inPage(page, `document.querySelector(${JSON.stringify(sortMessage.split(', ')[0])}) ? document.querySelector(${JSON.stringify(sortMessage.split(', ')[0])}).click() : document.querySelector(${JSON.stringify(sortMessage.split(', ')[1])}).click();`, 'return key !== arg;', before));
    await sleep(300);
    before = await firstKey();
    timings.pageTurnInPage.push(await inPage(page, 'document.querySelectorAll(".mud-table-pagination-actions button")[2].click();', 'return key !== arg;', before));
    await sleep(300);
    const wanted2 = 'dcr/channel/' + ids[r * 7 + 5];
    timings.filterInPage.push(await inPage(page, filterBox, 'return key.startsWith(arg);', wanted2) - 200);
    await page.locator('input[data-testid=alarm-filter], [data-testid=alarm-filter] input').first().fill('');
  }
  await page.goto(app.base + '/alarms');
  await page.waitForSelector('[data-testid=alarm-message]');
  serverCpu = (await measure(app.proc.pid, 20)).cpuPercent;
} finally {
  await browser.close();
  app.proc.kill('SIGKILL');
}
const row = k => `${quantile(timings[k], 0.5).toFixed(0)} / ${quantile(timings[k], 0.99).toFixed(0)} ms`;
const medians = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, quantile(v, 0.5)]));
const result = { machine: machine(), alarms, activeSeen, repeats, medians, timings, serverCpu };
writeResult(result);
console.log(`| active alarms | ${activeSeen} |\n| open /alarms -> first rows (p50 / p99) | ${row('firstRows')} |\n| sort by message, descending (click -> rows changed) | ${row('sort')} |\n| next page | ${row('pageTurn')} |\n| filter (after the 200 ms typing pause) | ${row('filter')} |\n| in the page: sort / next page / filter (p50 / p99) | ${row('sortInPage')} · ${row('pageTurnInPage')} · ${row('filterInPage')} |\n| server CPU with the page open | ${serverCpu.toFixed(1)} % |`);
