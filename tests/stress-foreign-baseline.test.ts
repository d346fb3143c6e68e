/**
 * A stress baseline from another machine against unchanged code, in a real git repository (a temporary
 * one, so the test does not depend on this clone's history): when the baseline's commit is in the
 * repository the latency gate builds that commit's client from its own config in a temporary worktree
 * and measures it in the same rounds as the head; when it is not, the latency check is a "not
 * comparable" warning, never a fail. Small rounds: what is tested is which comparison runs.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suiteContextFor } from '../harness/core/__fixtures__/suite-context.ts';
import stressKind from '../harness/stress/kind.ts';
import type { StressBaseline } from '../harness/stress/stress-baseline.ts';
import type { StressFlags } from '../harness/stress/suite-schema.ts';
import { referenceClientFactory } from '../sut/llm-client/factory.ts';
import { git, miniStressSuite, stressRepository } from './helpers-stress-repo.ts';

const suite = miniStressSuite({ rounds: 8, callsPerRound: 8 });
const entry = stressKind.entrySchema.parse({ ...suite, client: referenceClientFactory });

const repository = () => stressRepository(suite, 'gauntlet-stress-foreign-');

const run = (dir: string, flags: StressFlags = {}) =>
  stressKind.run(entry, suiteContextFor<StressFlags>(dir, { flags }));

async function editBaseline(file: string, edit: (b: StressBaseline) => void): Promise<void> {
  const b = JSON.parse(await readFile(file, 'utf8')) as StressBaseline;
  edit(b);
  await writeFile(file, JSON.stringify(b));
}

describe('stress latency gate with a baseline from another machine', () => {
  it('measures the baseline commit in the same rounds when it can, else warns', { timeout: 120_000 }, async () => {
    const { dir, commit } = await repository();
    const file = join(dir, 'baselines/stress-mini.json');
    try {
      expect((await run(dir, { save: true })).notes).toContain('baseline saved to baselines/stress-mini.json');
      const saved = JSON.parse(await readFile(file, 'utf8')) as StressBaseline;
      expect(saved.provenance.gitCommit).toBe(commit);
      expect(saved.machine?.cores).toBeGreaterThan(0);

      // Same machine, same commit: the stored ratios judge (no worktree). The stored contention is
      // dropped so that a busy test machine (contention 2x from the saving run's) cannot make it re-measure.
      await editBaseline(file, (b) => delete b.scenarios.steady!.contention);
      const stored = (await run(dir)).checks.find((c) => c.name === 'steady/baseline:e2e-latency')!;
      expect(stored.details).not.toHaveProperty('against');

      // Foreign machine, commit reachable: that commit's client measured now, unchanged code passes.
      await editBaseline(file, (b) => (b.machine!.cpu = 'Foreign CPU 9000'));
      const foreign = await run(dir);
      const check = foreign.checks.find((c) => c.name === 'steady/baseline:e2e-latency')!;
      expect(check.details).toMatchObject({ gate: 'yardstick', against: `baseline commit ${commit.slice(0, 10)}` });
      expect((check.details as { why: string }).why).toMatch(/CPU model: Foreign CPU 9000 in the baseline/);
      expect(check.verdict).toBe('pass');
      expect(check.metrics!.rounds).toBe(8);
      expect(
        (foreign.notes ?? []).some((n) => /judged against baseline commit .* measured now in the same rounds/.test(n)),
      ).toBe(true);
      expect(git(dir, 'worktree', 'list').split('\n')).toHaveLength(1); // the temporary worktree is gone

      // Foreign machine, commit not in the repository: a warning showing both figures, never a fail.
      await editBaseline(file, (b) => (b.provenance.gitCommit = 'deadbeef'.repeat(5)));
      const orphan = await run(dir);
      const warned = orphan.checks.find((c) => c.name === 'steady/baseline:e2e-latency')!;
      expect(warned.verdict).toBe('warn');
      expect(warned.reasons[0]).toMatch(/^not comparable: baseline from another machine/);
      expect(warned.reasons[0]).toMatch(/its commit deadbeefde is not in this repository/);
      expect(warned.reasons[0]).toMatch(/x\d+\.\d+ now against x\d+\.\d+ for the baseline/);
      expect(orphan.verdict).not.toBe('fail');

      // Foreign machine, the commit there but without the suite: a warning naming why, never a fail.
      await writeFile(join(dir, 'gauntlet.config.ts'), 'export default { suites: [] };\n');
      git(dir, 'commit', '-qam', 'no stress suite');
      const without = git(dir, 'rev-parse', 'HEAD');
      await editBaseline(file, (b) => (b.provenance.gitCommit = without));
      const broken = (await run(dir)).checks.find((c) => c.name === 'steady/baseline:e2e-latency')!;
      expect(broken.verdict).toBe('warn');
      expect(broken.reasons[0]).toMatch(
        new RegExp(`its commit ${without.slice(0, 10)} could not be measured here: .*has no stress suite 'mini'`),
      );
      git(dir, 'checkout', '-q', commit);

      // --against: that ref's client, whatever the baseline says.
      const against = await run(dir, { against: 'HEAD' });
      expect(against.checks.find((c) => c.name === 'steady/baseline:e2e-latency')!.details).toMatchObject({
        against: `HEAD (${commit.slice(0, 10)})`,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
