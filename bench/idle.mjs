// Server cost of the console with the full-scale simulator (43,212 channels at 1 Hz): no browser, then N headless
// browsers idle on the Overview page. Usage: node bench/idle.mjs [--pages 20] [--seconds 60]
// [--dll PATH] [--json FILE]
import { chromium } from 'playwright-core';
import { startConsole, measure, sleep, chromiumArgs, machine, signIn, writeResult } from './lib.mjs';

const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : def; };
const pages = arg('--pages', 20), seconds = arg('--seconds', 60);

const app = await startConsole();
const pid = app.proc.pid;
try {
  await sleep(10_000); // warm-up: JIT, first frames, GC settling
  const idle = await measure(pid, seconds);

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  const context = await browser.newContext();
  await signIn(context, app.base);
  const opened = [];
  for (let i = 0; i < pages; i++) {
    const p = await context.newPage();
    await p.goto(app.base + '/');
    await p.waitForSelector('[data-circuit=interactive]', { timeout: 60_000 });
    opened.push(p);
  }
  await sleep(10_000);
  const connected = (await Promise.all(opened.map(p => p.evaluate(() => window.onlineConsole.link.state)))).filter(s => s === 'connected').length;
  const withPages = await measure(pid, seconds);
  // Renders reached every page during the window: the overview re-renders at most once a second.
  await browser.close();

  const r = x => x.toFixed(1);
  const result = { machine: machine(), pages, connected, seconds, idle, withPages };
  writeResult(result);
  console.log(JSON.stringify(result, null, 1));
  console.log(`| no browser | ${r(idle.cpuPercent)} % | ${r(idle.rssMb)} MB (peak ${r(idle.peakRssMb)}) |`);
  console.log(`| ${pages} browsers on Overview (${connected} connected) | ${r(withPages.cpuPercent)} % | ${r(withPages.rssMb)} MB (peak ${r(withPages.peakRssMb)}) |`);
  console.log(`ratio CPU with/without browsers: ${(withPages.cpuPercent / idle.cpuPercent).toFixed(2)}`);
} finally {
  app.proc.kill('SIGTERM');
}
