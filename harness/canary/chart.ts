import type { CanaryJudgment, MetricJudgment } from './judgment.ts';
import { fmt, pct } from './format.ts';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A metric's change relative to its baseline (median for continuous, rate for counts): [estimate, lower, upper] and the allowed band. */
function relative(m: MetricJudgment): { est: number; lo: number; hi: number; allowed: number } | null {
  const base = m.allowance?.base;
  if (!base || !m.interval) return null;
  const a = Math.abs(base);
  const { estimate, lower, upper } = m.interval;
  return { est: estimate / a, lo: lower / a, hi: upper / a, allowed: m.allowedChange / a };
}

/**
 * SVG chart: one row per metric, its Hodges-Lehmann interval (relative to the baseline median) drawn
 * against the allowed change band, coloured by classification (rates: Newcombe's interval). Green = clearly
 * within, amber = inconclusive (the interval reaches past the band), red = clearly worse.
 */
export function renderCanaryChart(j: CanaryJudgment): string {
  const rows = j.metrics.map((m) => ({ m, r: relative(m) }));
  const extent = Math.max(
    0.05,
    ...rows.flatMap(({ r }) => (r ? [Math.abs(r.lo), Math.abs(r.hi), r.allowed] : [])).filter(Number.isFinite),
  );
  const span = Math.min(extent * 1.15, 10);
  const W = 720;
  const left = 200;
  const right = 110;
  const rowH = 28;
  const top = 40;
  const H = top + rows.length * rowH + 30;
  const x = (v: number) => left + ((Math.max(-span, Math.min(span, v)) + span) / (2 * span)) * (W - left - right);
  const colour = {
    pass: '#2e7d32',
    inconclusive: '#ef6c00',
    high: '#c62828',
    low: '#c62828',
    'no data': '#9e9e9e',
  } as const;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<title>${esc(`canary ${j.verdict}: ${j.decision}, score ${j.score}`)}</title>`);
  out.push(
    `<text x="8" y="18" font-weight="bold">${esc(`canary ${j.verdict} (${j.decision}), score ${j.score}`)}</text>`,
  );
  out.push(
    `<text x="${W - 8}" y="18" text-anchor="end" fill="#555" font-size="11">change vs baseline, ${Math.round(j.settings.confidence * 100)}% interval; grey = allowed; * critical</text>`,
  );
  out.push(`<line x1="${x(0)}" y1="${top - 8}" x2="${x(0)}" y2="${H - 24}" stroke="#555" stroke-dasharray="3,3"/>`);
  for (const t of [-span, -span / 2, span / 2, span])
    out.push(`<text x="${x(t)}" y="${H - 8}" text-anchor="middle" fill="#555">${esc(pct(t))}</text>`);
  rows.forEach(({ m, r }, i) => {
    const y = top + i * rowH + rowH / 2;
    out.push(
      `<text x="${left - 8}" y="${y + 4}" text-anchor="end">${esc(`${m.name}${m.critical ? ' *' : ''}`)}</text>`,
    );
    if (!r) {
      out.push(
        `<text x="${x(0) + 6}" y="${y + 4}" fill="${colour['no data']}">${esc(m.classification === 'no data' ? 'no data' : 'baseline is 0: no relative scale')}</text>`,
      );
      return;
    }
    if (r.allowed > 0)
      out.push(
        `<rect x="${x(-r.allowed)}" y="${y - 9}" width="${x(r.allowed) - x(-r.allowed)}" height="18" fill="#e0e0e0"/>`,
      );
    const c = colour[m.classification];
    out.push(
      `<line x1="${x(r.lo)}" y1="${y}" x2="${x(r.hi)}" y2="${y}" stroke="${c}" stroke-width="3"><title>${esc(m.reasons.join('; '))}</title></line>`,
    );
    out.push(`<circle cx="${x(r.est)}" cy="${y}" r="4" fill="${c}"/>`);
    const label = m.spread?.flagged ? `${m.classification}: tail ${fmt(m.spread.tailRatio)}x` : m.classification;
    out.push(`<text x="${W - right + 4}" y="${y + 4}" fill="${c}" font-size="10">${esc(label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
