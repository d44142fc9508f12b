// Unit tests of the topology view's pure helpers (node --test).
import test from 'node:test';
import assert from 'node:assert';
import { formatBits, formatUtil, formatMs, cardFor, metaEdges, groupOf, blockPositions } from '../src/topology-core.js';

test('bit rates read naturally', () => {
  assert.strictEqual(formatBits(0), '0 b/s');
  assert.strictEqual(formatBits(950), '950 b/s');
  assert.strictEqual(formatBits(12_500_000), '12.5 Mb/s');
  assert.strictEqual(formatBits(3_200_000_000), '3.20 Gb/s');
  assert.strictEqual(formatUtil(0.456, true), '46 %');
  assert.strictEqual(formatUtil(0.456, false), '–');
});

const t = new Proxy({}, { get: (_, k) => String(k) });

test('a server card shows reachability, its switch port, link utilization and errors', () => {
  const card = cardFor('node', { name: 'hd086', role: 'Server', addr: '10.0.0.86', reach: true, probed: true, alarm: 'hd086 error!' },
    [{ otherName: 'edge01', otherPort: 'Eth1/3', state: 'Up', util: 0.42, errs: 3.5, known: true }], t);
  assert.strictEqual(card.title, 'hd086');
  assert.strictEqual(card.alarm, 'hd086 error!');
  assert.deepStrictEqual(card.rows, [
    ['role', 'role_Server'], ['address', '10.0.0.86'], ['reachability', 'reachable'],
    ['port', 'edge01 Eth1/3'], ['link', 'state_Up, 42 %, 3.50 errorsPerSecond'],
  ]);
});

test('a link card shows both ends, speed and utilization', () => {
  const card = cardFor('edge', { an: 'sw1', pa: 'swp48', bn: 'sw2', pb: 'swp48', state: 'Down', speed: 1e10, util: 0, errs: 0, known: true }, [], t);
  assert.strictEqual(card.title, 'sw1 – sw2');
  assert.deepStrictEqual(card.rows[0], ['ends', 'sw1:swp48 ↔ sw2:swp48']);
  assert.deepStrictEqual(card.rows[2], ['speed', '10.0 Gb/s']);
});

test('collapsed groups get one meta edge per visible pair, in alarm if any member is', () => {
  const hidden = { s1: 'g:rack:edge01', s2: 'g:rack:edge01' };
  const visible = id => hidden[id] || id;
  const m = metaEdges([
    { id: 'a', source: 'edge01', target: 's1', alarm: null },
    { id: 'b', source: 'edge01', target: 's2', alarm: 's2 down!' },
    { id: 'c', source: 'edge01', target: 'core01', alarm: null },
  ], visible);
  assert.deepStrictEqual(m, [{ id: 'meta:edge01|g:rack:edge01', source: 'edge01', target: 'g:rack:edge01', count: 2, alarms: 1 }]);
});

test('grouping by role and by rack', () => {
  assert.strictEqual(groupOf({ role: 'Server', rack: 'edge01' }, 'role'), 'g:role:Server');
  assert.strictEqual(groupOf({ role: 'Server', rack: 'edge01' }, 'rack'), 'g:rack:edge01');
  assert.strictEqual(groupOf({ role: 'CoreSwitch' }, 'rack'), 'g:rack:CoreSwitch');
  assert.strictEqual(groupOf({ role: 'Server' }, 'none'), null);
});

test('a link LLDP no longer reports says when it was last seen', () => {
  const tt = { ends: 'Ends', state: 'State', utilization: 'U', errors: 'E', lastSeen: 'Last seen', ago: '{0} ago', state_Up: 'up' };
  const now = 1_800_000_000_000;
  const card = cardFor('edge', { an: 'sw2', pa: 'swp1', bn: 'srv3', pb: 'eth0', state: 'Up', speed: 0, util: 0, errs: 0, known: false, unseen: true, lastSeen: now - 12 * 60_000 }, [], tt, now);
  assert.deepStrictEqual(card.rows.at(-1), ['Last seen', '12 min ago']);
  const seen = cardFor('edge', { an: 'sw2', pa: 'swp1', bn: 'srv3', pb: 'eth0', state: 'Up', speed: 0, util: 0, errs: 0, known: false, unseen: false }, [], tt, now);
  assert.ok(!seen.rows.some(r => r[0] === 'Last seen'));
});

