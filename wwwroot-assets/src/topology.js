// Network topology view: a cytoscape graph of switches, servers and links, fed by the server with the whole
// element list once and then only what changed. Hover cards are computed here from the element data; a click
// asks the server for the detail panel.
import cytoscape from '../lib/cytoscape.esm.min.mjs';
import { cardFor, metaEdges, groupOf, blockPositions } from './topology-core.js';

const ROLE_SHAPE = { CoreSwitch: 'round-rectangle', EdgeSwitch: 'round-rectangle', Server: 'ellipse' };

function style() {
  return [
    { selector: 'node', style: { 'label': 'data(label)', 'font-size': 9, 'text-valign': 'bottom', 'text-margin-y': 2, 'color': '#8a94a6', 'background-color': '#4f7cc0', 'width': 14, 'height': 14 } },
    { selector: 'node[role = "CoreSwitch"]', style: { 'shape': 'round-rectangle', 'width': 34, 'height': 18, 'background-color': '#2f5597', 'font-size': 11, 'font-weight': 'bold' } },
    { selector: 'node[role = "EdgeSwitch"]', style: { 'shape': 'round-rectangle', 'width': 26, 'height': 14, 'background-color': '#3d6bb3' } },
    { selector: 'node.warn', style: { 'background-color': '#e0a100', 'color': '#b07d00', 'font-weight': 'bold' } },
    { selector: 'node.alarm', style: { 'background-color': '#e0393e', 'color': '#e0393e', 'font-weight': 'bold', 'font-size': 11 } },
    { selector: 'node.group', style: { 'shape': 'round-rectangle', 'background-opacity': 0.06, 'border-width': 1, 'border-color': '#8a94a6', 'label': 'data(label)', 'text-valign': 'top', 'color': '#8a94a6', 'font-size': 10 } },
    { selector: 'node.group.collapsed', style: { 'width': 40, 'height': 24, 'background-opacity': 0.25, 'background-color': '#4f7cc0', 'text-valign': 'center' } },
    { selector: 'node.group.collapsed.alarm', style: { 'background-color': '#e0393e', 'background-opacity': 0.6, 'color': '#e0393e' } },
    { selector: 'edge', style: { 'width': 'mapData(util, 0, 1, 1, 6)', 'line-color': '#7f8ea3', 'curve-style': 'straight', 'opacity': 0.8 } },
    { selector: 'edge[level = "Warning"]', style: { 'line-color': '#e0a100' } },
    { selector: 'edge[level = "Alarm"]', style: { 'line-color': '#e0393e' } },
    { selector: 'edge[state = "Down"]', style: { 'line-style': 'dashed' } },
    { selector: 'edge[?unseen]', style: { 'line-style': 'dashed', 'line-dash-pattern': [2, 4], 'opacity': 0.5 } },
    { selector: 'edge.warn', style: { 'line-color': '#e0a100', 'width': 2, 'label': 'data(warn)', 'font-size': 9, 'color': '#b07d00', 'text-background-color': '#fff', 'text-background-opacity': 0.8 } },
    { selector: 'edge.alarm', style: { 'line-color': '#e0393e', 'width': 3, 'label': 'data(alarm)', 'font-size': 10, 'color': '#e0393e', 'font-weight': 'bold', 'text-background-color': '#fff', 'text-background-opacity': 0.8 } },
    { selector: 'edge.meta', style: { 'width': 'mapData(count, 1, 50, 1.5, 6)', 'line-color': '#9aa4b5', 'label': 'data(label)', 'font-size': 8 } },
    { selector: 'edge.meta.alarm', style: { 'line-color': '#e0393e' } },
    { selector: '.hidden', style: { 'display': 'none' } },
    { selector: ':selected', style: { 'border-width': 3, 'border-color': '#d99a00', 'line-color': '#d99a00' } },
    { selector: '.found', style: { 'border-width': 4, 'border-color': '#d99a00' } },
  ];
}

