import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.ts';
import { judgeConfigSchema, type JudgeConfigInput } from './judge-config.ts';
import { SequentialCanaryJudge } from './sequential.ts';
import { judgeCanary } from './judge.ts';

const config = (c: JudgeConfigInput = {}) => judgeConfigSchema.parse({ sequential: { looks: 20 }, ...c });

function runSequential(seed: number, factor: number, c: JudgeConfigInput = {}, errorRate = 0.01) {
  const rng = createRng(seed);
  const lat = (n: number, f: number) => Array.from({ length: n }, () => 100 * f * Math.exp(0.4 * rng.normal()));
  const err = (n: number, p: number) => Array.from({ length: n }, () => (rng.float() < p ? 1 : 0));
  const judge = new SequentialCanaryJudge(config(c));
  while (!judge.done)
    judge.look({
      baseline: { latency: lat(100, 1), error: err(100, 0.01) },
      canary: { latency: lat(100, factor), error: err(100, errorRate) },
    });
  return judge.done;
}

describe('SequentialCanaryJudge', () => {
  it('identical versions are promoted once every interval is inside its allowance; p-values only go down', () => {
    const j = runSequential(1, 1, { metrics: { error: { allowedAbsolute: 0.03 } } });
    expect(j.decision).toBe('promote');
    expect(j.verdict).toBe('pass');
    expect(j.sequential.looks.length).toBe(j.sequential.looksTaken);
    // always-valid p-values only ever go down (running minimum)
    const ps = j.sequential.looks.map((l) => l.metrics.find((m) => m.name === 'latency')!.pValue);
    for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeLessThanOrEqual(ps[i - 1]!);
  });

  it('identical versions without enough samples to show it are not promoted at the last look: continue, inconclusive', () => {
    // 2,000 per arm cannot show a 1% error rate within +0.2 points
    const j = runSequential(1, 1, { metrics: { error: { allowedAbsolute: 0.002 } } });
    expect(j.sequential).toMatchObject({ plannedLooks: 20, looksTaken: 20, stoppedEarly: false });
    expect(j.decision).toBe('continue');
    expect(j.verdict).toBe('inconclusive');
    const error = j.metrics.find((m) => m.name === 'error')!;
    expect(error.classification).toBe('inconclusive');
    expect(error.samplesToSettle!.canary).toBeGreaterThan(2000);
    expect(j.reasons[0]).toMatch(/^after all 20 planned looks/);
  });

  it('a 20% latency regression stops early with a roll back and the look in the reason', () => {
    const j = runSequential(2, 1.2);
    expect(j.decision).toBe('roll back');
    expect(j.verdict).toBe('fail');
    expect(j.sequential.stoppedEarly).toBe(true);
    const lat = j.metrics.find((m) => m.name === 'latency')!;
    expect(lat.classification).toBe('high');
    expect(lat.reasons[0]).toMatch(/^increased at look \d+: mean difference .* always-valid interval/);
    expect(lat.pValue).not.toBeNull(); // the two-sided Mann-Whitney p is still reported
  });

  it('a clear pass stops early when every interval is inside its allowed change', () => {
    const j = runSequential(3, 1, { defaults: { allowedChange: 0.2 }, metrics: { error: { allowedChange: 3 } } });
    expect(j.decision).toBe('promote');
    expect(j.sequential.stoppedEarly).toBe(true);
    expect(j.reasons[0]).toMatch(/^clear pass at look \d+/);
  });

  it('hard limits roll back at the first look', () => {
    const j = runSequential(4, 1, { rollback: [{ metric: 'error', stat: 'rate', above: 0.05 }] }, 0.3);
    expect(j.sequential.looksTaken).toBe(1);
    expect(j.decision).toBe('roll back');
    expect(j.reasons[0]).toMatch(/^hard limit: canary error rate/);
  });

  it('a metric with no events on either side is judged on its bound, not passed for free', () => {
    const rng = createRng(8);
    const run = (perLook: number) => {
      const lat = () => Array.from({ length: perLook }, () => 100 * Math.exp(0.4 * rng.normal()));
      const judge = new SequentialCanaryJudge(
        config({ sequential: { looks: 3, tau: 0.2 }, metrics: { error: { critical: true } } }),
      );
      while (!judge.done)
        judge.look({
          baseline: { latency: lat(), error: Array(perLook).fill(0) },
          canary: { latency: lat(), error: Array(perLook).fill(0) },
        });
      return judge.done;
    };
    // 0 errors in 300 per arm: the error rate could still have risen by more than half a point
    const small = run(100).metrics.find((m) => m.name === 'error')!;
    expect(small.classification).toBe('inconclusive');
    expect(small.reasons[0]).toMatch(/every value so far is the same/);
    // 0 errors in 6,000 per arm: it has not
    const large = run(2000);
    expect(large.metrics.find((m) => m.name === 'error')!.classification).toBe('pass');
    expect(large.decision).toBe('promote');
  });

  it('refuses looks after it stopped', () => {
    const judge = new SequentialCanaryJudge(config({ sequential: { looks: 1, tau: 0.2 } }));
    judge.look({ baseline: { x: [1, 2, 3] }, canary: { x: [1, 2, 3] } });
    expect(judge.done).toBeDefined();
    expect(() => judge.look({ baseline: {}, canary: {} })).toThrow(/already stopped/);
  });
});

describe('fixed-horizon and sequential judges agree on what promote means', () => {
  const rng = createRng(77);
  const lat = (n: number, f: number) => Array.from({ length: n }, () => 100 * f * Math.exp(0.4 * rng.normal()));
  const both = (perLook: number, looks: number, factor: number) => {
    const batches = Array.from({ length: looks }, () => ({
      baseline: { latency: lat(perLook, 1) },
      canary: { latency: lat(perLook, factor) },
    }));
    const judge = new SequentialCanaryJudge(config({ sequential: { looks } }));
    for (const b of batches) if (!judge.done) judge.look(b);
    const all = {
      baseline: { latency: batches.flatMap((b) => b.baseline.latency) },
      canary: { latency: batches.flatMap((b) => b.canary.latency) },
    };
    return { sequential: judge.done!.decision, fixed: judgeCanary(all, judgeConfigSchema.parse({})).decision };
  };

  it('ample identical samples: both promote', () =>
    expect(both(2000, 4, 1)).toEqual({ sequential: 'promote', fixed: 'promote' }));
  it('few samples: neither promotes for want of evidence against', () =>
    expect(both(20, 4, 1)).toEqual({ sequential: 'continue', fixed: 'continue' }));
  it('a clear 30% regression: both roll back', () =>
    expect(both(500, 4, 1.3)).toEqual({ sequential: 'roll back', fixed: 'roll back' }));
});
