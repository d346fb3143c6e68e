/**
 * The baseline committed before machine fingerprints existed (saved 2026-11-21 on another machine,
 * kept as a fixture) against the unchanged reference suite: it must never fail. Its commit is
 * measured now when the repository has it (a full clone), else every benchmark is a "not
 * comparable" warning (a shallow clone, or the commit rewritten away as here in the second case).
 * Tiny times: what is tested is which comparison runs, not the figures.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commitExists } from '../harness/bench/worktree.ts';
import { validateConfig } from '../harness/config/load-config.ts';
import { runSuites } from '../harness/core/run-suites.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = join(root, 'harness/bench/__fixtures__/bench-baseline-v1-other-machine.json');
const FIXTURE_COMMIT = '97819d86e2cdbc46f615d6f4361fd477dc37e5a7';

async function runAgainst(baseline: string) {
  const entry = {
    kind: 'bench',
    name: 'foreign',
    dir: 'suites/bench',
    files: ['planner.bench.ts'],
    baseline,
    history: join(baseline, '..', 'history.jsonl'),
    repetitions: 2,
    time: 10,
    warmupTime: 10,
    calibrationTime: 10,
    resamples: 1000,
  };
  const config = await validateConfig(
    { seed: 1, reporters: [], allowOutsidePaths: true, suites: [entry] },
    join(root, 'gauntlet.config.ts'),
  );
  const report = await runSuites(config, { flags: {}, ci: false, reportsDir: join(baseline, '..', 'reports') });
  return report.suites[0]!;
}

describe('a bench baseline from another machine (the committed version 1 file)', () => {
  it('never fails unchanged code, whether its commit can be measured or not', { timeout: 240_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-foreign-baseline-'));
    const copy = join(dir, 'bench.json');
    await copyFile(fixture, copy);
    const suite = await runAgainst(copy);
    expect(suite.verdict).not.toBe('fail');
    expect(suite.checks.filter((c) => c.verdict === 'fail')).toEqual([]);
    expect(suite.checks.map((c) => c.name).sort()).toEqual([
      'planner > load and validate planner.yaml',
      'planner > select 10,000 candidates',
      'planner > select 100 candidates (x50)',
    ]);
    if (commitExists(root, FIXTURE_COMMIT)) expect(suite.summary).toMatch(/vs baseline commit 97819d86e2/);
    else
      expect(
        suite.checks.every(
          (c) => c.change === 'new' || /^not comparable: baseline from another machine/.test(c.reasons[0] ?? ''),
        ),
      ).toBe(true);
    expect(await readFile(copy, 'utf8')).toBe(await readFile(fixture, 'utf8')); // read, migrated in memory, never rewritten

    const gone = JSON.parse(await readFile(fixture, 'utf8'));
    gone.provenance.gitCommit = 'f'.repeat(40);
    await writeFile(copy, JSON.stringify(gone));
    const unreachable = await runAgainst(copy);
    expect(unreachable.verdict).toBe('warn');
    expect(unreachable.notes!.join('\n')).toMatch(
      /not comparable with the stored figures, which are not judged: .*the baseline does not record its V8 version/,
    );
    expect(unreachable.checks.filter((x) => x.change !== 'new')).toHaveLength(2); // 'select 100 candidates' was renamed since (x10 -> x50): new
    for (const c of unreachable.checks.filter((x) => x.change !== 'new')) {
      expect(c.verdict).toBe('warn');
      expect(c.reasons[0]).toMatch(
        /^not comparable: baseline from another machine: here median [\d.]+ ms, baseline median [\d.]+ ms/,
      );
    }
  });
});
