import { z } from 'zod';
import { defineSuiteKind } from '../core/suite-kind.ts';
import { suiteVerdict, type CheckResult, type SuiteReport, type Verdict } from '../core/report.ts';
import { judgeConfigSchema } from './judge-config.ts';
import { runCanary } from './run-canary.ts';
import { renderCanaryChart } from './chart.ts';
import type { CanaryJudgment } from './judgment.ts';
import type { TrafficSource } from './traffic.ts';

const trafficSchema = z.custom<TrafficSource>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as TrafficSource).open === 'function' &&
    typeof (v as TrafficSource).describe === 'string',
  {
    message:
      'expected a traffic source (simulatedTraffic(...), mockServerTraffic(...) or an object with open() and a describe string)',
  },
);

export const canaryEntrySchema = z.strictObject({
  kind: z.literal('canary'),
  name: z.string().min(1),
  /** What serves the requests, with the baseline and canary versions. */
  traffic: trafficSchema,
  /** Total requests, both arms. */
  requests: z.number().int().min(2).max(1_000_000).default(2000),
  /** 'random' (binomial arm sizes, the default) or 'balanced' (weighted round-robin): see runCanary. */
  routing: z.enum(['random', 'balanced']).default('random'),
  /** This suite's base seed (default: the config's `seed`; `--seed` overrides both). */
  seed: z.number().int().optional(),
  /** The judge's settings (same as `gauntlet canary --config`). `judge.sequential` turns on sequential looks. */
  judge: judgeConfigSchema.default(judgeConfigSchema.parse({})),
  /**
   * For a suite that demonstrates a bad canary: the decision (and failing metrics) the judge must reach.
   * The suite passes when the judge decides as expected. Without it, the suite's verdict is the canary's.
   */
  expect: z
    .strictObject({
      decision: z.enum(['promote', 'continue', 'roll back']),
      /** Metrics that must be classified high or low (others must not be). */
      failing: z.array(z.string()).optional(),
      /** true: the split check must fail; false: it must pass. */
      sampleRatioMismatch: z.boolean().optional(),
    })
    .optional(),
});
export type CanaryEntry = z.output<typeof canaryEntrySchema>;

/** The suite verdict of a canary verdict: marginal warns; inconclusive follows the judge's `inconclusive` policy. */
function suiteVerdictOf(j: CanaryJudgment): Verdict {
  if (j.verdict === 'inconclusive') return j.settings.inconclusive;
  return j.verdict === 'marginal' ? 'warn' : j.verdict;
}

export default defineSuiteKind({
  kind: 'canary',
  description:
    'baseline against canary on live traffic: per-metric tests, sample ratio mismatch, sequential looks, a score and a decision',
  entrySchema: canaryEntrySchema,
  // Simulated traffic draws its latencies from a seeded model; real requests (the mock server) are timed.
  measuresTime: (entry) => entry.traffic.measuresTime ?? true,
  async run(entry, ctx): Promise<SuiteReport> {
    const t0 = performance.now();
    const seed = ctx.seedOverride ?? entry.seed ?? ctx.seed;
    const run = await runCanary({
      traffic: entry.traffic,
      requests: entry.requests,
      routing: entry.routing,
      seed,
      judge: entry.judge,
      signal: ctx.signal,
      onLook: (done, total) => ctx.progress({ done, total, label: `look ${done}/${total}` }),
    });
    const j = run.judgment;
    const failing = j.metrics
      .filter((m) => m.classification === 'high' || m.classification === 'low')
      .map((m) => m.name);
    const metricChecks: CheckResult[] = j.metrics.map((m) => ({
      name: `metric ${m.name}`,
      // A failing metric fails the suite only when it fails the canary (a non-critical one may be outweighed by the score).
      verdict:
        m.classification === 'pass' ? 'pass' : m.classification === 'no data' || j.verdict !== 'fail' ? 'warn' : 'fail',
      reasons:
        m.classification === 'pass' ? [] : [...m.reasons, ...(m.samplesToSettle ? [m.samplesToSettle.statement] : [])],
      metrics: numbers({
        p_value: m.pValue,
        adjusted_p_value: m.adjustedPValue,
        hl_estimate: m.hodgesLehmann?.estimate,
        hl_lower: m.hodgesLehmann?.lower,
        hl_upper: m.hodgesLehmann?.upper,
      }),
    }));
    const srmCheck: CheckResult = {
      name: 'traffic split',
      verdict: j.srm.ok ? 'pass' : 'fail',
      reasons: j.srm.ok ? [] : [j.srm.statement],
      metrics: numbers({ srm_p_value: j.srm.pValue, baseline: j.srm.baseline, canary: j.srm.canary }),
    };
    let checks: CheckResult[];
    let summary: string;
    const seq = 'sequential' in j ? j.sequential : undefined;
    const at = seq ? `, look ${seq.looksTaken} of ${seq.plannedLooks}` : '';
    const got = `${j.decision} (verdict ${j.verdict}, score ${j.score}${failing.length ? `, failing: ${failing.join(', ')}` : ''}${j.srm.ok ? '' : ', sample ratio mismatch'}${at})`;
    if (entry.expect) {
      const problems: string[] = [];
      if (j.decision !== entry.expect.decision)
        problems.push(`expected decision ${entry.expect.decision}, got ${j.decision}`);
      if (entry.expect.failing) {
        const want = [...entry.expect.failing].sort().join(', ');
        if ([...failing].sort().join(', ') !== want)
          problems.push(`expected failing metrics [${want}], got [${failing.join(', ')}]`);
      }
      if (entry.expect.sampleRatioMismatch !== undefined && entry.expect.sampleRatioMismatch === j.srm.ok) {
        problems.push(`expected the split check to ${entry.expect.sampleRatioMismatch ? 'fail' : 'pass'}`);
      }
      // The per-metric checks describe the canary; the suite's verdict is whether the judge decided as expected.
      checks = [
        {
          name: 'judge decides as expected',
          verdict: problems.length ? 'fail' : 'pass',
          reasons: [...problems, ...j.reasons],
          details: j,
        },
        ...[srmCheck, ...metricChecks].map((c) => ({
          ...c,
          verdict: 'pass' as const,
          reasons: c.reasons.map((r) => `(expected) ${r}`),
        })),
      ];
      summary = problems.length ? problems.join('; ') : `judge decided ${got}, as expected`;
    } else {
      checks = [
        { name: 'decision', verdict: suiteVerdictOf(j), reasons: j.reasons, details: j },
        srmCheck,
        ...metricChecks,
      ];
      summary = got;
    }
    return {
      kind: 'canary',
      name: entry.name,
      verdict: suiteVerdict(checks),
      durationMs: Math.round(performance.now() - t0),
      summary,
      checks,
      metrics: numbers({
        score: j.score,
        requests_baseline: run.recorded.baseline,
        requests_canary: run.recorded.canary,
        looks_taken: seq?.looksTaken,
      }),
      artifacts: [{ name: `${entry.name}-canary.svg`, type: 'svg', content: renderCanaryChart(j) }],
      notes: [
        `traffic: ${entry.traffic.describe}; seed ${seed}; ${run.routed.baseline} requests routed to the baseline, ${run.routed.canary} to the canary`,
      ],
    };
  },
});

function numbers(o: Record<string, number | null | undefined>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(o).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])),
  );
}
