import type { BreakerState } from './client-contract.ts';
import type { StressResults } from './analyze.ts';

const COLORS: Record<BreakerState, string> = { closed: '#2e7d32', 'half-open': '#f9a825', open: '#c62828' };
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * The breaker timeline as an SVG string: fault phases (top), the breaker's state (middle band, one
 * marker per transition with its cause as a tooltip) and the server's error share per bucket (bars).
 */
export function breakerTimelineSvg(
  title: string,
  r: Pick<StressResults, 'phases' | 'transitions' | 'buckets' | 'wallMs'>,
  faultPhases: ReadonlySet<string>,
): string {
  const W = 820;
  const L = 110;
  const R = 10;
  const endMs = Math.max(r.wallMs, ...r.phases.map((p) => p.endMs), (r.buckets.at(-1)?.startMs ?? 0) + 250, 1);
  const x = (ms: number) => L + (Math.max(0, Math.min(ms, endMs)) / endMs) * (W - L - R);
  const parts: string[] = [];
  parts.push(`<text x="8" y="16" font-weight="bold">${esc(title)}</text>`);
  // Phases.
  parts.push(`<text x="8" y="42">fault phases</text>`);
  for (const p of r.phases) {
    const fill = faultPhases.has(p.name) ? '#ffcdd2' : '#e8f5e9';
    parts.push(
      `<rect x="${x(p.startMs).toFixed(1)}" y="28" width="${(x(p.endMs) - x(p.startMs)).toFixed(1)}" height="20" fill="${fill}" stroke="#999"><title>${esc(p.name)}: ${p.startMs}-${p.endMs} ms</title></rect>`,
    );
    parts.push(`<text x="${(x(p.startMs) + 3).toFixed(1)}" y="42" font-size="11">${esc(p.name)}</text>`);
  }
  // Breaker band.
  parts.push(`<text x="8" y="72">breaker</text>`);
  let state: BreakerState = 'closed';
  let from = 0;
  const segments: Array<[number, number, BreakerState]> = [];
  for (const t of r.transitions) {
    segments.push([from, t.atMs, state]);
    state = t.to;
    from = t.atMs;
  }
  segments.push([from, endMs, state]);
  for (const [a, b, s] of segments) {
    if (b <= a) continue;
    parts.push(
      `<rect x="${x(a).toFixed(1)}" y="58" width="${Math.max(0.5, x(b) - x(a)).toFixed(1)}" height="20" fill="${COLORS[s]}"><title>${s}: ${a.toFixed(0)}-${b.toFixed(0)} ms</title></rect>`,
    );
  }
  for (const t of r.transitions) {
    parts.push(
      `<line x1="${x(t.atMs).toFixed(1)}" x2="${x(t.atMs).toFixed(1)}" y1="54" y2="82" stroke="#000" stroke-width="1"><title>${t.atMs.toFixed(0)} ms: ${t.from} → ${t.to}: ${esc(t.cause)}</title></line>`,
    );
  }
  // Server error share.
  parts.push(`<text x="8" y="112">server errors</text>`);
  const bucketW = r.buckets.length > 0 ? x(r.buckets[0]!.startMs + 250) - x(r.buckets[0]!.startMs) : 0;
  for (const b of r.buckets) {
    const share = b.total ? b.errors / b.total : 0;
    const h = share * 36;
    parts.push(
      `<rect x="${x(b.startMs).toFixed(1)}" y="${(124 - h).toFixed(1)}" width="${Math.max(0.5, bucketW - 0.5).toFixed(1)}" height="${h.toFixed(1)}" fill="#6d4c41"><title>${b.startMs} ms: ${b.errors}/${b.total} faulted</title></rect>`,
    );
  }
  // Axis.
  parts.push(`<line x1="${L}" x2="${W - R}" y1="130" y2="130" stroke="#333"/>`);
  const step = niceStep(endMs);
  for (let t = 0; t <= endMs; t += step) {
    parts.push(
      `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="130" y2="134" stroke="#333"/><text x="${x(t).toFixed(1)}" y="146" font-size="10" text-anchor="middle">${(t / 1000).toFixed(step < 1000 ? 1 : 0)} s</text>`,
    );
  }
  parts.push(
    `<text x="${L}" y="166" font-size="10"><tspan fill="${COLORS.closed}">■</tspan> closed  <tspan fill="${COLORS['half-open']}">■</tspan> half-open  <tspan fill="${COLORS.open}">■</tspan> open  · time since the load began</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="176" font-family="sans-serif" font-size="12">${parts.join('')}</svg>\n`;
}

function niceStep(span: number): number {
  for (const s of [100, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000]) if (span / s <= 12) return s;
  return 120_000;
}
