// The Kubernetes collector at site scale: this script serves the Kubernetes list and watch API for --nodes nodes and
// --pods pods (10 deployments in namespace daq) on 127.0.0.1, as the API server answers them (one JSON event per
// line on a watch), and changes --rate pods a second (Running <-> CrashLoopBackOff).
//
// Phase "baseline": the console with the simulator off and no cluster, --seconds long: its CPU and RSS.
// Phase "collector": the console watching the cluster, no page open, --seconds/2 of churn: the collector's own cost.
// Phase "pages": the same console, --seconds long, with --browsers signed-in pages on
//   /services filtered to one deployment (100 rows, each changed pod on screen) and one page filtered to the whole
//   namespace (every pod a row: the virtualised list). Reported: the first list (from the collector's first request
//   to every pod in the store, seen as the page count), CPU and RSS against the baseline, the time from writing a
//   watch event to the row's data-state changing in each browser (p50/p99/max), and the server's own batch ->
//   rendered-update histogram for the Services pages.
// Usage: bench/run.sh k8s.mjs [--nodes 100 --pods 1000 --rate 5 --seconds 60 --browsers 5 --churn state|restarts]
import http from 'node:http';
import { chromium } from 'playwright-core';
import { startConsole, procSample, quantile, machine, writeResult, sleep, freePort, signIn, chromiumArgs } from './lib.mjs';

const argv = process.argv;
const num = (name, fallback) => { const i = argv.indexOf('--' + name); return i > 0 ? Number(argv[i + 1]) : fallback; };
const nodeCount = num('nodes', 100), podCount = num('pods', 1000), rate = num('rate', 5), seconds = num('seconds', 60), browsers = num('browsers', 5);
const deployments = 10, perDeployment = Math.ceil(podCount / deployments);
// --churn state: pods flip Running <-> CrashLoopBackOff (each flip raises or clears an alarm);
// --churn restarts: running pods count one more restart (the row's detail changes, its state does not).
const churnMode = (() => { const i = argv.indexOf('--churn'); return i > 0 ? argv[i + 1] : 'state'; })();
const restarts = new Map();

// The API: objects by path, the resource version, open watches.
let version = 1000;
const resources = new Map();
const add = (path, kind, apiVersion, items) => resources.set(path, { kind, apiVersion, items: new Map(items.map(o => [o.metadata.name, o])), watchers: new Set() });
const started = new Date().toISOString();
const nodeObj = i => ({ metadata: { name: `olk8s${String(i).padStart(3, '0')}`, resourceVersion: String(version) }, spec: {},
  status: { allocatable: { cpu: '32', memory: '128Gi', pods: '110' }, nodeInfo: { kubeletVersion: 'v1.29.4' },
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastTransitionTime: started }] } });
const hash = d => `5f7b9c${d}d4`;
function podObj(i, crashing = false) {
  const d = i % deployments, name = `w${d}-${hash(d)}-p${String(i).padStart(4, '0')}`;
  const container = { name: `w${d}`, image: 'harbor.daq/online/dq-worker:1.12.3', imageID: '', ready: !crashing, restartCount: (crashing ? 3 : 0) + (restarts.get(i) ?? 0), started: !crashing,
    state: crashing ? { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } } : { running: { startedAt: started } } };
  return { metadata: { name, namespace: 'daq', resourceVersion: String(version), labels: { app: `w${d}`, 'pod-template-hash': hash(d) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `w${d}-${hash(d)}`, uid: `rs-${d}`, controller: true }] },
    spec: { nodeName: nodeObj(i % nodeCount).metadata.name, containers: [{ name: `w${d}`, image: container.image, resources: { requests: { cpu: '500m', memory: '1Gi' } } }] },
    status: { phase: 'Running', containerStatuses: [container] } };
}
const depObj = d => ({ metadata: { name: `w${d}`, namespace: 'daq', resourceVersion: String(version) },
  spec: { replicas: perDeployment, template: { spec: { containers: [{ name: `w${d}`, image: 'harbor.daq/online/dq-worker:1.12.3' }] } } },
  status: { replicas: perDeployment, readyReplicas: perDeployment, updatedReplicas: perDeployment } });
