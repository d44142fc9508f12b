// High availability: two console replicas on one PostgreSQL and the Redis bus, at full JUNO scale (the writer feeds
// the run and all 43,212 rates into Redis at 1 Hz; every replica reads Redis itself, the bus carries only what the
// holder keeps: alarms, the network it polls, syslog). In one run:
//  1. the cost of the bus: CPU of one console alone (Ha off, the baseline) and of the holder and the follower of a
//     pair, each with the same 2,000 firing alerts posted (to the follower, so they cross the bus) and 200 of them
//     replaced every 10 s; bytes/s on the bus from the replicas' own counters (the "ha:bus" collector);
//  2. failover: the holder killed with SIGKILL N times; the time until the other replica says it holds the lease
//     (its /api/diagnostics/live, read every 50 ms); the killed one is started again as the follower each time.
// Usage: bench/run.sh ha.mjs [--kills 10] [--seconds 30]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDll, consoleDll, benchUser, freePort, measure, sleep, machine, quantile, writeResult } from './lib.mjs';
import { startRedisWriter } from './redis-writer.mjs';

const argv = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
const kills = Number(argv('--kills', '10'));
const seconds = Number(argv('--seconds', '30'));
const token = 'bench-alertmanager-token-0123456789';

/** A throwaway PostgreSQL cluster (Debian's), as the postgres user when run as root. */
async function startPostgres() {
  const bin = execFileSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort | tail -1']).toString().trim();
  const dir = mkdtempSync(path.join(tmpdir(), 'oc-bench-pg-'));
  chmodSync(dir, 0o777);
  const root = process.getuid() === 0;
  const as = (tool, args) => root ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
  const [c1, a1] = as('initdb', ['-D', dir + '/data', '-A', 'trust', '-U', 'oc', '--no-sync']);
  execFileSync(c1, a1, { stdio: 'ignore' });
  const port = await freePort();
  const [c2, a2] = as('postgres', ['-D', dir + '/data', '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=' + dir]);
  const proc = spawn(c2, a2, { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try { execFileSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' }); break; } catch { await sleep(100); }
  }
  return { proc, connection: `Host=127.0.0.1;Port=${port};Username=oc;Database=postgres;Pooling=true` };
}

const writer = await startRedisWriter();
const pg = await startPostgres();
const dll = consoleDll();
const secrets = mkdtempSync(path.join(tmpdir(), 'oc-bench-secrets-'));
writeFileSync(path.join(secrets, 'Data__ConnectionString'), pg.connection);
const env = { ONLINECONSOLE_SECRETS: secrets };
const common = ['--Simulator:Enabled=false', '--Redis:Endpoints:0=127.0.0.1:' + writer.port, '--Data:Provider=PostgreSql',
  `--Alarms:Sources:prom:Token=${token}`, '--Alarms:MaxAlarms=20000'];
const ha = name => [...common, '--Ha:Enabled=true', '--Ha:Replica=' + name, '--Ha:Bus:Endpoints:0=127.0.0.1:' + writer.port,
  '--Data:Directory', mkdtempSync(path.join(tmpdir(), 'oc-bench-' + name + '-'))];
execFileSync('dotnet', [dll, 'users', 'add', benchUser.name, '--role', 'admin', ...common, '--Data:Directory', mkdtempSync(path.join(tmpdir(), 'oc-bench-u-'))],
  { cwd: path.dirname(dll), env: { ...process.env, ...env, ONLINECONSOLE_PASSWORD: benchUser.password, Logging__LogLevel__Default: 'Warning' } });

/** A session cookie for the diagnostics endpoint (experts), by the login form's own POST. */
async function cookieFor(base) {
  const form = await fetch(base + '/login');
  const html = await form.text();
  const tokenValue = /name="__RequestVerificationToken"[^>]*value="([^"]+)"/.exec(html)[1];
  const jar = form.headers.getSetCookie().map(c => c.split(';')[0]).join('; ');
  const r = await fetch(base + '/account/login', { method: 'POST', redirect: 'manual', headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ __RequestVerificationToken: tokenValue, username: benchUser.name, password: benchUser.password, returnUrl: '/' }) });
  return [jar, ...r.headers.getSetCookie().map(c => c.split(';')[0])].join('; ');
}
const diag = async (app) => { try { const r = await fetch(app.base + '/api/diagnostics/live', { headers: { cookie: app.cookie } }); return r.ok ? r.json() : null; } catch { return null; } };
const bus = d => { const c = d?.collectors?.find(x => x.name === 'ha:bus'); return { out: c?.gauges?.['bytes out'] ?? 0, in: c?.gauges?.['bytes in'] ?? 0 }; };

