// Screenshots of two replicas behind no gateway (each opened directly): the Collectors page of the holder and of the
// follower, in English and Chinese, dark and light. For reading the replica panel as a user would.
// Usage: node ha-screens.mjs OUTDIR (after bench/run.sh has published the console)
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDll, consoleDll, benchUser, freePort, sleep, chromiumArgs, signIn } from './lib.mjs';
import { startRedisWriter } from './redis-writer.mjs';

const out = process.argv[2] ?? '/tmp';
const bin = execFileSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort | tail -1']).toString().trim();
const dir = mkdtempSync(path.join(tmpdir(), 'oc-shot-pg-'));
chmodSync(dir, 0o777);
const as = (tool, args) => process.getuid() === 0 ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
execFileSync(...as('initdb', ['-D', dir + '/data', '-A', 'trust', '-U', 'oc', '--no-sync']), { stdio: 'ignore' });
const pgPort = await freePort();
const pg = spawn(...as('postgres', ['-D', dir + '/data', '-p', String(pgPort), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=' + dir]), { stdio: 'ignore' });
await sleep(2000);
const writer = await startRedisWriter();
const secrets = mkdtempSync(path.join(tmpdir(), 'oc-shot-secrets-'));
writeFileSync(path.join(secrets, 'Data__ConnectionString'), `Host=127.0.0.1;Port=${pgPort};Username=oc;Database=postgres`);
const env = { ONLINECONSOLE_SECRETS: secrets };
const dll = consoleDll();
const args = name => ['--Simulator:Enabled=false', '--Redis:Endpoints:0=127.0.0.1:' + writer.port, '--Data:Provider=PostgreSql', '--Site:TimeZone=Asia/Shanghai',
  '--Ha:Enabled=true', '--Ha:Replica=' + name, '--Ha:Bus:Endpoints:0=127.0.0.1:' + writer.port, '--Data:Directory', mkdtempSync(path.join(tmpdir(), 'oc-shot-' + name + '-'))];
execFileSync('dotnet', [dll, 'users', 'add', benchUser.name, '--role', 'admin', ...args('u')], { cwd: path.dirname(dll), env: { ...process.env, ...env, ONLINECONSOLE_PASSWORD: benchUser.password } });
const a = await startDll(dll, args('console-a'), env);
await sleep(1500);
const b = await startDll(dll, args('console-b'), env);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
try {
  for (const [name, app] of [['holder', a], ['follower', b]]) {
    for (const [lang, theme] of [['en', 'dark'], ['zh-CN', 'light']]) {
      const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
      await signIn(context, app.base);
      const page = await context.newPage();
      await page.goto(app.base + `/prefs/culture?culture=${lang}&returnUrl=/`);
      await page.goto(app.base + `/prefs/theme?theme=${theme}&returnUrl=/collectors`);
      await page.waitForSelector('[data-testid=replicas]');
      await sleep(2500);
      await page.screenshot({ path: path.join(out, `ha-collectors-${name}-${lang}-${theme}.png`), fullPage: false });
      await context.close();
    }
  }
} finally {
  await browser.close();
  a.proc.kill('SIGTERM'); b.proc.kill('SIGTERM'); writer.stop(); pg.kill('SIGINT');
}
process.exit(0);
