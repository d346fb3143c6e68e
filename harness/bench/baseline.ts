/**
 * `baselines/bench.json`: per benchmark, its process-level repetitions as fixed-size quantile
 * sketches (enough for the bootstrap in compare.ts), plus where it was measured. About 300 bytes
 * per repetition whatever the sample count: 50 benchmarks x 8 repetitions stay near 130 KB.
 */
import { z } from 'zod';
import { readBaseline } from '../baselines/baseline-file.ts';
import { BaselineError } from '../core/errors.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { fingerprintSchema } from './fingerprint.ts';
import { SKETCH_PROBABILITIES } from './sketch.ts';
import { repetitionSchema } from './protocol.ts';

/** 2: the machine fingerprint replaces version 1's provenance (CPU model, Node, platform and one calibration figure). */
export const BENCH_BASELINE_VERSION = 2;

export { repetitionSchema } from './protocol.ts';

export const benchProvenanceSchema = z.strictObject({
  /** The commit measured: when the stored figures are not comparable here, this commit is measured again beside the head. */
  gitCommit: z.string().optional(),
  date: z.string(),
  /** What the figures depend on (fingerprint.ts). */
  fingerprint: fingerprintSchema,
  /** Median of the sort calibration workload over the repetitions (ms), for the history and older readers. */
  calibrationMs: z.number().finite().positive().optional(),
});

export const benchBaselineSchema = z.strictObject({
  schemaVersion: z.literal(BENCH_BASELINE_VERSION),
  provenance: benchProvenanceSchema,
  sketchProbabilities: z
    .array(z.number())
    .refine((p) => p.length === SKETCH_PROBABILITIES.length && p.every((x, i) => x === SKETCH_PROBABILITIES[i]), {
      message: 'sketch probabilities differ from this version of gauntlet (re-save the baseline)',
    }),
  benchmarks: z.record(z.string(), z.strictObject({ reps: z.array(repetitionSchema).min(1) })),
});

export type BenchBaseline = z.output<typeof benchBaselineSchema>;
export type StoredRepetition = z.output<typeof repetitionSchema>;

const v1ProvenanceSchema = z.object({
  gitCommit: z.string().optional(),
  date: z.string(),
  node: z.string(),
  cpu: z.string(),
  platform: z.string(),
  calibrationMs: z.number(),
});

/**
 * Version 1 (gauntlet before the fingerprint) upgraded in memory: its CPU model, Node version and
 * platform become a fingerprint that records nothing else, so it is never taken as comparable on a
 * time clock or the instruction clock (its figures are shown, or its commit is measured again).
 * Anything that is not a recognisable version 1 file is returned as it is, for the schema to name
 * the field that is wrong.
 */
export function migrateBenchBaseline(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || (raw as { schemaVersion?: unknown }).schemaVersion !== 1) return raw;
  const { provenance, ...rest } = raw as { provenance?: unknown };
  const p = v1ProvenanceSchema.safeParse(provenance);
  if (!p.success) return raw;
  const [platform, arch] = p.data.platform.split('-');
  return {
    ...rest,
    schemaVersion: BENCH_BASELINE_VERSION,
    provenance: {
      ...(p.data.gitCommit ? { gitCommit: p.data.gitCommit } : {}),
      date: p.data.date,
      calibrationMs: p.data.calibrationMs,
      fingerprint: { cpu: p.data.cpu, node: p.data.node, os: platform ?? p.data.platform, arch: arch ?? 'unknown' },
    },
  };
}

const storedBenchBaselineSchema = z.preprocess(migrateBenchBaseline, benchBaselineSchema);

/** Read the bench baseline (version 1 files are migrated in memory): undefined when missing, BaselineError (exit 2) when corrupt. */
export function readBenchBaseline(file: string): Promise<BenchBaseline | undefined> {
  return readBaseline(file, storedBenchBaselineSchema);
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
  if (opts.ci)
    throw new BaselineError('refusing to write a baseline in CI (CI=true); run the baseline update workflow instead', {
      file,
    });
  const parsed = benchBaselineSchema.safeParse(b);
  if (!parsed.success)
    throw new BaselineError(`refusing to write an invalid baseline: ${parsed.error.issues[0]!.message}`, { file });
  await writeFileAtomic(file, serializeBenchBaseline(parsed.data));
}
