import { extname } from 'node:path';
import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { parseDataText, readTextFile, validateData } from '../io/read-data-file.ts';
import { chooseColumns, type ExportFormat, type ExportOptions, type MetricExport } from './export-columns.ts';
import { parseCsvExport } from './csv-export.ts';
import { parseNdjsonExport } from './ndjson-export.ts';
import { parsePrometheusExport } from './prometheus-export.ts';

export type { ExportFormat, ExportOptions, MetricExport } from './export-columns.ts';
export { parseCsvExport } from './csv-export.ts';

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

/**
 * Parse a JSON (or YAML) export: `{ "latency_ms": [12.1, 13.4], "error": [0, 1] }`. With `metrics`, only
 * the chosen keys are read; a look column is a key whose array gives the look of each index.
 */
export function parseJsonExport(text: string, file: string, options: ExportOptions = {}): MetricExport {
  const parsed = parseDataText(text, file);
  const all = validateData(parsed, exportSchema);
  const chosen = chooseColumns(Object.keys(all), options, { file }, 'key');
  const samples: MetricSamples = Object.fromEntries(chosen.metrics.map(([metric, source]) => [metric, all[source]!])); // chosen from Object.keys(all)
  if (chosen.look === undefined) return { samples };
  const look = all[chosen.look]!;
  for (const [, source] of chosen.metrics) {
    if (all[source]!.length !== look.length) {
      throw new InputError(
        `${all[source]!.length} values but the look column '${chosen.look}' has ${look.length}: every value needs its look`,
        { file, line: parsed.lineOf([source]), field: source },
      );
    }
  }
  return { samples, looks: Object.fromEntries(chosen.metrics.map(([metric]) => [metric, look])) };
}

/** The format of a file: `--format` if given, else by extension (.csv, .ndjson/.jsonl, .prom/.om/.openmetrics, else JSON or YAML). */
export function formatOf(file: string, format?: ExportFormat): ExportFormat {
  if (format) return format;
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.prom' || ext === '.om' || ext === '.openmetrics') return 'prometheus';
  return ext === '.yaml' || ext === '.yml' ? 'yaml' : 'json';
}

/** Read one arm's metric export in any supported format (InputError naming file, line and field on bad input). */
export async function readExport(file: string, options: ExportOptions = {}): Promise<MetricExport> {
  const text = await readTextFile(file);
  const format = formatOf(file, options.format);
  if (options.labels && format !== 'prometheus')
    throw new InputError(`label selectors apply to Prometheus / OpenMetrics text, and this file reads as ${format}`, {
      file,
    });
  if (options.lookColumn && format === 'prometheus')
    throw new InputError('Prometheus text has no look column: its samples are split into looks in timestamp order', {
      file,
    });
  if (format === 'csv') return parseCsvExport(text, file, options);
  if (format === 'ndjson') return parseNdjsonExport(text, file, options);
  if (format === 'prometheus') return parsePrometheusExport(text, file, options);
  return parseJsonExport(text, file, options);
}

/** Read a metric export's samples (see readExport). */
export async function readMetricExport(file: string, options: ExportOptions = {}): Promise<MetricSamples> {
  return (await readExport(file, options)).samples;
}