add('/api/v1/nodes', 'Node', 'v1', Array.from({ length: nodeCount }, (_, i) => nodeObj(i)));
add('/api/v1/namespaces/daq/pods', 'Pod', 'v1', Array.from({ length: podCount }, (_, i) => podObj(i)));
add('/apis/apps/v1/namespaces/daq/deployments', 'Deployment', 'apps/v1', Array.from({ length: deployments }, (_, d) => depObj(d)));
add('/apis/apps/v1/namespaces/daq/statefulsets', 'StatefulSet', 'apps/v1', []);
add('/api/v1/events', 'Event', 'v1', []);
let firstRequestAt = null, watchesOpenAt = null;
const apiPort = await freePort();
const api = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  firstRequestAt ??= performance.now();
  const r = resources.get(url.pathname);
  if (!r) return res.writeHead(404, { 'content-type': 'application/json' }).end('{"kind":"Status","code":404}');
  if (url.searchParams.get('watch') === 'true') {
    res.writeHead(200, { 'content-type': 'application/json' });
    r.watchers.add(res);
    if (watchesOpenAt === null && [...resources.values()].every(x => x.watchers.size > 0)) watchesOpenAt = performance.now();
    req.on('close', () => r.watchers.delete(res));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ kind: r.kind + 'List', apiVersion: r.apiVersion, metadata: { resourceVersion: String(version) }, items: [...r.items.values()] }));
});
await new Promise(r => api.listen(apiPort, '127.0.0.1', r));
const pods = resources.get('/api/v1/namespaces/daq/pods');
const sent = new Map(); // "<pod>|<state>" -> Date.now() when the event was written
function change(i, crashing) {
  version++;
  if (churnMode === 'restarts') { restarts.set(i, (restarts.get(i) ?? 0) + 1); crashing = false; }
  const o = podObj(i, crashing);
  o.metadata.resourceVersion = String(version);
  pods.items.set(o.metadata.name, o);
  const line = JSON.stringify({ type: 'MODIFIED', object: { kind: 'Pod', apiVersion: 'v1', ...o } }) + '\n';
  if (churnMode === 'state') sent.set(`${o.metadata.name}|${crashing ? 'down' : 'up'}`, Date.now());
  for (const w of pods.watchers) w.write(line);
}

async function window(pid, s) {
  const a = procSample(pid);
  const rss = [];
  for (let k = 0; k < s; k++) { await sleep(1000); rss.push(procSample(pid).rssMb); }
  const b = procSample(pid);
  return { cpuPercent: +(100 * (b.cpu - a.cpu) / (b.t - a.t)).toFixed(1), rssMb: Math.round(Math.max(...rss)) };
}

const result = { machine: machine(), nodes: nodeCount, pods: podCount, rate, churn: churnMode, seconds, browsers };
const common = ['--Simulator:Enabled=false', '--Store:MaxServices=5000'];

// Baseline: the same console without the cluster.
{
  const app = await startConsole(common);
  try {
    await sleep(5000);
    result.baseline = await window(app.proc.pid, seconds);
  } finally { app.proc.kill('SIGKILL'); }
}

