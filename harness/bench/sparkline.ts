/**
 * A small SVG line chart of a benchmark's history (pure: values in, SVG text out). The last point
 * is marked; a dashed line shows the first value, so a trend reads at a glance.
 */
export interface SparklineOptions {
  width?: number;
  height?: number;
  /** Accessible title, e.g. "planner/select 100: median ms, last 30 runs". */
  title?: string;
  /** Stroke colour of the line. */
  color?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (x: number) => (Math.round(x * 100) / 100).toString();

/** SVG text of a sparkline of `values` (non-finite values are skipped). */
export function sparklineSvg(values: readonly number[], opts: SparklineOptions = {}): string {
  const width = opts.width ?? 120;
  const height = opts.height ?? 24;
  const color = opts.color ?? '#1f6feb';
  const pad = 2;
  const pts = values.map((v, i) => [i, v] as const).filter(([, v]) => Number.isFinite(v));
  const title = opts.title ? `<title>${esc(opts.title)}</title>` : '';
  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">${title}`;
  if (pts.length === 0) return `${open}</svg>`;
  let lo = Math.min(...pts.map(([, v]) => v));
  let hi = Math.max(...pts.map(([, v]) => v));
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const n = values.length;
  const x = (i: number) => (n === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (n - 1));
  const y = (v: number) => height - pad - ((v - lo) * (height - 2 * pad)) / (hi - lo);
  const path = pts.map(([i, v], k) => `${k === 0 ? 'M' : 'L'}${fmt(x(i))} ${fmt(y(v))}`).join(' ');
  const [li, lv] = pts[pts.length - 1]!;
  const first = pts[0]![1];
  return (
    `${open}<line x1="${pad}" x2="${width - pad}" y1="${fmt(y(first))}" y2="${fmt(y(first))}" stroke="#999" stroke-width="0.5" stroke-dasharray="2 2"/>` +
    `<path d="${path}" fill="none" stroke="${color}" stroke-width="1.2" stroke-linejoin="round"/>` +
    `<circle cx="${fmt(x(li))}" cy="${fmt(y(lv))}" r="1.8" fill="${color}"/></svg>`
  );
}