class Topology {
  constructor(el, dotnet, texts) {
    this.el = el;
    this.dotnet = dotnet;
    this.t = texts;
    this.mode = 'rack';
    this.collapsed = new Set();
    this.first = true;
    this.card = document.createElement('div');
    this.card.className = 'topo-card';
    this.card.hidden = true;
    el.parentElement.appendChild(this.card);
    this.cy = cytoscape({ container: el, style: style(), wheelSensitivity: 0.3, minZoom: 0.05, maxZoom: 4 });
    // Tests and diagnostics reach the graph through the container.
    el.__cy = this.cy;
    this.cy.on('mouseover', 'node, edge', e => this.showCard(e.target, e.renderedPosition));
    this.cy.on('mouseout', 'node, edge', () => { this.card.hidden = true; });
    this.cy.on('tap', 'node, edge', e => this.tap(e.target));
    this.cy.on('dbltap', 'node.group', e => this.toggle(e.target.id()));
  }

  /** Adds or replaces elements (JSON array text) and removes ids; lays out when nodes came or went. */
  update(changedJson, removed) {
    const t0 = performance.now();
    const changed = JSON.parse(changedJson);
    let structural = removed.length > 0;
    this.cy.batch(() => {
      for (const id of removed) this.cy.getElementById(id).remove();
      for (const d of changed) {
        const existing = this.cy.getElementById(d.id);
        if (existing.nonempty()) {
          existing.data(d);
        } else if (d.kind === 'edge') {
          this.cy.add({ group: 'edges', data: d });
          structural = true;
        } else {
          // Straight into its group: moving thousands of nodes into parents afterwards takes seconds.
          const g = groupOf(d, this.mode);
          if (g) this.ensureGroup(g);
          this.cy.add({ group: 'nodes', data: g ? { ...d, parent: g } : d });
          structural = true;
        }
        this.cy.getElementById(d.id).toggleClass('alarm', !!d.alarm).toggleClass('warn', !d.alarm && !!d.warn);
      }
      if (structural) this.applyGroups();
      // A big network opens with its groups closed, so 2,000 servers arrive as a few dozen boxes.
      if (this.first && this.cy.nodes('[kind = "node"]').length > 300) this.collapsed = new Set(this.cy.nodes('.group').filter(g => !g.children('[role = "CoreSwitch"]').nonempty()).map(g => g.id()));
      this.first = false;
      this.applyCollapse();
    });
    if (structural) this.layout();
    this.el.dataset.nodes = String(this.cy.nodes('[kind = "node"]').length);
    this.el.dataset.edges = String(this.cy.edges('[kind = "edge"]').length);
    this.el.dataset.alarmEdges = String(this.cy.edges('[kind = "edge"].alarm').length);
    this.el.dataset.version = String((Number(this.el.dataset.version) || 0) + 1);
    // How long the browser spent on this update (parse, apply, layout): read by the scale test.
    this.el.dataset.updateMs = (performance.now() - t0).toFixed(0);
  }

  /** Host metrics and probe figures by node id ({id: [cpu, mem, bootMs, check, rtt, rttAvg, loss, windowMin]}), read by the hover card only: nothing is restyled. */
  setMetrics(json) { this.metrics = JSON.parse(json); }

  setGrouping(mode) {
    this.mode = mode;
    this.collapsed.clear();
    this.cy.batch(() => { this.applyGroups(); this.applyCollapse(); });
    this.layout();
  }

  /** Puts every node under its group's compound parent, creating and dropping parents as needed. */
  applyGroups() {
    const wanted = new Map();
    this.cy.nodes('[kind = "node"]').forEach(n => {
      const g = groupOf(n.data(), this.mode);
      if (g && !wanted.has(g)) wanted.set(g, g.split(':').slice(2).join(':'));
    });
    this.cy.nodes('.group').forEach(g => { if (!wanted.has(g.id())) { g.children().move({ parent: null }); g.remove(); } });
    for (const id of wanted.keys()) this.ensureGroup(id);
    this.cy.nodes('[kind = "node"]').forEach(n => {
      const g = groupOf(n.data(), this.mode);
      if ((n.parent().id() || null) !== g) n.move({ parent: g });
    });
  }

  ensureGroup(id) {
    if (this.cy.getElementById(id).nonempty()) return;
    const label = id.split(':').slice(2).join(':');
    this.cy.add({ group: 'nodes', data: { id, label, name: label, kind: 'group' }, classes: 'group' });
  }

