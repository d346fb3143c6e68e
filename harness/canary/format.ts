/** Numbers in reasons: 3 significant digits, no exponent for everyday magnitudes. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toString();
  if (a < 1e-4) return x.toExponential(2);
  return Number(x.toPrecision(3)).toString();
}

/** A fraction as a signed percentage: 0.052 -> "+5.2%". */
export function pct(x: number | null | undefined, signed = true): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  const s = Number((x * 100).toPrecision(3)).toString();
  return `${signed && x > 0 ? '+' : ''}${s}%`;
}

/** A p-value for reading: "p = 0.0123", "p < 1e-12". */
export function pv(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return 'p = n/a';
  if (p < 1e-12) return 'p < 1e-12';
  return `p = ${p < 1e-3 ? p.toExponential(2) : Number(p.toPrecision(3)).toString()}`;
}
