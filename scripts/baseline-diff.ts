/**
 * What a baseline update would change: numeric fields old → new with the change in %, per file.
 * Pure functions over parsed JSON; the update script does the I/O.
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

export function diffBaseline(file: string, oldValue: unknown | undefined, newValue: unknown): FileChange {
  const before = oldValue === undefined ? new Map<string, number>() : numericLeaves(oldValue);
  const after = numericLeaves(newValue);
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

/** Text for the terminal: per file, each changed field `path: old → new (+x%)`, the largest changes first. */
export function renderChangesText(changes: FileChange[], maxFields = 30): string {
  const lines: string[] = [];
  for (const c of changes) {
    if (c.status === 'unchanged') continue;
    lines.push(`${c.file} (${c.status}, ${c.fields.length} field(s) differ)`);
    const ranked = [...c.fields].sort((a, b) => Math.abs(b.pct ?? Infinity) - Math.abs(a.pct ?? Infinity));
    for (const f of ranked.slice(0, maxFields)) lines.push(`  ${f.path}: ${num(f.old)} → ${num(f.new)}${pct(f.pct)}`);
    if (ranked.length > maxFields) lines.push(`  …and ${ranked.length - maxFields} more`);
  }
  return lines.length ? lines.join('\n') + '\n' : 'No baseline changes.\n';
}
