import { InputError } from '../core/errors.ts';
import { chooseColumns, parseCell, type ExportOptions, type MetricExport } from './export-columns.ts';

/**
 * Parse a CSV export: a header row, then one row per sample (per request, or per interval). Without
 * `metrics`, every column is a metric (the wide export); with it, only the chosen columns are read, under
 * their metric names, and the others (request id, route, timestamps) are ignored. Empty cells are missing
 * values; `true`/`false` read as 1/0; anything else that is not a number is an InputError naming the line
 * and the column.
 */
export function parseCsvExport(text: string, file: string, options: ExportOptions = {}): MetricExport {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) throw new InputError('empty CSV file: expected a header row of metric names', { file });
  const header = { file, line: headerIndex + 1 };
  const names = splitCsvLine(lines[headerIndex]!).map((h) => h.trim());
  names.forEach((name, col) => {
    if (name === '') throw new InputError(`empty column name in column ${col + 1} of the header`, header);
    if (names.indexOf(name) !== col) throw new InputError(`duplicate column name '${name}' in the header`, header);
  });
  const chosen = chooseColumns(names, options, header, 'column');
  const columnOf = new Map(names.map((n, i) => [n, i]));
  const metricCols = chosen.metrics.map(([metric, source]) => [metric, columnOf.get(source)!, source] as const);
  const lookCol = chosen.look === undefined ? undefined : columnOf.get(chosen.look)!;
  const out: MetricExport = { samples: Object.fromEntries(metricCols.map(([m]) => [m, [] as number[]])) };
  if (lookCol !== undefined) out.looks = Object.fromEntries(metricCols.map(([m]) => [m, [] as number[]]));
  for (let i = headerIndex + 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const cells = splitCsvLine(lines[i]!);
    const at = { file, line: i + 1 };
    if (cells.length > names.length)
      throw new InputError(`${cells.length} cells but the header names ${names.length} columns`, at);
    const look =
      lookCol === undefined ? undefined : parseCell(cells[lookCol]?.trim() ?? '', { ...at, field: chosen.look });
    for (const [metric, col, source] of metricCols) {
      const value = parseCell(cells[col]?.trim() ?? '', { ...at, field: source });
      if (value === undefined) continue;
      out.samples[metric]!.push(value);
      if (out.looks) {
        if (look === undefined)
          throw new InputError('no look number on a row with metric values', { ...at, field: chosen.look });
        out.looks[metric]!.push(look);
      }
    }
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
