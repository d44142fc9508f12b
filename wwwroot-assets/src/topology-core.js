// Pure helpers of the topology view (no DOM, no cytoscape), unit-tested with node --test.

/** Bits per second as a short text: 950 b/s, 12.5 Mb/s, 3.20 Gb/s. */
export function formatBits(bps) {
  if (!(bps > 0)) return '0 b/s';
  const units = ['b/s', 'kb/s', 'Mb/s', 'Gb/s', 'Tb/s'];
  let u = 0;
  while (bps >= 1000 && u < units.length - 1) { bps /= 1000; u++; }
  return (bps >= 100 || u === 0 ? bps.toFixed(0) : bps >= 10 ? bps.toFixed(1) : bps.toFixed(2)) + ' ' + units[u];
}

/** Utilization as a percentage, or a dash when the rate is not known yet. */
export function formatUtil(util, known) {
  return known ? (util * 100).toFixed(util < 0.1 ? 1 : 0) + ' %' : '–';
}

/** A duration as "40 s", "12 min", "3 h 5 min" (t.ago holds the pattern, e.g. "{0} ago"). */
export function formatAgo(ms, t) {
  const s = Math.max(0, Math.round(ms / 1000));
  const text = s < 60 ? s + ' s' : s < 3600 ? Math.floor(s / 60) + ' min' : Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  return (t && t.ago ? t.ago : '{0} ago').replace('{0}', text);
}

/**
 * The hover card of an element: a title, an alarm line when in alarm (or a warning line, e.g. one of two
 * uplinks down), and [label, value] rows.
 * node: node data; links: data of the edges touching it (with the far end's id in `other`).
 * t: translated labels.
 */
/** A round trip in milliseconds: two decimals below 10 ms (LAN times are fractions of one), whole ones above. */
export function formatMs(ms) {
  return (ms < 10 ? ms.toFixed(2) : ms.toFixed(0)) + ' ms';
}

export function cardFor(kind, data, links, t, now = Date.now()) {
  const rows = [];
  if (kind === 'edge') {
    rows.push([t.ends, `${data.an}:${data.pa} ↔ ${data.bn}:${data.pb}`]);
    rows.push([t.state, t['state_' + data.state] || data.state]);
    if (data.speed > 0) rows.push([t.speed, formatBits(data.speed)]);
    rows.push([t.utilization, formatUtil(data.util, data.known)]);
    rows.push([t.errors, data.known ? data.errs.toFixed(2) + ' /s' : '–']);
    if (data.static) rows.push([t.source, t.staticLink]);
    // A link LLDP no longer reports: kept on the map until Network:ForgetLinksAfter, with its age.
    if (data.unseen) rows.push([t.lastSeen, data.lastSeen ? formatAgo(now - data.lastSeen, t) : '–']);
    return { title: data.an + ' – ' + data.bn, alarm: data.alarm || null, warn: data.warn || null, rows };
  }
  rows.push([t.role, t['role_' + data.role] || data.role]);
  if (data.addr) rows.push([t.address, data.addr]);
  rows.push([t.reachability, !data.probed ? (data.reach ? t.seen : t.notSeen) : data.reach ? t.reachable : t.unreachable]);
  if (data.role === 'Server') {
    for (const l of links) {
      rows.push([t.port, `${l.otherName} ${l.otherPort}`]);
      rows.push([t.link, (t['state_' + l.state] || l.state) + (l.known ? ', ' + formatUtil(l.util, true) + ', ' + l.errs.toFixed(2) + ' ' + t.errorsPerSecond : '')]);
    }
  } else {
    rows.push([t.ports, `${data.up} ${t.up} / ${data.down} ${t.down} / ${data.ports}`]);
    if (data.maxUtil != null) rows.push([t.maxUtilization, formatUtil(data.maxUtil, true)]);
  }
  // The reachability check, the last round trip (mean over the window beside it) and the loss over the window.
  if (data.check) {
    const [kind, arg] = [data.check.slice(0, 3), data.check.slice(4)];
    rows.push([t.check, kind === 'tcp' ? t.checkTcp.replace('{0}', arg) : kind === 'arp' ? t.checkArp.replace('{0}', arg) : t.checkIcmp]);
    rows.push([t.roundTrip, data.rtt != null ? formatMs(data.rtt) + (data.rttAvg != null ? ' (' + t.mean + ' ' + formatMs(data.rttAvg) + ')' : '') : t.noAnswer]);
    if (data.loss != null) rows.push([t.loss.replace('{0}', data.lossWindow ?? ''), data.loss.toFixed(data.loss > 0 && data.loss < 10 ? 1 : 0) + ' %']);
  }
  if (data.cpu != null) rows.push([t.cpu, data.cpu.toFixed(0) + ' %']);
  if (data.mem != null) rows.push([t.memory, data.mem.toFixed(0) + ' %']);
  if (data.uptime != null) rows.push([t.uptime, formatAgo(data.uptime * 1000, { ago: '{0}' })]);
  if (data.metrics) for (const [k, v] of Object.entries(data.metrics)) rows.push([k, v]);
  return { title: data.name, alarm: data.alarm || null, warn: data.warn || null, rows };
}

