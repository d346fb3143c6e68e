import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stressKind from '../harness/stress/kind.ts';
import type { SuiteContext } from '../harness/core/suite-kind.ts';
import { suiteContextFor } from '../harness/core/__fixtures__/suite-context.ts';
import type { StressFlags } from '../harness/stress/suite-schema.ts';
import { referenceClientFactory } from '../sut/llm-client/factory.ts';
import { resourcesGrown } from '../harness/stress/resources.ts';
import { freePort } from '../harness/stress/redis-provider.ts';
import { has, redisServer } from '../harness/core/__fixtures__/optional-programs.ts';

// The cache runs in a real redis-server child when the machine has one; otherwise that part is
// skipped (a note names the package) and the rest of the suite runs with the in-memory cache.
const cacheMode = has(redisServer) ? 'redis-server' : 'memory';

const childPids = () => {
  try {
    const rows = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)])
      .toString()
      .trim()
      .split('\n');
    return rows
      .map((r) => r.trim().split(/\s+/))
      .filter(([pid, comm]) => pid && comm !== 'ps')
      .map(([, comm]) => comm);
  } catch {
    return []; // ps exits 1 when there is no child
  }
};

function ctx(rootDir: string, over: Partial<SuiteContext<StressFlags>> = {}): SuiteContext<StressFlags> {
  return suiteContextFor<StressFlags>(rootDir, over);
}

const entry = (over: Record<string, unknown> = {}) =>
  stressKind.entrySchema.parse({
    kind: 'stress',
    name: 'mini',
    client: referenceClientFactory,
    redis: cacheMode,
    // The --save below is setup, not what is tested: a crowded host must not refuse it (persist.test.ts tests that).
    maxSaveContention: 1_000,
    clientOptions: {
      breaker: { mode: 'consecutive', consecutiveFailures: 5, halfOpenAfterMs: 300 },
      maxAttempts: 2,
      backoff: { baseMs: 10 },
    },
    scenarios: [
      {
        name: 'burst',
        // The phases are real time on the server: the calls must keep to their schedule for the breaker to
        // open within the burst and close in the 1.1 s after it. At 200 a second a loaded host fell behind
        // (2 s for 1.5 s of calls, the late ones all at once while it was open: it ended open); at 100 it keeps up.
        calls: 200,
        concurrency: 100,
        ratePerSec: 100,
        profile: {
          name: 'mini-burst',
          latency: { ttft: { dist: 'fixed', ms: 5 } },
          completionTokens: 4,
          phases: [
            { name: 'warm', durationMs: 300 },
            { name: 'burst', durationMs: 600, faults: [{ type: 'status', status: 503, probability: 1 }] },
          ],
        },
        slo: { breakerOpensWithinMs: 600, breakerClosesWithinMs: 2000 },
      },
    ],
    ...over,
  });

describe('stress suite, end to end in process (real time, ~2 s)', () => {
  it(`runs a burst scenario with the ${cacheMode} cache, judges the breaker, and leaves nothing behind`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-stress-'));
    const before = process.getActiveResourcesInfo();
    try {
      const report = await stressKind.run(entry(), ctx(dir, { flags: { save: true } }));
      const run = report.checks.find((c) => c.name === 'burst/run')!;
      const d = run.details as {
        transitions: Array<{ to: string; atMs: number }>;
        phases: Array<{ name: string; openedAfterMs?: number; closedAfterMs?: number }>;
        failures: Record<string, number>;
        serverFaults: Record<string, number>;
      };
      expect(
        report.notes!.some((n) =>
          n.startsWith(cacheMode === 'redis-server' ? 'cache: local redis-server process' : 'cache: in-memory cache'),
        ),
      ).toBe(true);
      expect(d.serverFaults['status:503']).toBeGreaterThan(0);
      expect(d.transitions.map((t) => t.to)).toContain('open');
      expect(d.transitions.at(-1)!.to).toBe('closed');
      const burst = d.phases.find((p) => p.name === 'burst')!;
      expect(burst.openedAfterMs).toBeLessThan(600); // during the burst (real time: a loaded machine is slow)
      expect(d.failures.served_by_fallback).toBeGreaterThan(0);
      expect(report.checks.find((c) => c.name === 'burst/slo:breaker-opens:burst')!.verdict).toBe('pass');
      expect(report.artifacts!.map((a) => a.name)).toEqual(['mini-burst-breaker-timeline.svg']);
      expect(run.metrics!.retry_amplification).toBeGreaterThan(0);
      // --save wrote the baseline (the run passed apart from the missing-baseline warning).
      const file = join(dir, 'baselines/stress-mini.json');
      expect(JSON.parse(readFileSync(file, 'utf8')).scenarios.burst.calls).toBe(200);
      // A second run compares with it.
      const again = await stressKind.run(entry(), ctx(dir, { ci: true, flags: { save: true } }));
      expect(again.checks.some((c) => c.name === 'burst/baseline:e2e-latency')).toBe(true);
      expect(again.notes).toContainEqual(
        expect.stringMatching(/^--save ignored in CI: baselines are never written there/),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(resourcesGrown(before, process.getActiveResourcesInfo())).toEqual([]);
    expect(childPids()).toEqual([]);
  });

  it('a client factory that throws, and an unreachable target, are clear errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gauntlet-stress-'));
    try {
      const throwing = entry({
        redis: 'memory',
        client: () => {
          throw new Error('no API key');
        },
      });
      await expect(stressKind.run(throwing, ctx(dir))).rejects.toThrow('client factory threw: no API key');
      const port = await freePort(); // nothing listens there any more
      const unreachable = entry({
        redis: 'memory',
        scenarios: [{ name: 'x', calls: 1, profile: {}, target: `http://127.0.0.1:${port}/v1` }],
      });
      await expect(stressKind.run(unreachable, ctx(dir))).rejects.toThrow(
        `target http://127.0.0.1:${port}/v1 is unreachable (ECONNREFUSED)`,
      );
      expect(existsSync(join(dir, 'baselines'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
