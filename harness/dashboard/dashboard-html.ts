/**
 * A self-contained HTML dashboard (no network, no external script): the model is embedded as JSON
 * and a small script draws one SVG chart per panel, with threshold lines, change-point markers, a
 * time-range selector and drill-down from a point to its run. Pure: model in, HTML text out.
 */
import type { DashboardModel } from './dashboard-model.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JSON safe inside a <script> element: no "</script>", no "<!--". */
const scriptJson = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f6f8fa;color:#1f2328}
header{padding:16px 24px;background:#fff;border-bottom:1px solid #d0d7de}
h1{font-size:20px;margin:0}.sub{color:#59636e}
#range{padding:8px 24px;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
#range button{border:1px solid #d0d7de;background:#fff;border-radius:6px;padding:4px 10px;cursor:pointer}
#range button.on{background:#0969da;color:#fff;border-color:#0969da}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:12px;padding:12px 24px}
.panel{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px}
.panel h2{font-size:13px;margin:0 0 4px;word-break:break-word}.panel .last{color:#59636e;font-size:12px}
.panel svg{width:100%;height:auto;display:block}.pt{cursor:pointer}.pt:hover{r:5}
.drill{font-size:12px;margin-top:6px;color:#1f2328}.drill:empty{display:none}
section{padding:0 24px 24px}table{border-collapse:collapse;background:#fff;font-size:12px;width:100%}
td,th{border:1px solid #d0d7de;padding:3px 6px;text-align:left}tr.hit{background:#fff8c5}
.ev-critical{color:#cf222e}.ev-warning{color:#9a6700}`;

/** Drawing runs in the page: it reads the embedded model and never parses data as markup (textContent only). */
const SCRIPT = `
const M = JSON.parse(document.getElementById('model').textContent);
const NS = 'http://www.w3.org/2000/svg';
const W = 420, H = 160, L = 52, R = 8, T = 8, B = 22;
const el = (tag, attrs, parent) => { const e = document.createElementNS(NS, tag); for (const k in attrs) e.setAttribute(k, attrs[k]); if (parent) parent.appendChild(e); return e; };
const fmtT = (t) => M.timeAxis === 'date' ? new Date(t).toISOString().slice(0, 10) : (t / 3600000).toFixed(0) + ' h';
const fmtV = (v) => Math.abs(v) >= 1000 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toPrecision(3);
const lohi = (xs) => { let lo = Infinity, hi = -Infinity; for (const x of xs) { if (x < lo) lo = x; if (x > hi) hi = x; } return [lo, hi]; };
const [tMin, tMax] = lohi(M.panels.flatMap((p) => p.points.map((x) => x.t)).concat(M.events.map((e) => e.t)));
let from = tMin, to = tMax;
function draw() {
  for (const p of M.panels) {
    const box = document.getElementById('panel-' + p.id);
    const old = box.querySelector('svg'); if (old) old.remove();
    const pts = p.points.filter((x) => x.t >= from && x.t <= to);
    const svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
    box.insertBefore(svg, box.querySelector('.drill'));
    const title = el('title', {}, svg); title.textContent = p.title;
    const vals = pts.map((x) => x.value).concat(p.thresholds.map((h) => h.value));
    if (!pts.length) { const t = el('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', fill: '#59636e' }, svg); t.textContent = 'no points in this range'; continue; }
    let [lo, hi] = lohi(vals); if (hi === lo) { lo -= 1; hi += 1; } const pad = (hi - lo) * 0.08; lo -= pad; hi += pad;
    const t0 = from, t1 = to > from ? to : from + 1;
    const x = (t) => L + ((t - t0) / (t1 - t0)) * (W - L - R), y = (v) => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
    el('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#d0d7de' }, svg);
    for (const v of [lo + pad, hi - pad]) { const t = el('text', { x: L - 4, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#59636e' }, svg); t.textContent = fmtV(v); }
    for (const [tt, anchor] of [[t0, 'start'], [t1, 'end']]) { const t = el('text', { x: x(tt), y: H - 6, 'text-anchor': anchor, 'font-size': 10, fill: '#59636e' }, svg); t.textContent = fmtT(tt); }
    // Labels get a white halo; a threshold's label goes under its line near the top, where change-point labels sit.
    const halo = { stroke: '#fff', 'stroke-width': 3, 'paint-order': 'stroke', 'font-size': 10 };
    for (const h of p.thresholds) { el('line', { x1: L, x2: W - R, y1: y(h.value), y2: y(h.value), stroke: '#cf222e', 'stroke-dasharray': '4 3', class: 'threshold' }, svg); const t = el('text', { ...halo, x: W - R, y: y(h.value) < T + 16 ? y(h.value) + 12 : y(h.value) - 3, 'text-anchor': 'end', fill: '#cf222e', class: 'threshold-label' }, svg); t.textContent = h.label + ' ' + fmtV(h.value); }
    for (const c of p.changePoints.filter((c) => c.t >= from && c.t <= to)) { el('line', { x1: x(c.t), x2: x(c.t), y1: T, y2: H - B, stroke: '#bf8700', 'stroke-width': 1.5, class: 'change-point' }, svg); const left = x(c.t) > (L + W - R) / 2; const t = el('text', { ...halo, x: x(c.t) + (left ? -3 : 3), y: T + 8, 'text-anchor': left ? 'end' : 'start', fill: '#9a6700', class: 'change-label' }, svg); t.textContent = c.label; }
    for (const e of M.events.filter((e) => e.t >= from && e.t <= to)) el('line', { x1: x(e.t), x2: x(e.t), y1: T, y2: H - B, stroke: '#cf222e', 'stroke-opacity': 0.25 }, svg);
    el('polyline', { points: pts.map((q) => x(q.t) + ',' + y(q.value)).join(' '), fill: 'none', stroke: '#0969da', 'stroke-width': 1.5 }, svg);
    if (pts.length <= 400) for (const q of pts) {
      const c = el('circle', { cx: x(q.t), cy: y(q.value), r: 3, fill: '#0969da', class: 'pt' }, svg);
      const tip = el('title', {}, c); tip.textContent = fmtT(q.t) + ': ' + fmtV(q.value);
      c.addEventListener('click', () => drill(p, q));
    }
    box.querySelector('.last').textContent = 'last ' + fmtV(pts[pts.length - 1].value) + ' · ' + pts.length + ' point(s)';
  }
}
function drill(p, q) {
  const d = document.getElementById('panel-' + p.id).querySelector('.drill');
  const run = M.runs.find((r) => r.id === q.run);
  d.textContent = fmtT(q.t) + ': ' + fmtV(q.value) + (run ? ' · run ' + run.id + (run.commit ? ' · commit ' + run.commit.slice(0, 12) : '') + (run.branch ? ' · ' + run.branch : '') + (run.verdict ? ' · ' + run.verdict : '') : '');
  for (const tr of document.querySelectorAll('tr.hit')) tr.classList.remove('hit');
  const row = run && document.getElementById('run-' + run.id);
  if (row) { row.classList.add('hit'); row.scrollIntoView({ block: 'nearest' }); }
}
function setRange(f, t, btn) { from = f; to = t; for (const b of document.querySelectorAll('#range button')) b.classList.toggle('on', b === btn); draw(); }
const DAY = 86400000;
for (const [label, span] of [['all', 0], ['last 7 days', 7], ['last 30 days', 30], ['last 90 days', 90]]) {
  if (M.timeAxis !== 'date' && span) continue;
  const b = document.createElement('button'); b.textContent = label; b.dataset.span = String(span);
  b.addEventListener('click', () => setRange(span ? tMax - span * DAY : tMin, tMax, b));
  document.getElementById('range').appendChild(b);
}
const fromIn = document.getElementById('from'), toIn = document.getElementById('to');
const onInput = () => { const f = Date.parse(fromIn.value), t = Date.parse(toIn.value); setRange(isNaN(f) ? tMin : f, isNaN(t) ? tMax : t + DAY - 1, null); };
fromIn.addEventListener('change', onInput); toIn.addEventListener('change', onInput);
if (M.timeAxis !== 'date') { fromIn.parentElement.style.display = 'none'; }
document.querySelector('#range button').classList.add('on');
draw();
`;

/** The dashboard page. */
export function renderDashboardHtml(model: DashboardModel): string {
  const panels = model.panels
    .map(
      (p) =>
        `<div class="panel" id="panel-${esc(p.id)}"><h2>${esc(p.title)}</h2><div class="last"></div><div class="drill"></div></div>`,
    )
    .join('\n');
  const runs = model.runs
    .slice(-500)
    .reverse()
    .map(
      (r) =>
        `<tr id="run-${esc(r.id)}"><td>${esc(r.date)}</td><td>${esc(r.commit?.slice(0, 12) ?? '')}</td><td>${esc(r.branch ?? '')}</td><td>${esc(r.machine ?? '')}</td><td>${esc(r.verdict ?? '')}</td><td>${esc(r.id)}</td></tr>`,
    )
    .join('\n');
  const events = model.events
    .map(
      (e) =>
        `<tr class="ev-${e.severity}"><td>${esc(model.timeAxis === 'date' ? new Date(e.t).toISOString() : `${(e.t / 3_600_000).toFixed(1)} h`)}</td><td>${esc(e.severity)}</td><td>${esc(e.label)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(model.title)}</title><style>${STYLE}</style></head>
<body><header><h1>${esc(model.title)}</h1><div class="sub">${esc(model.subtitle)} · generated ${esc(model.generatedAt)}</div></header>
<div id="range"><span>Time range:</span><label>from <input type="date" id="from"></label><label>to <input type="date" id="to"></label></div>
<main>
${panels || '<p>No metrics stored yet.</p>'}
</main>
${events ? `<section><h2>Alert timeline</h2><table><thead><tr><th>time</th><th>severity</th><th>alert</th></tr></thead><tbody>\n${events}\n</tbody></table></section>` : ''}
${runs ? `<section><h2>Runs</h2><table><thead><tr><th>date</th><th>commit</th><th>branch</th><th>machine</th><th>verdict</th><th>run</th></tr></thead><tbody>\n${runs}\n</tbody></table></section>` : ''}
<script type="application/json" id="model">${scriptJson(model)}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
