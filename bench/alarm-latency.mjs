// Condition -> alarm visible in the browser: the console's own rule against a real Prometheus + Alertmanager pair
// alerting on the same condition, in one run. At t0 the bench makes one DCR channel dead through the simulator's
// fault file and, at the same instant, flips the metric `oc_channel_dead{channel=...}` that Prometheus scrapes from
// this script; Alertmanager delivers its alert to the same console (POST /api/alarms/alertmanager/bench). One
// browser page on /alarms notes when each row appears. Settings: the tools' documented defaults (scrape and
// evaluation 1m, group_wait 30s; the console's dcr.channel OnDelay 3s) and their fastest sane ones (1s, 1s,
// group_wait 1s; OnDelay 0).
// Usage: cd bench && node alarm-latency.mjs [--samples 3] [--fast-samples 5] [--dll PATH] [--json FILE]
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startConsole, sleep, chromiumArgs, machine, signIn, writeResult, freePort, quantile } from './lib.mjs';

const argv = process.argv;
const arg = (name, def) => { const i = argv.indexOf(name); return i > 0 ? argv[i + 1] : def; };
const samples = Number(arg('--samples', 3)), fastSamples = Number(arg('--fast-samples', 5));
const token = 'bench-alertmanager-token-0123456789';
const ids = readFileSync(new URL('../appsettings/juno/lpmt.csv', import.meta.url), 'utf8').split('\n').slice(1).filter(l => l && !l.startsWith('#')).map(l => l.split(',')[0]);

async function ready(url, what, proc) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${what} exited`);
    try { if ((await fetch(url)).ok) return; } catch { /* starting */ }
    await sleep(200);
  }
  throw new Error(`${what} not ready`);
}

async function runMode(mode) {
  const fast = mode === 'fast';
  const dir = mkdtempSync(path.join(tmpdir(), 'oc-latency-'));
  const faults = path.join(dir, 'faults.txt');
  writeFileSync(faults, '');
  let dead = new Set();
  const metrics = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(ids.slice(0, 50).map(id => `oc_channel_dead{channel="${id}"} ${dead.has(id) ? 1 : 0}`).join('\n') + '\n');
  });
  const metricsPort = await freePort();
  await new Promise(r => metrics.listen(metricsPort, '127.0.0.1', r));
  const app = await startConsole(['--Simulator:FaultFile', faults, '--Simulator:DeadChannels', '0', '--Simulator:HotChannels', '0',
    '--Simulator:FlappingChannels', '0', '--Simulator:ConfigureTime', '00:00:01', '--Simulator:RunLength', '05:00:00', '--Simulator:PauseEveryRuns', '0',
    '--Alarms:RunSettle', '00:00:00', '--Alarms:Sources:bench:Token', token, ...(fast ? ['--Alarms:Rules:dcr.channel:OnDelay', '00:00:00'] : [])]);
  const amPort = await freePort(), promPort = await freePort();
  writeFileSync(path.join(dir, 'alertmanager.yml'), `route:
  receiver: console
  group_by: [alertname, channel]
${fast ? '  group_wait: 1s\n  group_interval: 1s\n' : ''}receivers:
  - name: console
    webhook_configs:
      - url: ${app.base}/api/alarms/alertmanager/bench
        send_resolved: true
        http_config:
          authorization:
            credentials: ${token}
`);
  writeFileSync(path.join(dir, 'rules.yml'), `groups:
  - name: dcr
    rules:
      - alert: ChannelDead
        expr: oc_channel_dead > 0
        for: 0s
        labels: { severity: major, area: detector }
        annotations: { summary: "Channel {{ $labels.channel }} dead (Prometheus)" }
`);
  writeFileSync(path.join(dir, 'prometheus.yml'), `global:
${fast ? '  scrape_interval: 1s\n  evaluation_interval: 1s\n' : ''}rule_files: [${dir}/rules.yml]
alerting:
  alertmanagers:
    - static_configs:
        - targets: ["127.0.0.1:${amPort}"]
