import { InputError } from '../core/errors.ts';
import { chooseColumns, type ExportOptions, type MetricExport } from './export-columns.ts';

/** A field of a record by dotted path (`timings.total`), or undefined. */
function fieldAt(record: Record<string, unknown>, path: string): unknown {
  if (path in record) return record[path];
  let cur: unknown = record;
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A field's value: a number, a boolean (1/0), or absent/null (missing); anything else is an InputError. */
function numberOf(value: unknown, at: { file: string; line: number; field: string }): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const shown =
    typeof value === 'string'
      ? `the string ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + '...' : value)}`
      : Array.isArray(value)
        ? 'an array'
        : typeof value;
  throw new InputError(`expected a finite number or a boolean, got ${shown}`, at);
}

/**
 * Parse NDJSON (JSON Lines): one JSON object per line, one line per request. With `metrics`, the chosen
 * fields (dotted paths reach nested ones) are read and every other field is ignored; without it, every
 * top-level field whose values are numbers or booleans is a metric (string fields such as a request id
 * are left out, but a field that held numbers and then a string is an error naming the line).
 */
export function parseNdjsonExport(text: string, file: string, options: ExportOptions = {}): MetricExport {
  const records: Array<{ line: number; record: Record<string, unknown> }> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (e) {
      throw new InputError(`malformed JSON line: ${(e as Error).message}`, { file, line: i + 1 }, { cause: e });
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record))
      throw new InputError('expected one JSON object per line', { file, line: i + 1 });
    records.push({ line: i + 1, record: record as Record<string, unknown> });
  });
  // Without a mapping: the top-level fields whose first non-null value is a number or a boolean.
  const numeric = new Set<string>();
  const seen = new Set<string>();
  if (!options.metrics) {
    for (const { record } of records) {
      for (const [k, v] of Object.entries(record)) {
        if (seen.has(k) || v === null) continue;
        seen.add(k);
        if (typeof v === 'number' || typeof v === 'boolean') numeric.add(k);
      }
    }
  }
  const available = options.metrics
    ? [...Object.values(options.metrics), ...(options.lookColumn ? [options.lookColumn] : [])]
    : [...numeric];
  if (options.metrics || options.lookColumn) {
    // A chosen field must appear in at least one record.
    for (const f of available) {
      if (!records.some(({ record }) => fieldAt(record, f) !== undefined))
        throw new InputError(`no record has the field '${f}'`, { file, field: f });
    }
  }
  const chosen = chooseColumns(
    options.lookColumn && !available.includes(options.lookColumn) ? [...available, options.lookColumn] : available,
    options,
    { file },
    'field',
  );
  const out: MetricExport = { samples: Object.fromEntries(chosen.metrics.map(([m]) => [m, [] as number[]])) };
  if (chosen.look !== undefined) out.looks = Object.fromEntries(chosen.metrics.map(([m]) => [m, [] as number[]]));
  for (const { line, record } of records) {
    const look =
      chosen.look === undefined
        ? undefined
        : numberOf(fieldAt(record, chosen.look), { file, line, field: chosen.look });
    for (const [metric, source] of chosen.metrics) {
      const value = numberOf(fieldAt(record, source), { file, line, field: source });
      if (value === undefined) continue;
      out.samples[metric]!.push(value);
      if (out.looks) {
        if (look === undefined)
          throw new InputError('no look number on a record with metric values', { file, line, field: chosen.look });
        out.looks[metric]!.push(look);
      }
    }
  }
  return out;
}
