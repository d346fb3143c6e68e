import { describe, expect, it } from 'vitest';
import { suiteMeasuresTime, type SuiteContext } from '../core/suite-kind.ts';
import { mockServerTraffic } from './mock-server-traffic.ts';
import { referenceClientFactory } from '../../sut/llm-client/factory.ts';
import { suiteContextFor } from '../core/__fixtures__/suite-context.ts';
import canaryKind, { canaryEntrySchema } from './kind.ts';
import { latencyErrorModel, simulatedTraffic } from './simulated-traffic.ts';
import { runCanary } from './run-canary.ts';
import { judgeConfigSchema } from './judge-config.ts';

const ctx: SuiteContext = suiteContextFor('.', { reportsDir: 'reports', ci: true });
const stable = { medianMs: 100, sigma: 0.3, errorRate: 0.002 };

describe('canary suite kind', () => {
  it('identical versions: pass, with per-metric checks, a chart and the split', async () => {
    const entry = canaryEntrySchema.parse({
      kind: 'canary',
      name: 'aa',
      traffic: simulatedTraffic({ baseline: latencyErrorModel(stable), canary: latencyErrorModel(stable) }),
      requests: 2000,
    });
    const r = await canaryKind.run(entry, ctx);
    expect(r.verdict).toBe('pass');
    expect(r.checks.map((c) => c.name)).toEqual(['decision', 'traffic split', 'metric latency_ms', 'metric error']);
    expect((r.metrics?.requests_baseline ?? NaN) + (r.metrics?.requests_canary ?? NaN)).toBe(2000);
    expect(r.artifacts![0]!.content).toMatch(/^<svg/);
  });

  it('a slower canary fails the suite when no expectation is declared', async () => {
    const entry = canaryEntrySchema.parse({
      kind: 'canary',
      name: 'slow',
      traffic: simulatedTraffic({
        baseline: latencyErrorModel(stable),
        canary: latencyErrorModel({ ...stable, medianMs: 115 }),
      }),
      requests: 2000,
    });
    const r = await canaryKind.run(entry, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.checks.find((c) => c.name === 'metric latency_ms')!.verdict).toBe('fail');
    expect(r.summary).toMatch(/^roll back .*failing: latency_ms/);
  });

  it('an expectation the judge does not meet fails, naming what differed', async () => {
    const entry = canaryEntrySchema.parse({
      kind: 'canary',
      name: 'wrong',
      traffic: simulatedTraffic({ baseline: latencyErrorModel(stable), canary: latencyErrorModel(stable) }),
      requests: 1000,
      expect: { decision: 'roll back', failing: ['latency_ms'] },
    });
    const r = await canaryKind.run(entry, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.summary).toBe('expected decision roll back, got continue; expected failing metrics [latency_ms], got []');
  });

  it('routing follows the configured share and lost records trip the split check', async () => {
    const run = await runCanary({
      traffic: simulatedTraffic({
        baseline: latencyErrorModel(stable),
        canary: latencyErrorModel({ ...stable, lossRate: 0.2 }),
      }),
      requests: 4000,
      seed: 9,
      judge: judgeConfigSchema.parse({ canaryShare: 0.25 }),
    });
    expect(Math.abs(run.routed.canary / 4000 - 0.25)).toBeLessThan(0.03);
    expect(run.recorded.canary).toBeLessThan(run.routed.canary);
    expect(run.judgment.srm.ok).toBe(false);
    expect(run.judgment.decision).toBe('roll back');
  });

  it('the same seed gives the same judgment', async () => {
    const make = () => ({
      traffic: simulatedTraffic({ baseline: latencyErrorModel(stable), canary: latencyErrorModel(stable) }),
      requests: 600,
      seed: 5,
      judge: judgeConfigSchema.parse({}),
    });
    const a = await runCanary(make());
    const b = await runCanary(make());
    expect(a.judgment).toEqual(b.judgment);
  });

  it('measures no time on simulated traffic, and time on real requests or a source that does not say', () => {
    const entryWith = (traffic: object) => canaryEntrySchema.parse({ kind: 'canary', name: 't', traffic });
    const simulated = simulatedTraffic({ baseline: latencyErrorModel(stable), canary: latencyErrorModel(stable) });
    const mock = mockServerTraffic({
      baseline: { factory: referenceClientFactory },
      canary: { factory: referenceClientFactory },
    });
    const own = { describe: 'my service', open: simulated.open };
    const timing = (traffic: object) => suiteMeasuresTime({ definition: canaryKind, entry: entryWith(traffic) });
    expect([timing(simulated), timing(mock), timing(own), timing({ ...own, measuresTime: false })]).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('rejects an entry without a traffic source, naming the key', () => {
    const r = canaryEntrySchema.safeParse({ kind: 'canary', name: 'x', traffic: 'nope' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['traffic']);
  });

  it('an inconclusive canary fails the suite by default and warns with inconclusive: warn, saying what would settle it', async () => {
    const make = (inconclusive: 'warn' | 'fail') =>
      canaryEntrySchema.parse({
        kind: 'canary',
        name: 'short',
        traffic: simulatedTraffic({ baseline: latencyErrorModel(stable), canary: latencyErrorModel(stable) }),
        requests: 300,
        judge: { inconclusive },
      });
    const strict = await canaryKind.run(make('fail'), ctx);
    expect(strict.summary).toMatch(/^continue \(verdict inconclusive/);
    expect(strict.verdict).toBe('fail');
    const lenient = await canaryKind.run(make('warn'), ctx);
    expect(lenient.verdict).toBe('warn');
    const open = lenient.checks.find((c) => c.name.startsWith('metric ') && c.verdict === 'warn')!;
    expect(open.reasons.join(' ')).toMatch(/samples would settle it/);
  });
});
