/**
 * Hand-made run reports shaped like what each suite kind emits, for the reporters' tests. They
 * hold hostile names on purpose: every reporter must show them as text.
 */
import type { RunReport, SuiteReport } from '../../core/report.ts';

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
export const MENTION = '@everyone';

const svg = (title: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80"><title>${title}</title>` +
  `<rect width="240" height="80" fill="#fff"/><polyline fill="none" stroke="#c00" stroke-width="2" points="0,70 40,60 80,62 120,30 160,35 200,10 240,12"/></svg>`;

export const goldenSuite: SuiteReport = {
  kind: 'golden',
  name: 'selection',
  verdict: 'fail',
  durationMs: 412.5,
  summary: '3/4 cases pass',
  checks: [
    { name: 'cold-start user', verdict: 'pass', reasons: [], durationMs: 3, metrics: { kendall_tau: 1, ndcg_at_10: 1 }, location: { file: 'suites/golden/cases/cold-start.yaml', line: 1 }, change: 'unchanged' },
    {
      name: 'returning user, diverse',
      verdict: 'fail',
      // Shaped like harness/golden/evaluate-case.ts: the rendered ranking diff follows the first reason's first line.
      reasons: ['exact order differs\noverlap@3 0.6667, kendall tau 0.71, score delta -0.4\nmoved: item-8 3→2 (▲1)\nentered top 3: item-22\nleft top 3: item-17', 'kendall tau 0.7100 < 0.9'],
      durationMs: 4,
      metrics: { candidates: 40, selected: 3, kendall_tau: 0.71, overlap_at_k: 0.6667 },
      location: { file: 'suites/golden/cases/returning.yaml' },
      details: {
        mode: 'exact',
        expected: { ids: ['item-3', 'item-17', 'item-8'], entropy: 1.2 },
        actual: { ids: ['item-3', 'item-8', 'item-22'], entropy: 1.1 },
        diff: { k: 3, overlapAtK: 0.6667, kendallTau: 0.71, entered: ['item-22'], left: ['item-17'] },
      },
    },
    { name: HOSTILE_NAME, verdict: 'pass', reasons: [], durationMs: 2, metrics: { kendall_tau: 0.95 }, location: { file: 'suites/golden/cases/hostile.yaml', line: 3 } },
    { name: `${MENTION} obsolete case`, verdict: 'warn', reasons: [`case is obsolete: ${MENTION} please look`], location: { file: 'suites/golden/cases/old.yaml', line: 2 } },
  ],
  metrics: { cases: 4, passed: 3 },
};

export const benchSuite: SuiteReport = {
  kind: 'bench',
  name: 'planner-bench',
  verdict: 'fail',
  durationMs: 9_800,
  summary: '1 regression, 1 improvement',
  checks: [
    {
      name: 'plan 100 candidates',
      verdict: 'fail',
      reasons: ['median 1.31 ms vs baseline 1.02 ms: +28.4% (95% CI +21.0% .. +36.2%), threshold +10%'],
      metrics: { median_ms: 1.31, baseline_median_ms: 1.02, change_pct: 28.4, ci_low_pct: 21, ci_high_pct: 36.2, samples: 200 },
      location: { file: 'suites/bench/planner.bench.ts', line: 12 },
      change: 'regressed',
    },
    {
      name: 'plan 10 candidates',
      verdict: 'pass',
      reasons: ['median 0.08 ms vs baseline 0.11 ms: -27.3%'],
      metrics: { median_ms: 0.08, baseline_median_ms: 0.11, change_pct: -27.3, ci_low_pct: -31, ci_high_pct: -22, samples: 200 },
      location: { file: 'suites/bench/planner.bench.ts', line: 30 },
      change: 'improved',
    },
    { name: 'score one', verdict: 'pass', reasons: [], metrics: { median_ms: 0.002, baseline_median_ms: 0.002, change_pct: 0.4, samples: 200 }, change: 'unchanged' },
  ],
  artifacts: [{ name: 'plan 100 candidates trend', type: 'svg', content: svg('bench trend') }],
  notes: ["baseline measured on CPU 'Other CPU', this run on 'This CPU'"],
};

export const stressSuite: SuiteReport = {
  kind: 'stress',
  name: 'llm-1000',
  verdict: 'pass',
  durationMs: 21_000,
  summary: '1000 calls, 0.4% errors, p95 812 ms',
  checks: [
    { name: 'error rate', verdict: 'pass', reasons: [], metrics: { error_rate: 0.004, limit: 0.01 } },
    { name: 'latency p95', verdict: 'pass', reasons: [], metrics: { latency_p95_ms: 812, limit_ms: 1500 }, change: 'unchanged' },
    { name: 'breaker recovers', verdict: 'pass', reasons: [], details: { timeline: [{ t: 0, state: 'closed' }, { t: 4000, state: 'open' }, { t: 9000, state: 'closed' }] } },
  ],
  metrics: { calls: 1000, latency_p50_ms: 230, latency_p95_ms: 812, latency_p99_ms: 1204, error_rate: 0.004, cache_hit_rate: 0.31 },
  artifacts: [{ name: 'breaker timeline', type: 'svg', content: svg('breaker') }],
};

export const driftSuite: SuiteReport = {
  kind: 'drift',
  name: 'thirty-days',
  verdict: 'warn',
  durationMs: 5_200,
  summary: 'drift detected on day 12 (expected 11..14); 1 alert late',
  checks: [
    { name: 'detects injected drift', verdict: 'pass', reasons: [], metrics: { detection_day: 12, false_alarms: 0 } },
    { name: 'autopilot within bounds', verdict: 'pass', reasons: [], metrics: { max_weight_step: 0.05 } },
    { name: 'alert latency', verdict: 'warn', reasons: ['alert fired 26 h after drift (target 24 h)'], metrics: { alert_latency_h: 26 } },
  ],
  artifacts: [{ name: 'psi trace', type: 'svg', content: svg('psi') }],
};

export const canarySuite: SuiteReport = {
  kind: 'canary',
  name: 'ranker-v2',
  verdict: 'pass',
  durationMs: 1_100,
  summary: 'promote (score 0.93)',
  checks: [
    { name: 'ctr', verdict: 'pass', reasons: [], metrics: { p_value: 0.41, effect: 0.002, ci_low: -0.003, ci_high: 0.007 }, change: 'unchanged' },
    { name: 'sample ratio', verdict: 'pass', reasons: [], metrics: { p_value: 0.62 } },
    { name: `latency ${HOSTILE_NAME}`, verdict: 'pass', reasons: [], metrics: { p_value: 0.03, effect: -12 }, change: 'improved' },
  ],
  metrics: { score: 0.93 },
  artifacts: [{ name: 'intervals', type: 'svg', content: svg('intervals') }],
};

export const erroredSuite: SuiteReport = {
  kind: 'golden',
  name: 'broken-cases',
  verdict: 'error',
  durationMs: 2,
  summary: 'suites/golden/broken.yaml:7: candidates[3].score: expected number',
  checks: [],
  inputError: { code: 'GAUNTLET_INPUT', message: 'expected number', file: 'suites/golden/broken.yaml', field: 'candidates[3].score', line: 7 },
};

/** A failing run with every kind. */
export function fixtureRunReport(overrides: Partial<RunReport> = {}): RunReport {
  const suites = [goldenSuite, benchSuite, stressSuite, driftSuite, canarySuite];
  return structuredClone({
    schemaVersion: 1,
    tool: { name: 'gauntlet', version: '0.1.0' },
    startedAt: '2026-11-21T05:00:00.000Z',
    finishedAt: '2026-11-21T05:00:38.000Z',
    durationMs: 38_000,
    seed: 1,
    verdict: 'fail',
    reasons: suites.filter((s) => s.verdict !== 'pass').map((s) => `${s.kind}/${s.name}: ${s.verdict}: ${s.summary}`),
    environment: { node: 'v20.20.0', platform: 'linux', arch: 'x64', cpu: 'This CPU', ci: true, gitCommit: '0123456789abcdef0123456789abcdef01234567' },
    suites,
    ...overrides,
  } satisfies RunReport);
}

/** A passing run. */
export function passingRunReport(): RunReport {
  return fixtureRunReport({ verdict: 'pass', reasons: [], suites: [structuredClone(stressSuite), structuredClone(canarySuite)] });
}
