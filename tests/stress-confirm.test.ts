/**
 * The stress latency gate's confirmation, in a real git repository (a temporary one) over real HTTP on
 * 127.0.0.1: a flag raised against the stored yardstick ratios fails only when the baseline's commit,
 * measured now in the same rounds as the head, shows it too. A host that got noisier since the
 * baseline was saved is simulated by a baseline whose stored ratios were shifted down (as if saved
 * on a quieter host); a real regression by a head client whose calls take 4 times as long
 * (the committed config keeps the reference client). Small rounds: what is tested is which
 * comparison decides.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../harness/core/report.ts';
import { suiteContextFor } from '../harness/core/__fixtures__/suite-context.ts';
import type { StressClientFactory } from '../harness/stress/client-contract.ts';
import stressKind from '../harness/stress/kind.ts';
import type { StressBaseline } from '../harness/stress/stress-baseline.ts';
import type { StressFlags } from '../harness/stress/suite-schema.ts';
import { referenceClientFactory } from '../sut/llm-client/factory.ts';
import { git, miniStressSuite, stressRepository } from './helpers-stress-repo.ts';

const suite = miniStressSuite({ rounds: 10, callsPerRound: 12 });
const entryWith = (client: StressClientFactory, extra: object = {}) =>
  stressKind.entrySchema.parse({ ...suite, ...extra, client });

/**
 * The reference client, every call answered 4 times as late as it would have been (a wait of 3 times the call's
 * own time). Relative, so that it is several times slower on any host: a fixed 3 ms busy wait, several times a
 * call on a quiet host, was a small part of one on a loaded host (beside 8 busy loops the same-round re-measure
 * did not confirm it: a warning, not a fail, 1 in 9 runs). A timer, not a busy wait: the scenario's 8 concurrent
 * calls share the mock's event loop, where a busy wait sized by the call's time would feed on the others' waits.
 */
const slower: StressClientFactory = async (o) => {
  const inner = await referenceClientFactory(o);
  return {
    call: async (req) => {
      const t0 = performance.now();
      const r = await inner.call(req);
      await new Promise((resolve) => setTimeout(resolve, (performance.now() - t0) * 3));
      return r;
    },
    close: () => inner.close(),
  };
};

let dir = '';
let commit = '';
let saved: StressBaseline;
const file = () => join(dir, 'baselines/stress-mini.json');

/** Write the saved baseline edited: contention dropped (a busy test machine must not make it "not comparable"). */
async function baseline(edit: (b: StressBaseline) => void = () => {}): Promise<void> {
  const b = structuredClone(saved);
  for (const sc of Object.values(b.scenarios)) delete sc.contention;
  edit(b);
  await writeFile(file(), JSON.stringify(b));
}

/**
 * As if the baseline had been saved on a host 3x quieter for the client than for the yardstick. A shift the stored
 * ratios must flag whatever the host: at 1.5x, 10 rounds beside 8 busy loops were noisy enough to pass it
 * (no flag, so no confirmation to test; 1 run in 13).
 */
const quieterHost = (b: StressBaseline) => {
  const y = b.scenarios.steady!.yardstick!;
  y.logRatios = y.logRatios.map((r) => r - Math.log(3));
};

const latency = async (client: StressClientFactory, extra: object = {}) => {
  const report = await stressKind.run(entryWith(client, extra), suiteContextFor<StressFlags>(dir));
  const check = report.checks.find((c) => c.name === 'steady/baseline:e2e-latency')!;
  return { report, check, details: check.details as Record<string, unknown> };
};
const confirmation = (c: CheckResult) => (c.details as { confirmation?: { kind: string } }).confirmation;

beforeAll(async () => {
  ({ dir, commit } = await stressRepository(suite, 'gauntlet-stress-confirm-'));
  await stressKind.run(entryWith(referenceClientFactory), suiteContextFor<StressFlags>(dir, { flags: { save: true } }));
  saved = JSON.parse(await readFile(file(), 'utf8')) as StressBaseline;
}, 30_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('stress latency gate: a flag against the stored ratios is confirmed like with like', () => {
  it('unchanged code against ratios stored on a quieter host: flagged, not confirmed by the baseline commit, a warning', async () => {
    await baseline(quieterHost);
    const { report, check, details } = await latency(referenceClientFactory);
    // The stored ratios flagged it (a confirmation ran), and the baseline commit, measured now beside the head, did not confirm it.
    expect(confirmation(check)).toMatchObject({ kind: 'same-run', against: `baseline commit ${commit.slice(0, 10)}` });
    expect(details).toMatchObject({ gate: 'yardstick', confirmed: false });
    expect(check.verdict).toBe('warn');
    // "the host changed" when the rounds rule a slowdown out, else "inconclusive": small rounds on a busy test machine can leave either.
    expect(check.reasons[0]).toMatch(/^(not confirmed|inconclusive): the stored ratios flagged \+\d+\.\d% /);
    expect(check.metrics!.confirm_ms).toBeGreaterThan(0);
    expect(report.metrics!['steady.confirm_ms']).toBe(check.metrics!.confirm_ms);
    expect(report.verdict).not.toBe('fail');
    expect(git(dir, 'worktree', 'list').split('\n')).toHaveLength(1); // the temporary worktree is gone
  }, 30_000);

  it('a client made slower in the head, not in the baseline commit: confirmed, a fail with both figures', async () => {
    await baseline();
    const { report, check, details } = await latency(slower);
    expect(check.verdict).toBe('fail');
    expect(details).toMatchObject({ confirmed: true, confirmation: { kind: 'same-run' } });
    expect(check.reasons[0]).toMatch(
      new RegExp(
        `^confirmed: the stored ratios flagged \\+\\d+\\.\\d% .*, and the head against baseline commit ${commit.slice(0, 10)} measured now in the same rounds shows \\+\\d+\\.\\d%`,
      ),
    );
    expect(report.verdict).toBe('fail');
  }, 30_000);

  it("without the baseline's commit: the head's rounds again against the stored ratios", async () => {
    await baseline((b) => {
      quieterHost(b);
      b.provenance.gitCommit = 'deadbeef'.repeat(5);
    });
    const { check } = await latency(referenceClientFactory);
    expect(confirmation(check)).toMatchObject({ kind: 'head-again' });
    // The shift stored in the baseline is there in every re-run: it flags again, and the check says it cannot
    // tell a host from a client; it fails unless the yardstick's own speed moved (pure tests: latency-confirmation.test.ts).
    expect(check.reasons[0]).toMatch(
      /^(confirmed by a re-run of the head's rounds against the stored ratios|host changed or client slower): .*deadbeefde is not in this repository/,
    );
    expect(check.verdict).toBe(check.reasons[0]!.startsWith('confirmed') ? 'fail' : 'warn');
  }, 30_000);

  it('confirm: false fails a stored-ratio flag at once, with no re-measure', async () => {
    await baseline(quieterHost);
    const { check, details } = await latency(referenceClientFactory, { confirm: false });
    expect(check.verdict).toBe('fail');
    expect(details).not.toHaveProperty('confirmation');
    expect(check.metrics).not.toHaveProperty('confirm_ms');
  }, 30_000);
});