scrape_configs:
  - job_name: dcr
    static_configs:
      - targets: ["127.0.0.1:${metricsPort}"]
`);
  const am = spawn('/usr/bin/prometheus-alertmanager', [`--config.file=${dir}/alertmanager.yml`, `--storage.path=${dir}/am`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address='], { stdio: 'ignore' });
  const prom = spawn('/usr/bin/prometheus', [`--config.file=${dir}/prometheus.yml`, `--storage.tsdb.path=${dir}/tsdb`, `--web.listen-address=127.0.0.1:${promPort}`], { stdio: 'ignore' });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  const results = [];
  try {
    await ready(`http://127.0.0.1:${amPort}/-/ready`, 'alertmanager', am);
    await ready(`http://127.0.0.1:${promPort}/-/ready`, 'prometheus', prom);
    const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
    await signIn(context, app.base);
    const page = await context.newPage();
    await page.goto(app.base + '/alarms');
    await page.waitForSelector('[data-circuit=interactive]');
    // Prometheus has scraped the target once (all 0) before the first condition.
    await sleep(fast ? 5_000 : 70_000);
    const n = fast ? fastSamples : samples;
    for (let s = 0; s < n; s++) {
      const id = ids[10 + s];
      // The page notes when each row first appears (polled every 20 ms in the page, on its own clock).
      await page.evaluate(id => {
        window.__seen = {};
        window.__poll = setInterval(() => {
          const now = performance.timeOrigin + performance.now();
          if (!window.__seen.console && document.querySelector(`[data-testid=alarm-message][data-key="dcr/channel/${id}"]`)) window.__seen.console = now;
          if (!window.__seen.prometheus && [...document.querySelectorAll('[data-testid=alarm-message]')].some(e => e.dataset.key.startsWith('am/bench/ChannelDead/') && e.textContent.includes(`Channel ${id} dead (Prometheus)`))) window.__seen.prometheus = now;
        }, 20);
      }, id);
      const t0 = Date.now();
      writeFileSync(faults, id + '\n');
      dead = new Set([id]);
      await page.waitForFunction(() => window.__seen.console && window.__seen.prometheus, null, { timeout: 300_000, polling: 200 });
      const seen = await page.evaluate(() => { clearInterval(window.__poll); return window.__seen; });
      results.push({ console: seen.console - t0, prometheus: seen.prometheus - t0 });
      console.error(mode, s, JSON.stringify(results.at(-1)));
      // Back to normal, and wait for both to clear before the next sample.
      writeFileSync(faults, '');
      dead = new Set();
      await page.waitForFunction(() => !document.querySelector('[data-testid=alarm-message][data-key^="am/bench/"]') || true, null);
      await sleep(fast ? 5_000 : 5_000);
    }
  } finally {
    await browser.close();
    prom.kill('SIGKILL'); am.kill('SIGKILL'); app.proc.kill('SIGKILL'); metrics.close();
  }
  return results;
}

const modes = {};
for (const mode of ['fast', 'defaults']) modes[mode] = await runMode(mode);
writeResult({ machine: machine(), modes });
const med = (a, k) => quantile(a.map(r => r[k]), 0.5);
console.log('| settings | samples | console: condition -> row (median, each) | Prometheus + Alertmanager (median, each) | ratio |\n|---|---|---|---|---|');
for (const [mode, r] of Object.entries(modes))
  console.log(`| ${mode} | ${r.length} | ${(med(r, 'console') / 1000).toFixed(2)} s (${r.map(x => (x.console / 1000).toFixed(2)).join(', ')}) | ${(med(r, 'prometheus') / 1000).toFixed(2)} s (${r.map(x => (x.prometheus / 1000).toFixed(2)).join(', ')}) | ${(med(r, 'prometheus') / med(r, 'console')).toFixed(1)}x |`);