test('a server card shows CPU, memory and uptime when known', () => {
  const card = cardFor('node', { name: 'hd001', role: 'Server', reach: true, probed: false, cpu: 42.4, mem: 61, uptime: 3 * 3600 + 300 }, [], t);
  assert.deepStrictEqual(card.rows.slice(-3), [['cpu', '42 %'], ['memory', '61 %'], ['uptime', '3 h 5 min']]);
  const unknown = cardFor('node', { name: 'hd002', role: 'Server', reach: true, probed: false }, [], t);
  assert.ok(!unknown.rows.some(r => r[0] === 'cpu'));
});

test('a server card shows its check, round trip and loss over the window', () => {
  const tt = { ...Object.fromEntries(['role', 'reachability', 'reachable', 'check', 'roundTrip', 'mean', 'noAnswer', 'role_Server'].map(k => [k, k])),
    checkIcmp: 'ICMP echo', checkTcp: 'TCP port {0}', checkArp: 'ARP request on {0}', loss: 'Loss ({0} min)' };
  const icmp = cardFor('node', { name: 'hd001', role: 'Server', reach: true, probed: true, check: 'icmp', rtt: 0.312, rttAvg: 0.287, loss: 1.7, lossWindow: 5 }, [], tt);
  assert.deepStrictEqual(icmp.rows.slice(-3), [['check', 'ICMP echo'], ['roundTrip', '0.31 ms (mean 0.29 ms)'], ['Loss (5 min)', '1.7 %']]);
  const lost = cardFor('node', { name: 'hd010', role: 'Server', reach: false, probed: true, check: 'tcp:22', rtt: null, rttAvg: null, loss: 100, lossWindow: 5 }, [], tt);
  assert.deepStrictEqual(lost.rows.slice(-3), [['check', 'TCP port 22'], ['roundTrip', 'noAnswer'], ['Loss (5 min)', '100 %']]);
  const arp = cardFor('node', { name: 'hd020', role: 'Server', reach: true, probed: true, check: 'arp:eth1', rtt: 0.05, rttAvg: 0.06, loss: 0, lossWindow: 5 }, [], tt);
  assert.deepStrictEqual(arp.rows.slice(-3), [['check', 'ARP request on eth1'], ['roundTrip', '0.05 ms (mean 0.06 ms)'], ['Loss (5 min)', '0 %']]);
  assert.strictEqual(formatMs(42.4), '42 ms');
  const none = cardFor('node', { name: 'hd002', role: 'Server', reach: true, probed: false }, [], tt);
  assert.ok(!none.rows.some(r => r[0] === 'check'));
});

test('block layout: cores first and centred, racks in name order, no two nodes on one spot', () => {
  const units = [{ key: 'core', core: true, ids: ['c1', 'c2'] }];
  for (let r = 12; r >= 1; r--) units.push({ key: 'rack' + r, core: false, ids: r === 3 ? ['e3', 's1', 's2', 's3', 's4'] : ['g' + r] });
  const { positions, centres } = blockPositions(units, { w: 10, h: 10 });
  const all = Object.entries(positions);
  assert.strictEqual(all.length, 2 + 11 + 5);
  assert.strictEqual(new Set(all.map(([, p]) => p.x + ',' + p.y)).size, all.length);
  // Cores alone on the top row, the racks below.
  assert.ok(Math.max(positions.c1.y, positions.c2.y) < Math.min(...all.filter(([id]) => !id.startsWith('c')).map(([, p]) => p.y)));
  // Natural name order: rack2 before rack10 (left to right, then top to bottom).
  const at = k => centres[k].y * 1e6 + centres[k].x;
  assert.ok(at('rack2') < at('rack3') && at('rack3') < at('rack10'));
  // An open rack's members share a compact block around its centre.
  for (const id of ['e3', 's1', 's2', 's3', 's4']) assert.ok(Math.abs(positions[id].x - centres.rack3.x) <= 10 && Math.abs(positions[id].y - centres.rack3.y) <= 10);
});

test('a server that lost one of two uplinks has a warning line, not an alarm', () => {
  const card = cardFor('node', { name: 'srv5', role: 'Server', reach: true, probed: true, warn: 'srv5 eth1 down', alarm: null }, [], t);
  assert.strictEqual(card.alarm, null);
  assert.strictEqual(card.warn, 'srv5 eth1 down');
});
