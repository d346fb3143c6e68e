import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { parseDataText, validateData } from '../io/read-data-file.ts';

/** Per-request (or per-interval) values of each metric of one arm: metric name -> numbers. */
export type MetricSamples = Record<string, number[]>;

const exportSchema = z.record(
  z.string().min(1),
  z.array(z.number({ error: (i) => `expected a finite number, got ${describe(i.input)}` })),
  { error: 'expected an object mapping each metric name to an array of numbers' },
);

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '...' : v)}`;
  if (typeof v === 'number') return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
}

/** Parse a JSON (or YAML) export: `{ "latency_ms": [12.1, 13.4], "error": [0, 1] }`. */
export function parseJsonExport(text: string, file: string): MetricSamples {
  return validateData(parseDataText(text, file), exportSchema);
}

/**
 * Parse a CSV export: a header row of metric names, one column per metric, one row per sample. Empty
 * cells are missing values (columns may differ in length); anything else that is not a number is an
 * InputError naming the line and the column.
 */
export function parseCsvExport(text: string, file: string): MetricSamples {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) throw new InputError('empty CSV file: expected a header row of metric names', { file });
  const names = splitCsvLine(lines[headerIndex]).map((h) => h.trim());
  names.forEach((name, col) => {
    if (name === '') throw new InputError(`empty metric name in column ${col + 1} of the header`, { file, line: headerIndex + 1 });
    if (names.indexOf(name) !== col) throw new InputError(`duplicate metric name '${name}' in the header`, { file, line: headerIndex + 1 });
  });
  const out: MetricSamples = Object.fromEntries(names.map((n) => [n, [] as number[]]));
  for (let i = headerIndex + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = splitCsvLine(lines[i]);
    if (cells.length > names.length) {
      throw new InputError(`${cells.length} cells but the header names ${names.length} metrics`, { file, line: i + 1 });
    }
    cells.forEach((raw, col) => {
      const cell = raw.trim();
      if (cell === '') return;
      const value = Number(cell);
      if (!Number.isFinite(value) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell)) {
        throw new InputError(`expected a finite number, got ${JSON.stringify(cell)}`, { file, line: i + 1, field: names[col] });
      }
      out[names[col]].push(value);
    });
  }
  return out;
}

/** Split one CSV line on commas, honouring double-quoted cells ("a,b" and "" escapes). */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

/** Read a metric export; `.csv` is CSV, anything else JSON (or YAML). */
export async function readMetricExport(file: string): Promise<MetricSamples> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(e)})`, { file }, { cause: e });
  }
  return extname(file).toLowerCase() === '.csv' ? parseCsvExport(text, file) : parseJsonExport(text, file);
}
