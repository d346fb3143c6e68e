/**
 * What a baseline update would change, one line per benchmark or metric: old → new with the change
 * in %, per file. A bench baseline is summarised per benchmark (the median of its repetitions'
 * means), a stress baseline per scenario metric and failure count, not field by field (a 10% change
 * would otherwise list every repetition's sample count). Pure functions over parsed JSON.
 */

export interface FieldChange {
  path: string;
  old?: number;
  new?: number;
  /** (new - old) / |old| in %, when both exist and old is not 0. */
  pct?: number;
}

export interface FileChange {
  file: string;
  status: 'new' | 'changed' | 'unchanged';
  fields: FieldChange[];
}

/** Numeric leaves of a JSON value by dotted path; provenance is where, not what, and is skipped. */
export function numericLeaves(value: unknown, prefix = '', out = new Map<string, number>()): Map<string, number> {
  if (typeof value === 'number' && Number.isFinite(value)) out.set(prefix || '(value)', value);
  else if (Array.isArray(value)) value.forEach((v, i) => numericLeaves(v, `${prefix}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (!(prefix === '' && k === 'provenance')) numericLeaves(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The figures a reviewer compares, by name: per benchmark, per scenario metric, else every numeric field. */
export function baselineFigures(value: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (isRecord(value) && isRecord(value.benchmarks)) {
    for (const [id, b] of Object.entries(value.benchmarks)) {
      const means = isRecord(b) && Array.isArray(b.reps) ? b.reps.flatMap((r) => (isRecord(r) && typeof r.mean === 'number' ? [r.mean] : [])) : [];
      if (means.length) out.set(`${id} (median of repetition means)`, median(means));
    }
    return out;
  }
  if (isRecord(value) && isRecord(value.scenarios)) {
    for (const [name, sc] of Object.entries(value.scenarios)) {
      if (!isRecord(sc)) continue;
      for (const group of ['metrics', 'failures'] as const) {
        const g = sc[group];
        if (isRecord(g)) for (const [k, v] of Object.entries(g)) if (typeof v === 'number' && Number.isFinite(v)) out.set(`${name} ${group === 'failures' ? `failures.${k}` : k}`, v);
      }
    }
    return out;
  }
  return numericLeaves(value);
}

export function diffBaseline(file: string, oldValue: unknown, newValue: unknown): FileChange {
  const before = oldValue === undefined ? new Map<string, number>() : baselineFigures(oldValue);
  const after = baselineFigures(newValue);
  const fields: FieldChange[] = [];
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    const o = before.get(path);
    const n = after.get(path);
    if (o === n) continue;
    fields.push({ path, old: o, new: n, ...(o !== undefined && n !== undefined && o !== 0 ? { pct: ((n - o) / Math.abs(o)) * 100 } : {}) });
  }
  const status = oldValue === undefined ? 'new' : fields.length || JSON.stringify(stripProvenance(oldValue)) !== JSON.stringify(stripProvenance(newValue)) ? 'changed' : 'unchanged';
  return { file, status, fields };
}

function stripProvenance(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const { provenance: _p, ...rest } = v as Record<string, unknown>;
    return rest;
  }
  return v;
}

const num = (v: number | undefined) => (v === undefined ? '—' : Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4))));
const pct = (p: number | undefined) => (p === undefined ? '' : ` (${p >= 0 ? '+' : ''}${p.toFixed(1)}%)`);

/** Text for the terminal: per file, each changed benchmark or metric `name: old → new (+x%)`, the largest changes first. */
export function renderChangesText(changes: FileChange[], maxFields = 30): string {
  const lines: string[] = [];
  for (const c of changes) {
    if (c.status === 'unchanged') continue;
    lines.push(`${c.file} (${c.status}, ${c.fields.length} figure(s) differ)`);
    const ranked = [...c.fields].sort((a, b) => Math.abs(b.pct ?? Infinity) - Math.abs(a.pct ?? Infinity));
    for (const f of ranked.slice(0, maxFields)) lines.push(`  ${f.path}: ${num(f.old)} → ${num(f.new)}${pct(f.pct)}`);
    if (ranked.length > maxFields) lines.push(`  …and ${ranked.length - maxFields} more`);
  }
  return lines.length ? lines.join('\n') + '\n' : 'No baseline changes.\n';
}
