// Shared helpers of the benchmarks: start the console, read its own CPU and memory accounting, drive pages.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

export const benchUser = { name: 'bench', password: 'bench password 2026' };

/** The console build a benchmark runs: `--dll PATH` (e.g. an older build published elsewhere, to compare two builds
 *  in one run), else the one bench/run.sh publishes to bench/out/app. */
export function consoleDll() {
  const i = process.argv.indexOf('--dll');
  return i > 0 ? path.resolve(process.argv[i + 1]) : path.join(root, 'bench/out/app/OnlineConsole.dll');
}

/** Starts the published console (consoleDll()) with a fresh data folder and an admin account for the browsers, and
 *  waits for /readyz. */
export async function startConsole(args = [], env = {}, dll = consoleDll()) {
  if (!existsSync(dll)) throw new Error(`publish first: bench/run.sh does it (${dll} missing)`);
  const data = mkdtempSync(path.join(tmpdir(), 'oc-bench-'));
  args = [...args, '--Data:Directory', data];
  execFileSync('dotnet', [dll, 'users', 'add', benchUser.name, '--role', 'admin', ...args],
    { cwd: path.dirname(dll), env: { ...process.env, ONLINECONSOLE_PASSWORD: benchUser.password, Logging__LogLevel__Default: 'Warning' } });
  return startDll(dll, args, env);
}

/** With `--json FILE`, writes a benchmark's result object there (bench/ab.mjs reads it). */
export function writeResult(result) {
  const i = process.argv.indexOf('--json');
  if (i > 0) writeFileSync(process.argv[i + 1], JSON.stringify(result, null, 1));
}

export const sleep = ms => new Promise(r => setTimeout(r, ms));

/** CPU seconds (user+system) and resident memory of one process, from its own /proc accounting. */
export function procSample(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpu = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  return { t: performance.now() / 1000, cpu, rssMb: rssKb / 1024 };
}

/** CPU seconds used so far by every Chromium process on the machine (the benchmark's browsers). */
export function chromiumCpuSeconds() {
  let total = 0;
  for (const pid of readdirSync('/proc').filter(d => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('/usr/lib/chromium/')) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND;
    } catch { /* exited meanwhile */ }
  }
  return total;
}

/** Server CPU (% of one core) and RSS over a window of `seconds`. */
export async function measure(pid, seconds) {
  const a = procSample(pid);
  let peak = a.rssMb;
  for (let i = 0; i < seconds; i++) { await sleep(1000); peak = Math.max(peak, procSample(pid).rssMb); }
  const b = procSample(pid);
  return { cpuPercent: 100 * (b.cpu - a.cpu) / (b.t - a.t), rssMb: b.rssMb, peakRssMb: peak, seconds: b.t - a.t };
}

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Background pages must keep running as foreground ones do, or idle tabs would hide the server's cost.
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'];

export function machine() {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  const cores = execFileSync('nproc').toString().trim();
  const mem = /MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))[1];
  return `${cores} cores (${cpu}), ${(Number(mem) / 1048576).toFixed(0)} GiB`;
}

/** Signs a browser context in through the login form; its pages then share the session cookie. */
export async function signIn(context, base) {
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.fill('[data-testid=username]', benchUser.name);
  await page.fill('[data-testid=password]', benchUser.password);
  await page.click('[data-testid=sign-in]');
  await page.waitForSelector('[data-circuit=interactive]', { timeout: 60_000 });
  await page.close();
}

/** The f-quantile of an array of numbers (NaN when empty). */
export const quantile = (a, f) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.min(s.length - 1, Math.floor(f * s.length))] : NaN; };

/** Starts a published ASP.NET Core app (any dll) on a free port, Production, and waits for /readyz. */
export async function startDll(dll, args = [], env = {}) {
  if (!existsSync(dll)) throw new Error(`publish first (${dll} missing)`);
  const port = await freePort();
  const proc = spawn('dotnet', [dll, '--urls', `http://127.0.0.1:${port}`, ...args], {
    cwd: path.dirname(dll),
    env: { ...process.env, ASPNETCORE_ENVIRONMENT: 'Production', DOTNET_NOLOGO: '1', Logging__LogLevel__Default: 'Warning', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', d => { output += d; });
  proc.stderr.on('data', d => { output += d; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${dll} exited: ${output}`);
    try { if ((await fetch(base + '/readyz')).ok) return { proc, base, port, output: () => output }; } catch { /* starting */ }
    await sleep(200);
  }
  proc.kill('SIGKILL');
  throw new Error(`${dll} not ready: ${output}`);
}

/** A loopback TCP relay to targetPort that delivers every chunk `oneWayMs` late in each direction (in order), so
 *  a page through it sees 2 x oneWayMs of added round trip. Returns { port, close }. */
export function delayProxy(targetPort, oneWayMs) {
  const sockets = new Set();
  const relay = (from, to) => {
    const queue = [];
    let timer = null;
    const flush = () => {
      timer = null;
      const now = performance.now();
      while (queue.length && queue[0].at <= now) to.write(queue.shift().data);
      if (queue.length) timer = setTimeout(flush, queue[0].at - now);
    };
    from.on('data', data => { queue.push({ at: performance.now() + oneWayMs, data }); if (!timer) timer = setTimeout(flush, oneWayMs); });
    from.on('close', () => setTimeout(() => to.destroy(), oneWayMs));
    from.on('error', () => to.destroy());
  };
  const server = createServer(inbound => {
    const outbound = connect(targetPort, '127.0.0.1');
    sockets.add(inbound); sockets.add(outbound);
    inbound.setNoDelay(true); outbound.setNoDelay(true);
    relay(inbound, outbound);
    relay(outbound, inbound);
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve({
    port: server.address().port,
    close: () => { for (const s of sockets) s.destroy(); server.close(); },
  })));
}
