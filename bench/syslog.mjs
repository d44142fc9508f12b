// The syslog receiver at a switch storm's rate: --rate UDP datagrams a second (RFC 3164 and RFC 5424, a mix of
// switches) for --seconds on loopback, then every datagram is accounted for: parsed, malformed (one in 100 is sent
// damaged on purpose), dropped by the store queue, or dropped by the kernel before the console read it (Udp
// RcvbufErrors of /proc/net/snmp, this machine's only UDP traffic during the run). Run once with stock Debian's
// socket-buffer cap (212992) and once with net.core.rmem_max raised to --rmem (needs root), as the README says.
// Baseline: the console idle (simulator off) for --seconds/3.
// Usage: bench/run.sh syslog.mjs [--rate 10000 --seconds 30 --rmem 8388608]
import dgram from 'node:dgram';
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startConsole, measure, procSample, machine, writeResult, sleep, freePort, signIn, chromiumArgs } from './lib.mjs';

const argv = process.argv;
const num = (name, fallback) => { const i = argv.indexOf('--' + name); return i > 0 ? Number(argv[i + 1]) : fallback; };
const rate = num('rate', 10000), seconds = num('seconds', 30), rmem = num('rmem', 8388608);

const udpErrors = () => {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter(l => l.startsWith('Udp:'));
  const names = lines[0].split(/\s+/), values = lines[1].split(/\s+/).map(Number);
  return values[names.indexOf('RcvbufErrors')];
};
const rmemMax = () => Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
const setRmemMax = v => writeFileSync('/proc/sys/net/core/rmem_max', String(v));

async function collector(context, base) {
  const r = await context.request.get(base + '/api/diagnostics/live');
  return (await r.json()).collectors.find(c => c.name === 'syslog');
}

async function run(label, browser) {
  const port = await freePort();
  const app = await startConsole(['--Simulator:Enabled', 'false', '--Syslog:Enabled', 'true', '--Syslog:UdpPort', String(port), '--Syslog:TcpPort', '0',
    '--Syslog:BindAddress', '127.0.0.1', '--Store:MaxLogEntries', '200000']);
  const context = await browser.newContext();
  await signIn(context, app.base);
  const baseline = await measure(app.proc.pid, Math.max(5, Math.round(seconds / 3)));
  const socket = dgram.createSocket('udp4');
  const hosts = Array.from({ length: 40 }, (_, i) => `leaf${String(i + 1).padStart(2, '0')}`);
  let sent = 0, damaged = 0;
  const before = udpErrors();
  const a = procSample(app.proc.pid);
  let peak = a.rssMb;
  const start = performance.now();
  // Every 10 ms the datagrams due by then, so the rate holds on average without a timer per datagram.
  while (performance.now() - start < seconds * 1000) {
    const due = Math.floor((performance.now() - start) / 1000 * rate);
    const batch = [];
    while (sent < due) {
      const h = hosts[sent % hosts.length];
      let msg;
      if (sent % 100 === 99) { msg = Buffer.from([0x3c, 0x31, 0x33, 0x3e, 0xff, 0xfe, 0x41]); damaged++; }
      else if (sent % 2 === 0) msg = Buffer.from(`<189>Dec  7 06:00:00 ${h} switchd[812]: swp${sent % 48}: link up, 25G full duplex (${sent})`);
      else msg = Buffer.from(`<190>1 2026-12-07T06:00:00.123Z ${h} lldpd 77 NEIGH [meta sequenceId="${sent}"] swp${sent % 48}: neighbour changed`);
      batch.push(new Promise(r => socket.send(msg, port, '127.0.0.1', r)));
      sent++;
    }
    await Promise.all(batch);
    peak = Math.max(peak, procSample(app.proc.pid).rssMb);
    await sleep(10);
  }
  const elapsed = (performance.now() - start) / 1000;
  const b = procSample(app.proc.pid);
  await sleep(2000);
  const c = await collector(context, app.base);
  const kernel = udpErrors() - before;
  socket.close();
  await context.close();
  app.proc.kill('SIGTERM');
  const accounted = c.received + c.malformed + c.dropped + kernel;
  return {
    label, rmemMax: rmemMax(), sent, damaged, sentPerSecond: Math.round(sent / elapsed), received: c.received, malformed: c.malformed,
    droppedByQueue: c.dropped, droppedByKernel: kernel, unaccounted: sent - accounted,
    cpuPercent: 100 * (b.cpu - a.cpu) / (b.t - a.t), peakRssMb: peak, baselineCpuPercent: baseline.cpuPercent, baselineRssMb: baseline.rssMb,
  };
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
const original = rmemMax();
const results = [];
try {
  // Stock Debian's cap (212992 bytes), whatever this machine was set to.
  setRmemMax(212992);
  results.push(await run('rmem_max 212992 (Debian default)', browser));
  setRmemMax(rmem);
  results.push(await run(`rmem_max ${rmem}`, browser));
} finally {
  setRmemMax(original);
  await browser.close();
}
const result = { machine: machine(), rate, seconds, results };
console.log(JSON.stringify(result, null, 1));
writeResult(result);
