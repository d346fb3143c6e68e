/**
 * Fuzz every input boundary with seeded fast-check inputs and count how each input ended: a valid
 * result, a clear error (exit code 2, file named, one line), or a crash. Stack traces shown and NaN
 * in a valid result are counted too; all three must be 0.
 *
 *   npx tsx scripts/fuzz-boundaries.ts [runs=10000] [seed=1] [boundary...]
 *
 * Output (a Markdown table) is kept in scripts/fuzz-boundaries.out.md.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOUNDARIES } from './fuzz/boundaries.ts';
import { fuzzMockServer } from './fuzz/http.ts';
import type { Tally } from './fuzz/outcome.ts';

export const ALL_BOUNDARIES = [...Object.keys(BOUNDARIES), 'http'];

export interface FuzzRun {
  tallies: Tally[];
  /** Exceptions and rejections nobody caught while the fuzzer ran (must be 0). */
  uncaught: string[];
}

/** Run the chosen boundaries, `runs` inputs each. */
export async function fuzzBoundaries(runs: number, seed: number, only: string[] = ALL_BOUNDARIES): Promise<FuzzRun> {
  const uncaught: string[] = [];
  const onError = (e: unknown) => void uncaught.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  const root = mkdtempSync(join(tmpdir(), 'gauntlet-fuzz-'));
  const tallies: Tally[] = [];
  try {
    for (const name of only) {
      const dir = join(root, name);
      mkdirSync(dir);
      const t0 = performance.now();
      const t = name === 'http' ? await fuzzMockServer(runs, seed) : await BOUNDARIES[name]!({ runs, seed, dir });
      t.ms = Math.round(performance.now() - t0);
      tallies.push(t);
    }
    await new Promise((r) => setTimeout(r, 50)); // late rejections land before we stop listening
  } finally {
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
    rmSync(root, { recursive: true, force: true });
  }
  return { tallies, uncaught };
}

export function renderFuzzTable(run: FuzzRun, seed: number): string {
  const rows = run.tallies.map(
    (t) =>
      `| ${t.boundary} | ${t.inputs} | ${t.valid} | ${t.clearError} (${t.fieldOrLine} with field/line) | ${t.crash} | ${t.stackShown} | ${t.nan} | ${(t.ms / 1000).toFixed(1)} |`,
  );
  const sum = (k: 'inputs' | 'valid' | 'clearError' | 'crash' | 'stackShown' | 'nan') =>
    run.tallies.reduce((s, t) => s + t[k], 0);
  const lines = [
    `Seed ${seed}. Uncaught exceptions / unhandled rejections during the run: ${run.uncaught.length}.`,
    '',
    '| boundary | inputs | valid | clear error | crash | stack shown | NaN verdict | s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    `| **total** | ${sum('inputs')} | ${sum('valid')} | ${sum('clearError')} | ${sum('crash')} | ${sum('stackShown')} | ${sum('nan')} | |`,
  ];
  const examples = run.tallies.flatMap((t) => t.examples.map((e) => `- ${t.boundary}: ${e}`));
  if (examples.length || run.uncaught.length)
    lines.push('', 'Examples:', ...examples, ...run.uncaught.slice(0, 5).map((u) => `- uncaught: ${u.split('\n')[0]}`));
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = Number(process.argv[2] ?? 10_000);
  const seed = Number(process.argv[3] ?? 1);
  const only = process.argv.slice(4);
  const run = await fuzzBoundaries(runs, seed, only.length ? only : ALL_BOUNDARIES);
  console.log(
    `# Boundary fuzzing: \`npx tsx scripts/fuzz-boundaries.ts ${runs} ${seed}\`\n\n${renderFuzzTable(run, seed)}`,
  );
  process.exitCode = run.uncaught.length || run.tallies.some((t) => t.crash || t.stackShown || t.nan) ? 1 : 0;
}
