// Two console builds measured by the same benchmark in one run, interleaved A B A B (B A on even repeats would
// hide a drift; the machine is shared, so both see the same load as far as possible). Each run of the script gets
// `--dll` of its side and `--json` of a temporary file; the table gives the median over the repeats of every
// numeric figure and the ratio B / A.
// Usage: node bench/ab.mjs --a OLD.dll --b NEW.dll [--names old,new] [--repeats 2] [--only REGEX] SCRIPT [args...]
// e.g.   node bench/ab.mjs --a /work/bench-before/app/OnlineConsole.dll --b bench/out/app/OnlineConsole.dll \
//          idle.mjs --pages 20 --seconds 20
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, quantile } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const take = (name, def) => {
  const i = args.indexOf(name);
  if (i < 0) return def;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const dlls = { a: path.resolve(take('--a')), b: path.resolve(take('--b')) };
const names = take('--names', 'A,B').split(',');
const repeats = Number(take('--repeats', 2));
const only = new RegExp(take('--only', '.'));
const [script, ...rest] = args;
if (!script || !dlls.a || !dlls.b) throw new Error('usage: node bench/ab.mjs --a DLL --b DLL [--names a,b] [--repeats 2] SCRIPT [args...]');

/** Numeric leaves of a result as flat keys; rows of a results array are named by their mode and pages. */
function flatten(x, prefix = '', out = {}) {
  if (typeof x === 'number') { out[prefix] = x; return out; }
  if (Array.isArray(x)) {
    x.forEach((e, i) => flatten(e, `${prefix}[${e && e.mode !== undefined ? `${e.mode} ${e.pages}` : i}]`, out));
    return out;
  }
  if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) if (k !== 'mode' && k !== 'pages' || !prefix.endsWith(']')) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

const dir = mkdtempSync(path.join(tmpdir(), 'oc-ab-'));
const runs = { a: [], b: [] };
const started = new Date().toISOString();
for (let rep = 1; rep <= repeats; rep++) {
  for (const side of ['a', 'b']) {
    const json = path.join(dir, `${side}${rep}.json`);
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.error(`# ${new Date().toISOString()} ${names[side === 'a' ? 0 : 1]} #${rep} (load ${load}): node ${script} ${rest.join(' ')}`);
    execFileSync('node', [path.join(here, script), ...rest, '--dll', dlls[side], '--json', json], { stdio: ['ignore', 'ignore', 'inherit'] });
    const result = JSON.parse(readFileSync(json, 'utf8'));
    result.loadAverage = Number(load.split(' ')[0]);
    runs[side].push(flatten(result));
  }
}

const fmt = x => !Number.isFinite(x) ? '–' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(Math.abs(x) >= 10 ? 1 : 2);
const keys = [...new Set([...runs.a, ...runs.b].flatMap(r => Object.keys(r)))].filter(k => only.test(k));
const med = (side, k) => quantile(runs[side].map(r => r[k]).filter(Number.isFinite), 0.5);
console.log(`${machine()}; ${started}; ${repeats} x (${names.join(', ')}), interleaved; medians (each run in brackets)`);
console.log(`node bench/ab.mjs ... ${script} ${rest.join(' ')}`);
console.log(`| figure | ${names[0]} | ${names[1]} | ${names[1]} / ${names[0]} |`);
console.log('|---|---|---|---|');
for (const k of keys) {
  const a = med('a', k), b = med('b', k);
  const each = side => runs[side].map(r => fmt(r[k])).join(', ');
  console.log(`| ${k} | ${fmt(a)} (${each('a')}) | ${fmt(b)} (${each('b')}) | ${a ? fmt(b / a) : '–'} |`);
}