  /** Hides members of collapsed groups and draws meta edges to the groups instead. */
  applyCollapse() {
    this.cy.remove('edge.meta');
    this.cy.nodes('.group').forEach(g => {
      const closed = this.collapsed.has(g.id());
      const members = g.children();
      g.toggleClass('collapsed', closed);
      members.toggleClass('hidden', closed);
      const alarms = members.filter('.alarm').length;
      g.data('label', closed ? `${g.data('name')} (${members.length}${alarms ? ', ' + alarms + ' !' : ''})` : g.data('name'));
      g.toggleClass('alarm', closed && alarms > 0);
    });
    const visible = id => {
      const n = this.cy.getElementById(id);
      const p = n.parent();
      return p.nonempty() && this.collapsed.has(p.id()) ? p.id() : id;
    };
    const edges = this.cy.edges('[kind = "edge"]');
    edges.forEach(e => e.toggleClass('hidden', visible(e.data('source')) !== e.data('source') || visible(e.data('target')) !== e.data('target')));
    const meta = metaEdges(edges.map(e => ({ id: e.id(), source: e.data('source'), target: e.data('target'), alarm: e.data('alarm') })), visible);
    for (const m of meta) {
      this.cy.add({ group: 'edges', data: { ...m, kind: 'meta', label: m.count > 1 ? String(m.count) : '' }, classes: 'meta' + (m.alarms ? ' alarm' : '') });
    }
  }

  toggle(groupId) {
    if (this.collapsed.has(groupId)) this.collapsed.delete(groupId); else this.collapsed.add(groupId);
    this.cy.batch(() => this.applyCollapse());
    this.layout();
  }

  collapseAll(closed) {
    this.collapsed = new Set(closed ? this.cy.nodes('.group').map(g => g.id()) : []);
    this.cy.batch(() => this.applyCollapse());
    this.layout();
  }

  layout() {
    const t0 = performance.now();
    const done = () => {
      this.el.dataset.layoutMs = (performance.now() - t0).toFixed(0);
      this.el.dataset.layouts = String((Number(this.el.dataset.layouts) || 0) + 1);
      this.el.dataset.visibleNodes = String(this.cy.nodes(':visible').length);
    };
    const n = this.cy.nodes(':visible').length;
    // cose reads compound groups well but takes seconds beyond ~150 visible nodes (2.4 s for 200 in headless
    // Chromium); past that, blocks by group (blockPositions) are instant and easier to scan.
    if (n > 150) {
      this.blockLayout();
      done();
      return;
    }
    const layout = this.cy.elements(':visible').layout({ name: 'cose', animate: false, randomize: true, nodeRepulsion: 8000, idealEdgeLength: 40, numIter: 600, fit: true, padding: 20 });
    layout.one('layoutstop', done);
    layout.run();
  }

  /** Places every node by blockPositions; the hidden members of a collapsed group sit at its centre. */
  blockLayout() {
    const units = [];
    const isCore = nodes => nodes.some(x => x.data('role') === 'CoreSwitch');
    const order = (a, b) => (a.data('role') === 'Server') - (b.data('role') === 'Server') || a.data('name').localeCompare(b.data('name'), 'en', { numeric: true });
    this.cy.nodes('.group').forEach(g => {
      const members = g.children().toArray();
      const closed = this.collapsed.has(g.id());
      units.push({ key: g.id(), core: isCore(members), ids: closed ? [g.id()] : members.sort(order).map(x => x.id()), hidden: closed ? members : [] });
    });
    this.cy.nodes('[kind = "node"]').orphans().forEach(x => units.push({ key: x.id(), core: isCore([x]), ids: [x.id()], hidden: [] }));
    const { positions, centres } = blockPositions(units);
    this.cy.batch(() => {
      for (const u of units) {
        for (const id of u.ids) { const x = this.cy.getElementById(id); if (!x.isParent()) x.position(positions[id]); }
        for (const h of u.hidden) h.position(centres[u.key]);
        if (u.hidden.length) this.cy.getElementById(u.key).position(centres[u.key]);
      }
    });
    // Fit to the known positions: cy.fit would measure every label's box first, which alone took a second here.
    const pts = units.flatMap(u => u.hidden.length ? [centres[u.key]] : u.ids.map(id => positions[id]));
    const xs = pts.map(p => p.x), ys = pts.map(p => p.y);
    const [x1, x2, y1, y2] = [Math.min(...xs) - 50, Math.max(...xs) + 50, Math.min(...ys) - 40, Math.max(...ys) + 40];
    const w = this.el.clientWidth || 800, h = this.el.clientHeight || 600;
    const zoom = Math.min(this.cy.maxZoom(), Math.max(this.cy.minZoom(), Math.min(w / (x2 - x1), h / (y2 - y1))));
    this.cy.viewport({ zoom, pan: { x: (w - (x1 + x2) * zoom) / 2, y: (h - (y1 + y2) * zoom) / 2 } });
  }

