// The DAQ side of docs/contracts.md for benchmarks: a real redis-server on a free port and a writer speaking RESP
// that updates all 43,212 channel rates (one HSET per family, then its notification) and the run hash at 1 Hz.
// The rate commands are built once (8 variants per family, a few % apart) and rotated, so the writer costs little
// CPU on the machine it shares with the console and the browsers; the run number changes every second so every
// update is visible in a page.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { root, sleep, freePort } from './lib.mjs';

const bulk = s => { const b = Buffer.from(String(s)); return [Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n')]; };
const command = args => Buffer.concat([Buffer.from(`*${args.length}\r\n`), ...args.flatMap(bulk)]);

/** Starts redis-server and the 1 Hz writer. `written` maps run number -> time the run update was handed to Redis;
 *  `rateWrites` lists the times the rate updates were handed to Redis (ms since epoch). */
export async function startRedisWriter({ intervalMs = 1000, variants = 8 } = {}) {
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await sleep(300);
  const sock = net.connect(port, '127.0.0.1');
  await new Promise((res, rej) => { sock.once('connect', res); sock.once('error', rej); });
  sock.on('data', () => {}); // replies are not needed: one connection keeps commands in order

  const families = { HPK: [], NNVT: [], SPMT: [] };
  for (const file of ['lpmt.csv', 'spmt.csv']) {
    const lines = readFileSync(path.join(root, 'appsettings/juno', file), 'utf8').trim().split('\n').slice(1);
    for (const l of lines) { const [id, type] = l.split(','); families[type].push(id); }
  }
  const baseline = { HPK: 20000, NNVT: 45000, SPMT: 1000 };
  const channels = Object.values(families).reduce((a, f) => a + f.length, 0);
  const frames = [];
  for (let v = 0; v < variants; v++) {
    const parts = [];
    for (const [code, ids] of Object.entries(families)) {
      const args = ['HSET', 'juno:dcr:' + code];
      for (const id of ids) args.push(id, (baseline[code] * (1 + 0.04 * (Math.random() - 0.5))).toFixed(1));
      parts.push(command(args), command(['PUBLISH', 'juno:dcr:updated', code]));
    }
    frames.push(Buffer.concat(parts));
  }

  let run = 10_000, tick = 0;
  const written = new Map(), rateWrites = [];
  const write = () => {
    rateWrites.push(Date.now());
    sock.write(frames[tick++ % frames.length]);
    run++;
    const now = Date.now();
    const iso = new Date(now).toISOString();
    sock.write(Buffer.concat([
      command(['HSET', 'juno:run:current', 'number', run, 'state', 'running', 'type', 'physics', 'start', iso, 'stop', '', 'stop_reason', '', 'updated', iso, 'source', 'run-control']),
      command(['PUBLISH', 'juno:run:changed', run])]));
    written.set(run, now);
  };
  const timer = setInterval(write, intervalMs);
  write();
  return {
    port, channels, written, rateWrites,
    get run() { return run; },
    /** The latest rate write handed to Redis at or before `ms` (NaN if none). */
    rateWriteBefore(ms) {
      let lo = 0, hi = rateWrites.length - 1, best = NaN;
      while (lo <= hi) { const mid = (lo + hi) >> 1; if (rateWrites[mid] <= ms) { best = rateWrites[mid]; lo = mid + 1; } else hi = mid - 1; }
      return best;
    },
    stop() { clearInterval(timer); sock.destroy(); redis.kill('SIGKILL'); },
  };
}
