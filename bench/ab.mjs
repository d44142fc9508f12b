// Two or more console builds measured by the same benchmark in one run, interleaved A B A B (the machine is shared:
// so each sees the same load as far as possible, and a drift shows in the runs of both). Each run of the script gets
// `--dll` of its build and `--json` of a temporary file; the table gives, for every numeric figure, the median over
// the repeats (each run in brackets) and the ratio of each build's median to the first build's.
// Usage: node bench/ab.mjs --dlls A.dll,B.dll[,C.dll] [--names a,b,c] [--repeats 2] [--only REGEX] SCRIPT [args...]
//        node bench/ab.mjs --from DIR --names a,b [--repeats 2] [--only REGEX]
// e.g.   node bench/ab.mjs --dlls /work/bench-before/app/OnlineConsole.dll,out/app/OnlineConsole.dll --names old,new \
//          idle.mjs --pages 20 --seconds 20
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const take = (name, def) => {
  const i = args.indexOf(name);
  if (i < 0) return def;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const dlls = (take('--dlls') ?? '').split(',').filter(Boolean).map(d => path.resolve(d));
const names = take('--names', dlls.map((_, i) => String.fromCharCode(65 + i)).join(',')).split(',');
const repeats = Number(take('--repeats', 2));
const only = new RegExp(take('--only', '.'));
// --from DIR: the table again from the raw results of an earlier run (DIR as printed at its end), nothing run.
const from = take('--from');
const [script, ...rest] = args;
if (!from && (!script || dlls.length < 2 || names.length !== dlls.length)) throw new Error('usage: node bench/ab.mjs --dlls A.dll,B.dll [--names a,b] [--repeats 2] SCRIPT [args...]');

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

const dir = from ?? mkdtempSync(path.join(tmpdir(), 'oc-ab-'));
const runs = names.map(() => []);
const started = new Date().toISOString();
for (let rep = 1; rep <= repeats; rep++) {
  for (let side = 0; side < names.length; side++) {
    if (from) {
      const result = JSON.parse(readFileSync(path.join(dir, `${side}-${rep}.json`), 'utf8'));
      runs[side].push(flatten(result));
      continue;
    }
    const json = path.join(dir, `${side}-${rep}.json`);
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.error(`# ${new Date().toISOString()} ${names[side]} #${rep} (load ${load}): node ${script} ${rest.join(' ')}`);
    execFileSync('node', [path.resolve(here, script), ...rest, '--dll', dlls[side], '--json', json], { stdio: ['ignore', 'ignore', 'inherit'] });
    const result = JSON.parse(readFileSync(json, 'utf8'));
    result.loadAverage = Number(load.split(' ')[0]);
    writeFileSync(json, JSON.stringify(result, null, 1));
    runs[side].push(flatten(result));
  }
}

const fmt = x => !Number.isFinite(x) ? '–' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(Math.abs(x) >= 10 ? 1 : 2);
const keys = [...new Set(runs.flat().flatMap(r => Object.keys(r)))].filter(k => only.test(k));
/** The median (of an even count, the mean of the middle two: with two repeats, their mean). */
const median = a => { const s = [...a].sort((x, y) => x - y), m = s.length >> 1; return !s.length ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const med = (side, k) => median(runs[side].map(r => r[k]).filter(Number.isFinite));
console.log(`${machine()}; ${started}; ${repeats} x (${names.join(', ')}), interleaved; medians (each run in brackets)`);
console.log(from ? `raw results of ${from}` : `node bench/ab.mjs ... ${script} ${rest.join(' ')}`);
const others = names.slice(1);
console.log(`| figure | ${names.join(' | ')} | ${others.map(n => `${n} / ${names[0]}`).join(' | ')} |`);
console.log(`|---|${names.map(() => '---|').join('')}${others.map(() => '---|').join('')}`);
for (const k of keys) {
  const m = runs.map((_, side) => med(side, k));
  const each = side => runs[side].map(r => fmt(r[k])).join(', ');
  console.log(`| ${k} | ${m.map((x, side) => `${fmt(x)} (${each(side)})`).join(' | ')} | ${m.slice(1).map(x => m[0] ? fmt(x / m[0]) : '–').join(' | ')} |`);
}
console.log(`raw results: ${dir}`);
