import type { SimulationResult } from './simulate.ts';

const W = 960;
const LEFT = 70;
const RIGHT = 200;
const PLOT_W = W - LEFT - RIGHT;
const COLOURS: Record<string, string> = {
  ks: '#1f77b4',
  wasserstein: '#d62728',
  psi: '#2ca02c',
  jensenShannon: '#9467bd',
  pageHinkley: '#8c564b',
  cusum: '#ff7f0e',
  adwin: '#17becf',
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (x: number) => (Number.isFinite(x) ? +x.toFixed(2) : 0);

interface Panel {
  top: number;
  height: number;
  yMin: number;
  yMax: number;
}

/**
 * One SVG per scenario run: the input stream (hourly mean and range) with the reference period,
 * drift onsets and the default set's alarms; each detector's statistic divided by its threshold
 * (so every threshold is the line at 1) with its alarms; and every autopilot parameter against its
 * bounds. Returns the SVG text; the caller decides where it goes.
 */
export function renderDriftChart(r: SimulationResult): string {
  const params = r.system ? Object.keys(r.system.bounds) : [];
  const panels: Panel[] = [];
  let y = 40;
  const add = (height: number, yMin: number, yMax: number) => {
    const p = { top: y, height, yMin, yMax: yMax > yMin ? yMax : yMin + 1 };
    panels.push(p);
    y += height + 36;
    return p;
  };
  const H0 = 0;
  const xOf = (t: number) => LEFT + (t / r.endMs) * PLOT_W;
  const yOf = (p: Panel, v: number) =>
    p.top + p.height - ((Math.min(p.yMax, Math.max(p.yMin, v)) - p.yMin) / (p.yMax - p.yMin)) * p.height;
  const out: string[] = [];
  const hourMs = 3_600_000;

  // Panel 1: input stream.
  const lo = Math.min(...r.hourly.min);
  const hi = Math.max(...r.hourly.max);
  const pIn = add(150, lo, hi);
  // Panel 2: statistic / threshold.
  const ratioDetectors = r.detectors.filter((d) => Number.isFinite(d.threshold) && d.values.some(Number.isFinite));
  const pDet = add(150, 0, 3);
  // Panels 3..: parameters.
  const pPar = params.map((name) => {
    const b = r.system!.bounds[name]!;
    const pad = (b.max - b.min) * 0.15 || 1;
    return { name, b, panel: add(70, b.min - pad, b.max + pad) };
  });
  const height = y + H0;

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<rect width="${W}" height="${height}" fill="#fff"/>`);
  out.push(
    `<text x="${LEFT}" y="20" font-size="14" font-weight="bold">${esc(r.scenario)} (seed ${r.seed}): ${r.endMs / 86_400_000} simulated days</text>`,
  );

  const frame = (p: Panel, title: string, ticks: number[]) => {
    out.push(`<rect x="${LEFT}" y="${p.top}" width="${PLOT_W}" height="${p.height}" fill="none" stroke="#999"/>`);
    out.push(`<text x="${LEFT}" y="${p.top - 6}" font-weight="bold">${esc(title)}</text>`);
    for (const v of ticks)
      out.push(
        `<text x="${LEFT - 6}" y="${num(yOf(p, v) + 4)}" text-anchor="end">${esc(+v.toPrecision(3) + '')}</text>`,
      );
    // Reference period and day ticks.
    out.push(
      `<rect x="${LEFT}" y="${p.top}" width="${num(xOf(r.referenceMs) - LEFT)}" height="${p.height}" fill="#000" fill-opacity="0.05"/>`,
    );
    for (const e of r.episodes) {
      const x0 = num(xOf(e.startMs));
      const x1 = num(xOf(Math.min(r.endMs, e.endMs)));
      out.push(
        `<rect x="${x0}" y="${p.top}" width="${num(x1 - x0)}" height="${p.height}" fill="#d62728" fill-opacity="0.07"/>`,
      );
      out.push(
        `<line x1="${x0}" x2="${x0}" y1="${p.top}" y2="${p.top + p.height}" stroke="#d62728" stroke-dasharray="4 3"/>`,
      );
    }
  };
  const polyline = (p: Panel, ts: readonly number[], vs: readonly number[], colour: string, width = 1) => {
    const pts: string[] = [];
    for (let i = 0; i < ts.length; i++)
      if (Number.isFinite(vs[i]!)) pts.push(`${num(xOf(ts[i]!))},${num(yOf(p, vs[i]!))}`);
    if (pts.length)
      out.push(`<polyline fill="none" stroke="${colour}" stroke-width="${width}" points="${pts.join(' ')}"/>`);
  };

  // Input stream.
  frame(pIn, 'input stream (hourly mean and range); grey: reference period; red: drift (dashed: onset)', [
    lo,
    (lo + hi) / 2,
    hi,
  ]);
  const hourTimes = r.hourly.mean.map((_, i) => (i + 1) * hourMs);
  const band = [
    ...hourTimes.map((t, i) => `${num(xOf(t))},${num(yOf(pIn, r.hourly.max[i]!))}`),
    ...hourTimes.map((t, i) => `${num(xOf(t))},${num(yOf(pIn, r.hourly.min[i]!))}`).reverse(),
  ];
  out.push(`<polygon points="${band.join(' ')}" fill="#1f77b4" fill-opacity="0.15" stroke="none"/>`);
  polyline(pIn, hourTimes, r.hourly.mean, '#1f77b4');
  const setAlarms = new Set(r.detectors.filter((d) => r.defaultSetIds.includes(d.id)).flatMap((d) => d.alarms));
  for (const t of setAlarms)
    out.push(
      `<path d="M${num(xOf(t))},${pIn.top + 2} l-4,-8 h8 z" fill="#d62728"><title>default-set alarm at day ${(t / 86_400_000).toFixed(2)}</title></path>`,
    );

  // Detector statistics.
  frame(pDet, 'detector statistic / threshold (alarm above 1; dots: alarms; PH and ADWIN: alarms only)', [0, 1, 2, 3]);
  out.push(
    `<line x1="${LEFT}" x2="${LEFT + PLOT_W}" y1="${num(yOf(pDet, 1))}" y2="${num(yOf(pDet, 1))}" stroke="#000" stroke-dasharray="6 3"/>`,
  );
  let legendY = pDet.top;
  for (const d of r.detectors) {
    const colour = COLOURS[d.id] ?? '#333';
    if (ratioDetectors.includes(d))
      polyline(
        pDet,
        d.times,
        d.values.map((v) => v / d.threshold),
        colour,
      );
    for (const t of d.alarms)
      out.push(
        `<circle cx="${num(xOf(t))}" cy="${num(yOf(pDet, ratioDetectors.includes(d) ? 1 : 2.8))}" r="3" fill="${colour}"><title>${esc(d.id)} alarm at day ${(t / 86_400_000).toFixed(2)}</title></circle>`,
      );
    const thr = Number.isFinite(d.threshold) ? ` (thr ${+d.threshold.toPrecision(3)})` : '';
    out.push(
      `<rect x="${LEFT + PLOT_W + 10}" y="${legendY + 2}" width="10" height="10" fill="${colour}"/><text x="${LEFT + PLOT_W + 24}" y="${legendY + 11}">${esc(d.id + thr)}${r.defaultSetIds.includes(d.id) ? ' *' : ''}</text>`,
    );
    legendY += 16;
  }
  out.push(`<text x="${LEFT + PLOT_W + 10}" y="${legendY + 11}" fill="#555">* default set</text>`);

  // Autopilot parameters against their bounds.
  for (const { name, b, panel } of pPar) {
    frame(panel, `autopilot ${name} (dashed: bounds [${b.min}, ${b.max}], max step ${b.maxStep})`, [b.min, b.max]);
    for (const v of [b.min, b.max])
      out.push(
        `<line x1="${LEFT}" x2="${LEFT + PLOT_W}" y1="${num(yOf(panel, v))}" y2="${num(yOf(panel, v))}" stroke="#d62728" stroke-dasharray="6 3"/>`,
      );
    const tr = r.system!.trace;
    polyline(
      panel,
      tr.map((t) => t.atMs),
      tr.map((t) => t.params[name] ?? Number.NaN),
      '#2ca02c',
    );
  }
  // Day axis under the last panel.
  const last = panels[panels.length - 1]!;
  const days = r.endMs / 86_400_000;
  for (let d = 0; d <= days; d += days > 14 ? 5 : 1)
    out.push(
      `<text x="${num(xOf(d * 86_400_000))}" y="${last.top + last.height + 14}" text-anchor="middle">day ${d}</text>`,
    );
  out.push('</svg>');
  return out.join('\n');
}
