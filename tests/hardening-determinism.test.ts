/**
 * The same config and seed twice: the golden, drift and canary suites give the same verdicts and the
 * same JSON report apart from timings (durations, timestamps, latency figures). The one canary on
 * real requests (mock-LLM traffic) measures wall-clock latency, so for it the decision, the verdicts
 * and the error counts must match, not the latency statistics.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../harness/cli/main.ts';
import type { RunReport, SuiteReport } from '../harness/core/report.ts';
import { completeProject } from './helpers-complete-project.ts';
import { memoryIo } from './helpers-golden-project.ts';

/** Keys whose values are times measured on the wall clock. */
const TIMING_KEY = /_ms(_|$)|^ms$|Ms$|^(startedAt|finishedAt)$/;

/** The report with every timing field replaced by a marker, recursively. */
export function withoutTimings(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutTimings);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, TIMING_KEY.test(k) ? '<timing>' : withoutTimings(x)]),
  );
}

const REAL_TRAFFIC = 'canary-mock-llm-retries-dropped';

/** What must match for the canary on real requests: decisions, verdicts, request and error counts. */
function realTrafficView(s: SuiteReport): unknown {
  const d = s.checks[0]!.details as {
    decision: string;
    verdict: string;
    metrics: Array<{ name: string; classification: string; baseline?: { n?: number } }>;
  };
  return {
    verdict: s.verdict,
    checks: s.checks.map((c) => [c.name, c.verdict]),
    decision: d.decision,
    judged: d.verdict,
    classes: d.metrics.map((m) => [m.name, m.name === 'error' ? m.classification : '']),
  };
}

describe('determinism', () => {
  it('the same seed twice gives the same golden, drift and canary reports apart from timings', async () => {
    const root = completeProject({ redis: 'memory' });
    const reports: RunReport[] = [];
    for (const dir of ['r1', 'r2']) {
      const io = memoryIo(root, { CI: 'true' });
      await main(['run', 'golden', 'drift', 'canary', '--reports', dir], io);
      reports.push(JSON.parse(readFileSync(join(root, dir, 'gauntlet.json'), 'utf8')) as RunReport);
    }
    const [a, b] = reports as [RunReport, RunReport];
    expect(a.suites.map((s) => s.kind).sort()).toEqual([
      'canary',
      'canary',
      'canary',
      'canary',
      'canary',
      'canary',
      'drift',
      'golden',
    ]);
    expect(b.suites.map((s) => [s.name, s.verdict])).toEqual(a.suites.map((s) => [s.name, s.verdict]));
    expect(b.verdict).toBe(a.verdict);
    for (const [i, sa] of a.suites.entries()) {
      const sb = b.suites[i]!;
      if (sa.name === REAL_TRAFFIC) expect(realTrafficView(sb), sa.name).toEqual(realTrafficView(sa));
      else expect(withoutTimings(sb), sa.name).toEqual(withoutTimings(sa));
    }
    expect(withoutTimings({ ...b, suites: [] })).toEqual(withoutTimings({ ...a, suites: [] }));
  }, 90_000);

  it('the timing filter only hides timings (a changed selection is still seen)', () => {
    const s = {
      name: 'x',
      durationMs: 1,
      metrics: { latency_ms: 3, kendall_tau: 1 },
      artifacts: [{ content: '{"a":["1","2"]}' }],
    };
    expect(withoutTimings({ ...s, durationMs: 9, metrics: { latency_ms: 4, kendall_tau: 1 } })).toEqual(
      withoutTimings(s),
    );
    expect(withoutTimings({ ...s, metrics: { latency_ms: 3, kendall_tau: 0.5 } })).not.toEqual(withoutTimings(s));
    expect(withoutTimings({ ...s, artifacts: [{ content: '{"a":["2","1"]}' }] })).not.toEqual(withoutTimings(s));
  });
});
