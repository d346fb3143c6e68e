/**
 * `baselines/bench.json`: per benchmark, its process-level repetitions as fixed-size quantile
 * sketches (enough for the bootstrap in compare.ts), plus where it was measured. About 300 bytes
 * per repetition whatever the sample count: 50 benchmarks x 8 repetitions stay near 130 KB.
 */
import { z } from 'zod';
import { provenanceSchema } from '../baselines/baseline-file.ts';
import { readBaseline } from '../baselines/baseline-file.ts';
import { BaselineError } from '../core/errors.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { SKETCH_PROBABILITIES } from './sketch.ts';
import { repetitionSchema } from './protocol.ts';

export const BENCH_BASELINE_VERSION = 1;

export { repetitionSchema } from './protocol.ts';

export const benchBaselineSchema = z.strictObject({
  schemaVersion: z.literal(BENCH_BASELINE_VERSION),
  provenance: provenanceSchema.extend({
    /** Median of the calibration workload over the repetitions, ms: the machine's speed figure. */
    calibrationMs: z.number().finite().positive(),
  }),
  sketchProbabilities: z.array(z.number()).refine((p) => p.length === SKETCH_PROBABILITIES.length && p.every((x, i) => x === SKETCH_PROBABILITIES[i]), {
    message: 'sketch probabilities differ from this version of gauntlet (re-save the baseline)',
  }),
  benchmarks: z.record(z.string(), z.strictObject({ reps: z.array(repetitionSchema).min(1) })),
});

export type BenchBaseline = z.infer<typeof benchBaselineSchema>;
export type StoredRepetition = z.infer<typeof repetitionSchema>;

/** Read the bench baseline: undefined when missing, BaselineError (exit 2) when corrupt. */
export function readBenchBaseline(file: string): Promise<BenchBaseline | undefined> {
  return readBaseline(file, benchBaselineSchema);
}

/** Serialise with one repetition per line: readable diffs, a third of the size of indented JSON. */
export function serializeBenchBaseline(b: BenchBaseline): string {
  const ids = Object.keys(b.benchmarks).sort();
  const benches = ids.map((id) => {
    const reps = b.benchmarks[id]!.reps.map((r) => `        ${JSON.stringify(r)}`).join(',\n');
    return `    ${JSON.stringify(id)}: {\n      "reps": [\n${reps}\n      ]\n    }`;
  });
  return [
    '{',
    `  "schemaVersion": ${b.schemaVersion},`,
    `  "provenance": ${JSON.stringify(b.provenance)},`,
    `  "sketchProbabilities": ${JSON.stringify(b.sketchProbabilities)},`,
    `  "benchmarks": {${benches.length ? `\n${benches.join(',\n')}\n  ` : ''}}`,
    '}',
    '',
  ].join('\n');
}

/** Write atomically; never in CI. */
export async function writeBenchBaseline(file: string, b: BenchBaseline, opts: { ci: boolean }): Promise<void> {
  if (opts.ci) throw new BaselineError('refusing to write a baseline in CI (CI=true); run the baseline update workflow instead', { file });
  const parsed = benchBaselineSchema.safeParse(b);
  if (!parsed.success) throw new BaselineError(`refusing to write an invalid baseline: ${parsed.error.issues[0]!.message}`, { file });
  await writeFileAtomic(file, serializeBenchBaseline(parsed.data));
}
