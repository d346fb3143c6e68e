import type { CheckResult } from '../core/report.ts';
import { DEFAULT_ENTROPY_TOLERANCE, type GoldenCase } from './case-schema.ts';
import { rankingDiff } from './ranking-diff.ts';
import { renderRankingDiff } from './render-diff.ts';

/** What the selector returned for a case, as measured in a worker. */
export interface CaseOutcome {
  ids: string[];
  entropy?: number;
  /** Median over the timed calls. */
  latencyMs: number;
  calls: number;
}

/** Judge one case's outcome against its expectation: a CheckResult with the ranking diff in `details`. */
export function evaluateCase(c: GoldenCase, outcome: CaseOutcome, ci: boolean): CheckResult {
  const metrics: Record<string, number> = {
    candidates: c.candidates.length,
    selected: outcome.ids.length,
    latency_ms: outcome.latencyMs,
  };
  if (outcome.entropy !== undefined) metrics.entropy = outcome.entropy;
  const base = { name: c.name, location: { file: c.file }, durationMs: outcome.latencyMs };
  const e = c.expect;
  if (!e) {
    return {
      ...base,
      verdict: 'fail',
      change: 'new',
      reasons: [
        ci
          ? 'new case without an expectation (CI never writes one): run `gauntlet golden --update` locally, review the proposal, `gauntlet golden --accept`, commit'
          : 'new case without an expectation: `gauntlet golden --update` writes a proposal next to it, `--accept` applies it',
      ],
      metrics,
      details: { actual: { ids: outcome.ids, entropy: outcome.entropy } },
    };
  }
  const scores = new Map(c.candidates.map((x) => [x.id, x.score]));
  const diff = rankingDiff(e.ids, outcome.ids, scores);
  metrics.overlap_at_k = diff.overlapAtK;
  metrics.kendall_tau = diff.kendallTau;
  const reasons: string[] = [];
  const sameOrder = diff.moved.length === 0 && diff.entered.length === 0 && diff.left.length === 0;
  const sameSet = diff.entered.length === 0 && diff.left.length === 0;
  switch (e.mode) {
    case 'exact-order':
      if (!sameOrder) reasons.push('exact order differs');
      break;
    case 'same-set':
      if (!sameSet) reasons.push('selected set differs');
      break;
    case 'min-overlap':
      if (diff.overlapAtK < e.minOverlap)
        reasons.push(`overlap@${diff.k} ${diff.overlapAtK.toFixed(4)} < ${e.minOverlap}`);
      break;
    case 'min-kendall-tau':
      if (diff.kendallTau < e.minKendallTau)
        reasons.push(`kendall tau ${diff.kendallTau.toFixed(4)} < ${e.minKendallTau}`);
      break;
  }
  if (reasons.length && !sameOrder) reasons[0] += `\n${renderRankingDiff(diff)}`;
  if (e.entropy !== undefined) {
    const tol = e.entropyTolerance ?? DEFAULT_ENTROPY_TOLERANCE;
    if (outcome.entropy === undefined) reasons.push('expected an entropy, the selector returned none');
    else if (!(Math.abs(outcome.entropy - e.entropy) <= tol)) {
      reasons.push(
        `entropy ${outcome.entropy} differs from expected ${e.entropy} by ${Math.abs(outcome.entropy - e.entropy).toExponential(2)} > tolerance ${tol}`,
      );
    }
  }
  if (e.maxLatencyMs !== undefined && outcome.latencyMs > e.maxLatencyMs) {
    reasons.push(
      `latency ${outcome.latencyMs.toFixed(3)} ms (median of ${outcome.calls} calls) > max ${e.maxLatencyMs} ms`,
    );
  }
  return {
    ...base,
    verdict: reasons.length ? 'fail' : 'pass',
    reasons,
    metrics,
    details: {
      mode: e.mode,
      expected: { ids: e.ids, entropy: e.entropy },
      actual: { ids: outcome.ids, entropy: outcome.entropy },
      diff,
    },
  };
}
