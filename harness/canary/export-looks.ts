import { InputError } from '../core/errors.ts';
import type { MetricExport } from './export-columns.ts';
import type { MetricSamples } from './metric-export.ts';

/** The samples of both arms that arrived between two looks. */
export interface LookBatch {
  look: number;
  baseline: MetricSamples;
  canary: MetricSamples;
}

/**
 * Split two exports into the batches a sequential canary would have seen. With a look column, one batch
 * per distinct look number (ascending, over both arms); there may be fewer than planned (the canary is
 * still running) but not more. Without, each metric's samples are taken as time-ordered and cut into
 * `planned` consecutive, nearly equal parts.
 */
export function splitIntoLooks(
  baseline: MetricExport,
  canary: MetricExport,
  planned: number,
  files: { baseline: string; canary: string },
): LookBatch[] {
  if (baseline.looks && canary.looks) {
    const values = [...new Set([...Object.values(baseline.looks).flat(), ...Object.values(canary.looks).flat()])].sort(
      (a, b) => a - b,
    );
    if (values.length > planned) {
      throw new InputError(
        `the look column has ${values.length} distinct looks but sequential.looks plans ${planned}: raise sequential.looks or number the looks 1..${planned}`,
        { file: files.canary },
      );
    }
    const pick = (e: MetricExport, v: number): MetricSamples =>
      Object.fromEntries(Object.entries(e.samples).map(([m, xs]) => [m, xs.filter((_, i) => e.looks![m]![i] === v)]));
    return values.map((v, i) => ({ look: i + 1, baseline: pick(baseline, v), canary: pick(canary, v) }));
  }
  const cut = (s: MetricSamples, k: number): MetricSamples =>
    Object.fromEntries(
      Object.entries(s).map(([m, xs]) => [
        m,
        xs.slice(Math.floor((xs.length * (k - 1)) / planned), Math.floor((xs.length * k) / planned)),
      ]),
    );
  return Array.from({ length: planned }, (_, i) => ({
    look: i + 1,
    baseline: cut(baseline.samples, i + 1),
    canary: cut(canary.samples, i + 1),
  }));
}
