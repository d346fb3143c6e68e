import { InputError, type ErrorLocation } from '../core/errors.ts';
import type { MetricSamples } from './metric-export.ts';

/** Formats `gauntlet canary` reads. */
export type ExportFormat = 'json' | 'yaml' | 'csv' | 'ndjson' | 'prometheus';

export interface ExportOptions {
  format?: ExportFormat;
  /** Metric name -> the column, field or series it is read from (`--metric latency_ms=duration`). When set, only these are read. */
  metrics?: Record<string, string>;
  /** Column or field holding each row's look number (sequential judging). */
  lookColumn?: string;
  /** Prometheus / OpenMetrics text: the labels that select this arm's series (`--canary-labels track=canary`). */
  labels?: Record<string, string>;
}

/** One arm's samples, and with a look column the look number of every sample. */
export interface MetricExport {
  samples: MetricSamples;
  /** Per metric, the look of each sample (same length as samples[metric]). */
  looks?: Record<string, number[]>;
}

/**
 * Which of the available columns (fields, series) to read: the mapping's sources, each of which must
 * exist; without a mapping every column except the look column. InputError naming the missing one.
 */
export function chooseColumns(
  available: readonly string[],
  options: ExportOptions,
  at: ErrorLocation,
  noun: string,
): { metrics: Array<[string, string]>; look?: string } {
  const has = new Set(available);
  const list = () => (available.length > 12 ? `${available.slice(0, 12).join(', ')}, ...` : available.join(', '));
  if (options.lookColumn !== undefined && !has.has(options.lookColumn)) {
    throw new InputError(`no ${noun} '${options.lookColumn}' for --look-column (${noun}s: ${list()})`, at);
  }
  const metrics: Array<[string, string]> = options.metrics
    ? Object.entries(options.metrics)
    : available.filter((n) => n !== options.lookColumn).map((n) => [n, n]);
  for (const [metric, source] of metrics) {
    if (!has.has(source)) throw new InputError(`no ${noun} '${source}' for metric ${metric} (${noun}s: ${list()})`, at);
    if (source === options.lookColumn)
      throw new InputError(`'${source}' is the look column and cannot also be metric ${metric}`, at);
  }
  return { metrics, look: options.lookColumn };
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A text cell: '' is missing (undefined), true/false are 1/0, a finite number is itself; anything else is an InputError. */
export function parseCell(cell: string, at: ErrorLocation): number | undefined {
  if (cell === '') return undefined;
  const lower = cell.toLowerCase();
  if (lower === 'true') return 1;
  if (lower === 'false') return 0;
  const value = Number(cell);
  if (!Number.isFinite(value) || !NUMBER.test(cell))
    throw new InputError(
      `expected a finite number, got ${JSON.stringify(cell.length > 20 ? cell.slice(0, 20) + '...' : cell)}`,
      at,
    );
  return value;
}

/** Parse `--metric latency_ms=duration` (or `--metric error`, read as itself) into a mapping. */
export function parseMetricMapping(specs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const [metric, source] = eq < 0 ? [spec, spec] : [spec.slice(0, eq).trim(), spec.slice(eq + 1).trim()];
    if (!metric || !source)
      throw new InputError(`expected NAME=COLUMN (or NAME), got ${JSON.stringify(spec)}`, { field: '--metric' });
    if (metric in out) throw new InputError(`metric ${metric} is mapped twice`, { field: '--metric' });
    out[metric] = source;
  }
  return out;
}

/** Parse `--canary-labels track=canary,region=eu` into a label selector. */
export function parseLabelSelector(spec: string, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0)
      throw new InputError(`expected LABEL=VALUE[,LABEL=VALUE...], got ${JSON.stringify(spec)}`, { field: flag });
    out[part.slice(0, eq).trim()] = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return out;
}