  fit() { this.cy.fit(this.cy.elements(':visible'), 20); }

  /** Finds nodes whose name contains the text, opens their groups, selects and centres them; returns the count. */
  search(text) {
    this.cy.elements().removeClass('found');
    const q = (text || '').trim().toLowerCase();
    if (!q) return 0;
    const hits = this.cy.nodes('[kind = "node"]').filter(n => n.data('name').toLowerCase().includes(q));
    let opened = false;
    hits.forEach(n => { const p = n.parent(); if (p.nonempty() && this.collapsed.delete(p.id())) opened = true; });
    if (opened) { this.cy.batch(() => this.applyCollapse()); this.layout(); }
    hits.addClass('found');
    if (hits.nonempty()) this.cy.animate({ fit: { eles: hits, padding: 80 }, duration: 200 });
    return hits.length;
  }

  showCard(target, at) {
    const d = target.data();
    if (d.kind !== 'node' && d.kind !== 'edge') { this.card.hidden = true; return; }
    const links = d.kind === 'node' ? target.connectedEdges('[kind = "edge"]').map(e => {
      const ed = e.data();
      const mine = ed.source === d.id;
      return { otherName: mine ? ed.bn : ed.an, otherPort: mine ? ed.pb : ed.pa, state: ed.state, util: ed.util, errs: ed.errs, known: ed.known };
    }) : [];
    const m = d.kind === 'node' && this.metrics ? this.metrics[d.id] : null;
    const data = m ? {
      ...d, cpu: m[0], mem: m[1], uptime: m[2] != null ? (Date.now() - m[2]) / 1000 : null,
      check: m[3] ?? null, rtt: m[4] ?? null, rttAvg: m[5] ?? null, loss: m[6] ?? null, lossWindow: m[7] ?? null,
    } : d;
    const card = cardFor(d.kind, data, links, this.t);
    this.card.replaceChildren();
    const title = document.createElement('div');
    title.className = 'topo-card-title';
    title.textContent = card.title;
    this.card.appendChild(title);
    if (card.alarm || card.warn) {
      const a = document.createElement('div');
      a.className = card.alarm ? 'topo-card-alarm' : 'warn';
      a.textContent = card.alarm || card.warn;
      this.card.appendChild(a);
    }
    const table = document.createElement('table');
    for (const [k, v] of card.rows) {
      const tr = table.insertRow();
      tr.insertCell().textContent = k;
      tr.insertCell().textContent = v;
    }
    this.card.appendChild(table);
    this.card.hidden = false;
    // Beside the pointer, on whichever side keeps the card inside the graph.
    const w = this.el.clientWidth, h = this.el.clientHeight;
    const cw = this.card.offsetWidth, ch = this.card.offsetHeight;
    this.card.style.left = (at.x + 14 + cw > w ? Math.max(0, at.x - 14 - cw) : at.x + 14) + 'px';
    this.card.style.top = (at.y + 14 + ch > h ? Math.max(0, at.y - 14 - ch) : at.y + 14) + 'px';
  }

  tap(target) {
    const d = target.data();
    if (d.kind === 'node' || d.kind === 'edge') this.dotnet.invokeMethodAsync('Select', d.id);
  }

  dispose() {
    this.cy.destroy();
    this.card.remove();
  }
}

/** The view; the server calls its methods (update, setMetrics, setGrouping, collapseAll, fit, search, dispose) by reference. */
export function create(el, dotnet, texts) {
  // The page may have been left while this module loaded: no element, no view.
  if (!el || !el.isConnected) return null;
  return new Topology(el, dotnet, texts);
}
