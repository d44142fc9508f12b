// Trend chart of one switch port (Network page): in/out bit rate on the left axis, errors and discards per second
// on the right, drawn by Plotly. Plotly is loaded once per page by the same loader the detector views use.
import { ensurePlotly } from './detector/dcr-heatmap.js';

/**
 * Plotly traces and layout for a series {t: [ms], in, out, err, disc} (null marks a gap: the line breaks there).
 * Pure, so it is unit-tested with node --test.
 */
export function trendFigure(data, texts) {
  const x = data.t.map(ms => new Date(ms));
  const line = (name, y, axis, colour, dash) => ({
    type: 'scatter', mode: 'lines', name, x, y, yaxis: axis, connectgaps: false,
    line: { color: colour, width: 1.5, dash: dash || 'solid' },
  });
  const traces = [
    line(texts.in, data.in, 'y', '#2f7ed8'),
    line(texts.out, data.out, 'y', '#49a35b'),
    line(texts.errors, data.err, 'y2', '#e0393e', 'dot'),
    line(texts.discards, data.disc, 'y2', '#d99a00', 'dot'),
  ];
  const layout = {
    margin: { l: 60, r: 50, t: 10, b: 30 }, showlegend: true, legend: { orientation: 'h', y: -0.2 },
    paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)', font: { size: 11, color: '#8a94a6' },
    xaxis: { type: 'date' },
    yaxis: { title: { text: 'b/s' }, rangemode: 'tozero', exponentformat: 'SI', ticksuffix: 'b/s' },
    yaxis2: { title: { text: '/s' }, overlaying: 'y', side: 'right', rangemode: 'tozero', showgrid: false },
  };
  return { traces, layout };
}

/** Draws (or redraws in place) the trend into el; data is the JSON text PortTrendChart sends. */
export async function render(el, json, texts) {
  // The panel may have closed while the call travelled: nothing to draw into.
  if (!el || !el.isConnected) return;
  const data = JSON.parse(json);
  const Plotly = await ensurePlotly();
  if (!el.isConnected) return;
  const { traces, layout } = trendFigure(data, texts);
  await Plotly.react(el, traces, layout, { displayModeBar: false, responsive: true });
  // Tests and diagnostics read how much was drawn.
  el.dataset.drawn = String(data.t.length);
}

export function dispose(el) {
  if (window.Plotly && el) window.Plotly.purge(el);
}