/** 2,000 firing alerts, then every 10 s 200 of them resolved and 200 new ones firing, posted as Alertmanager does. */
function churn(app) {
  let next = 0, stopped = false;
  const firing = [];
  const post = async alerts => {
    const body = JSON.stringify({ receiver: 'console', status: 'firing', alerts, groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://127.0.0.1:9093', version: '4', groupKey: '{}', truncatedAlerts: 0 });
    try { await fetch(app.base + '/api/alarms/alertmanager/prom', { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body }); } catch { /* replica gone */ }
  };
  const alert = (i, status) => ({ status, labels: { alertname: 'DiskFull', host: 'daq' + i, severity: 'major' }, annotations: { summary: 'Disk full on daq' + i },
    startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z', fingerprint: 'bench' + i });
  (async () => {
    for (let k = 0; k < 10; k++) { const batch = []; for (let j = 0; j < 200; j++) { firing.push(next); batch.push(alert(next++, 'firing')); } await post(batch); }
    while (!stopped) {
      await sleep(10_000);
      if (stopped) break;
      const gone = firing.splice(0, 200);
      const batch = gone.map(i => alert(i, 'resolved'));
      for (let j = 0; j < 200; j++) { firing.push(next); batch.push(alert(next++, 'firing')); }
      await post(batch);
    }
  })();
  return () => { stopped = true; };
}

const result = { machine: machine(), seconds, kills };
try {
  // 1. Baseline: one console, Ha off, the same load.
  {
    const single = await startDll(dll, [...common, '--Data:Directory', mkdtempSync(path.join(tmpdir(), 'oc-bench-s-'))], env);
    const stop = churn(single);
    await sleep(25_000); // warm-up and the first 2,000 alarms
    const m = await measure(single.proc.pid, seconds);
    stop();
    result.single = { cpuPercent: +m.cpuPercent.toFixed(1), rssMb: Math.round(m.rssMb) };
    console.error(JSON.stringify({ single: result.single }));
    single.proc.kill('SIGTERM');
    await sleep(3_000);
  }
  // 2. The pair: a holds the lease (started first), the alerts go to b (the follower) and cross the bus twice.
  const apps = { a: await startDll(dll, ha('a'), env) };
  await sleep(2_000);
  apps.b = await startDll(dll, ha('b'), env);
  for (const k of ['a', 'b']) apps[k].cookie = await cookieFor(apps[k].base);
  {
    const stop = churn(apps.b);
    await sleep(25_000);
    const d0 = [await diag(apps.a), await diag(apps.b)];
    const [ma, mb] = await Promise.all([measure(apps.a.proc.pid, seconds), measure(apps.b.proc.pid, seconds)]);
    const d1 = [await diag(apps.a), await diag(apps.b)];
    stop();
    const holder = d1[0]?.replica?.isHolder ? 0 : 1;
    result.pair = {
      holder: ['a', 'b'][holder],
      holderCpuPercent: +[ma, mb][holder].cpuPercent.toFixed(1), followerCpuPercent: +[ma, mb][1 - holder].cpuPercent.toFixed(1),
      holderRssMb: Math.round([ma, mb][holder].rssMb), followerRssMb: Math.round([ma, mb][1 - holder].rssMb),
      busBytesPerS: { holderOut: Math.round((bus(d1[holder]).out - bus(d0[holder]).out) / ma.seconds), holderIn: Math.round((bus(d1[holder]).in - bus(d0[holder]).in) / ma.seconds),
        followerOut: Math.round((bus(d1[1 - holder]).out - bus(d0[1 - holder]).out) / mb.seconds), followerIn: Math.round((bus(d1[1 - holder]).in - bus(d0[1 - holder]).in) / mb.seconds) },
    };
    console.error(JSON.stringify({ pair: result.pair }));
  }
  // 3. Failover: kill the holder, time the other's takeover, start the killed one again.
  const times = [];
  for (let k = 0; k < kills; k++) {
    const da = await diag(apps.a);
    const holder = da?.replica?.isHolder ? 'a' : 'b';
    const other = holder === 'a' ? 'b' : 'a';
    apps[holder].proc.kill('SIGKILL');
    const t0 = performance.now();
    let took = NaN;
    while (performance.now() - t0 < 30_000) {
      const d = await diag(apps[other]);
      if (d?.replica?.isHolder) { took = performance.now() - t0; break; }
      await sleep(50);
    }
    times.push(took);
    console.error(JSON.stringify({ kill: k + 1, killed: holder, takeoverMs: Math.round(took) }));
    apps[holder] = await startDll(dll, ha(holder), env);
    apps[holder].cookie = await cookieFor(apps[holder].base);
    await sleep(3_000);
  }
  result.failover = { kills, p50Ms: Math.round(quantile(times, 0.5)), maxMs: Math.round(Math.max(...times)), allMs: times.map(Math.round) };
  console.error(JSON.stringify({ failover: result.failover }));
  for (const app of Object.values(apps)) app.proc.kill('SIGTERM');
} finally {
  writer.stop?.();
  pg.proc.kill('SIGINT');
}
console.log(JSON.stringify(result, null, 1));
writeResult(result);
await sleep(1_000);
process.exit(0);