/**
 * Edges between what is visible when groups are collapsed: every edge whose end is hidden is drawn to the
 * collapsed group instead, once per pair of visible ends, in alarm when any edge it stands for is.
 * edges: [{id, source, target, alarm}]; visible(id) gives the visible stand-in of a node id.
 */
export function metaEdges(edges, visible) {
  const byPair = new Map();
  for (const e of edges) {
    const a = visible(e.source), b = visible(e.target);
    if (a === e.source && b === e.target) continue;
    if (a === b) continue;
    const key = a < b ? a + '|' + b : b + '|' + a;
    let m = byPair.get(key);
    if (!m) { m = { id: 'meta:' + key, source: a, target: b, count: 0, alarms: 0 }; byPair.set(key, m); }
    m.count++;
    if (e.alarm) m.alarms++;
  }
  return [...byPair.values()];
}

/** The group a node belongs to under a grouping mode ('none', 'role', 'rack'). */
export function groupOf(data, mode) {
  if (mode === 'role') return 'g:role:' + data.role;
  if (mode === 'rack') return 'g:rack:' + (data.rack || data.role);
  return null;
}

const byName = new Intl.Collator('en', { numeric: true });

/**
 * Positions for a large graph without a force layout (which takes seconds beyond ~150 nodes): every unit (a
 * collapsed group, an open group's members, or a lone node) is a block of cells, members in a square-ish grid;
 * the units holding core switches make the first row, centred; the others follow in name order, row by row, in
 * a landscape rectangle. O(nodes), the same picture every time, and racks stay where they were when one opens.
 * units: [{ key, core, ids: [node ids] }]. Returns { id: { x, y } } and the centre of each unit by key.
 */
export function blockPositions(units, cell = { w: 70, h: 54 }) {
  const positions = {}, centres = {};
  const size = u => { const cols = Math.max(1, Math.ceil(Math.sqrt(u.ids.length))); return { cols, rows: Math.max(1, Math.ceil(u.ids.length / cols)) }; };
  const sorted = [...units].sort((a, b) => (a.core === b.core ? byName.compare(a.key, b.key) : a.core ? -1 : 1));
  const cells = sorted.reduce((n, u) => { const s = size(u); return n + (s.cols + 1) * (s.rows + 1); }, 0);
  const width = Math.max(4, Math.ceil(Math.sqrt(cells) * 1.6));
  const rows = [];
  let row = null;
  for (const u of sorted) {
    const s = size(u);
    // Core units share the first row; the rest fill rows up to the width.
    if (!row || (u.core !== row.core) || row.used + s.cols > width) { row = { core: u.core, used: 0, height: 0, items: [] }; rows.push(row); }
    row.items.push({ u, s, at: row.used });
    row.used += s.cols + 1;
    row.height = Math.max(row.height, s.rows);
  }
  let y = 0;
  for (const r of rows) {
    const shift = r.core ? Math.max(0, (width - r.used) / 2) : 0;
    for (const { u, s, at } of r.items) {
      u.ids.forEach((id, i) => { positions[id] = { x: (shift + at + (i % s.cols)) * cell.w, y: (y + Math.floor(i / s.cols)) * cell.h }; });
      centres[u.key] = { x: (shift + at + (s.cols - 1) / 2) * cell.w, y: (y + (s.rows - 1) / 2) * cell.h };
    }
    y += r.height + 1;
  }
  return { positions, centres };
}