const app = await startConsole([...common, `--Kubernetes:Server=http://127.0.0.1:${apiPort}`, '--Kubernetes:Cluster=bench', '--Kubernetes:Namespaces:0=daq']);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
const w0 = Array.from({ length: perDeployment }, (_, k) => k * deployments);
const crashing = new Set();
let k = 0;
// `rate` changes a second for `s` seconds; returns the console's CPU and peak RSS meanwhile.
async function churn(s) {
  const start = procSample(app.proc.pid);
  const rss = [];
  const end = Date.now() + s * 1000;
  while (Date.now() < end) {
    const i = w0[k++ % w0.length];
    const down = !crashing.has(i);
    if (down) crashing.add(i); else crashing.delete(i);
    change(i, down);
    await sleep(1000 / rate);
    if (k % rate === 0) rss.push(procSample(app.proc.pid).rssMb);
  }
  await sleep(2000);
  const stop = procSample(app.proc.pid);
  return { cpuPercent: +(100 * (stop.cpu - start.cpu) / (stop.t - start.t)).toFixed(1), rssMb: Math.round(Math.max(...rss)) };
}
try {
  // The collector alone: lists done and watches open (from the API's side), then churn with no page open.
  while (watchesOpenAt === null) await sleep(50);
  result.firstListMs = Math.round(watchesOpenAt - firstRequestAt);
  await sleep(3000);
  result.collectorOnly = await churn(seconds / 2);
  result.collectorCpuPercent = +(result.collectorOnly.cpuPercent - result.baseline.cpuPercent).toFixed(1);
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await signIn(context, app.base);
  const cookie = (await context.cookies()).map(c => `${c.name}=${c.value}`).join('; ');
  // The first list: from the collector's first request until the cluster's row counts every pod.
  const watchers = [];
  const open = async (filter) => {
    const page = await context.newPage();
    await page.goto(app.base + '/services');
    await page.waitForSelector('[data-circuit=interactive]');
    await page.fill('[data-testid=svc-search]', filter);
    return page;
  };
  const first = await open('k8s/bench');
  await first.waitForFunction(n => [...document.querySelectorAll('[data-testid=svc-row][data-name="k8s/bench"] [data-testid=svc-detail]')]
    .some(e => e.textContent.includes(`${n} pods`)), podCount, { timeout: 60_000 });
  // Pages see every change made from now on (the collector-only phase's are not counted).
  sent.clear();
  for (let b = 0; b < browsers; b++) {
    const page = b === 0 ? first : await open('');
    await page.fill('[data-testid=svc-search]', `w0-${hash(0)}`);
    await page.waitForFunction(n => document.querySelectorAll('[data-testid=svc-row]').length >= n, perDeployment, { timeout: 30_000 });
    await page.evaluate(() => {
      window.__seen = [];
      new MutationObserver(ms => { for (const m of ms) { const el = m.target; if (el.dataset?.testid === 'svc-row') window.__seen.push([el.dataset.name, el.dataset.state, Date.now()]); } })
        .observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
    });
    watchers.push(page);
  }
  // The whole namespace in one page: ~1,000 rows, only those in view rendered.
  const all = await open('ns/daq');
  const virtual = await all.evaluate(() => document.querySelectorAll('[data-testid=svc-row]').length);
  const diagBefore = await (await fetch(app.base + '/api/diagnostics/live', { headers: { cookie } })).json();

  // Churn: pods of w0 (on every watcher's screen) change state `rate` times a second.
  const before = k;
  result.withPages = await churn(seconds);
  result.rowsInDomOfNamespacePage = virtual;
  const latencies = [];
  for (const page of watchers) {
    for (const [name, state, at] of await page.evaluate(() => window.__seen)) {
      const pod = name.slice(name.lastIndexOf('/') + 1);
      const t = sent.get(`${pod}|${state}`);
      if (t !== undefined) latencies.push(at - t);
    }
  }
  result.changes = k - before;
  result.watchToBrowser = { seen: latencies.length, expected: (k - before) * browsers, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: Math.max(...latencies) };
  const diagAfter = await (await fetch(app.base + '/api/diagnostics/live', { headers: { cookie } })).json();
  const counts = diagAfter.counts.map((c, i) => c - diagBefore.counts[i]);
  const total = counts.reduce((x, y) => x + y, 0);
  const q = f => { const rank = Math.ceil(f * total); let seen = 0; for (let i = 0; i < counts.length; i++) { seen += counts[i]; if (seen >= rank) return i < diagAfter.boundsMs.length ? diagAfter.boundsMs[i] : Infinity; } return NaN; };
  result.serverBatchToRendered = { renders: total, p50: q(0.5), p99: q(0.99) };
} finally {
  await browser.close();
  app.proc.kill('SIGKILL');
  api.close();
  for (const r of resources.values()) for (const w of r.watchers) w.destroy();
}
console.log(JSON.stringify(result, null, 1));
writeResult(result);
