import { suiteVerdict, type CheckResult, type ShardPart, type SuiteReport } from '../core/report.ts';

/** What a golden run (or the merge of its shards) turns into the suite report. */
export interface GoldenOutcome {
  name: string;
  /** One check per case, in case order. */
  caseChecks: CheckResult[];
  /** `file: why` per obsolete proposal, in file order. */
  obsolete: string[];
  notes: string[];
  /** The selection (or error) of each case, by case name. */
  selections: Record<string, unknown>;
  loadMs: number;
  runMs: number;
  /** Coverage figures from the coverage summary, when configured. */
  coverage?: Record<string, number>;
  durationMs: number;
  shardPart?: ShardPart;
}

export const OBSOLETE_CHECK = 'obsolete proposals';

/** The golden suite report: counts, summary and verdict from the cases' checks. One function for runs and merges. */
export function goldenReport(o: GoldenOutcome): SuiteReport {
  const checks = [...o.caseChecks];
  if (o.obsolete.length)
    checks.push({
      name: OBSOLETE_CHECK,
      verdict: 'warn',
      reasons: o.obsolete,
      metrics: { obsolete: o.obsolete.length },
    });
  const cases = o.caseChecks;
  // load_ms: reading and validating cases and configs; run_ms: from the first case sent to the last answer.
  const metrics: Record<string, number> = {
    cases: cases.length,
    passed: cases.filter((c) => c.verdict === 'pass').length,
    failed: cases.filter((c) => c.verdict === 'fail').length,
    errors: cases.filter((c) => c.verdict === 'error').length,
    timed_out: cases.filter((c) => c.metrics?.timed_out).length,
    new_cases: cases.filter((c) => c.change === 'new').length,
    load_ms: o.loadMs,
    run_ms: o.runMs,
    ...o.coverage,
  };
  const summaryParts = [`${metrics.passed}/${cases.length} cases pass`];
  if (metrics.timed_out) summaryParts.push(`${metrics.timed_out} timed out`);
  if (metrics.new_cases) summaryParts.push(`${metrics.new_cases} without expectation`);
  if (o.obsolete.length) summaryParts.push(`${o.obsolete.length} obsolete proposal(s)`);
  return {
    kind: 'golden',
    name: o.name,
    verdict: suiteVerdict(checks),
    durationMs: o.durationMs,
    summary: summaryParts.join(', '),
    checks,
    metrics,
    notes: o.notes,
    // The selections alone (no timings): the same cases and seeds give this byte for byte on every run.
    artifacts: [{ name: 'selections', type: 'json', content: JSON.stringify(o.selections) }],
    ...(o.shardPart ? { shardPart: o.shardPart } : {}),
  };
}

/** Join the shards' parts of one golden suite into the report of one unsharded run (cases back in case order). */
export function mergeGoldenShards(parts: SuiteReport[]): SuiteReport {
  const placed: Array<{ at: number; check: CheckResult }> = [];
  const selections: Array<[number, string, unknown]> = [];
  const obsolete = new Set<string>();
  for (const p of parts) {
    const ran = p.shardPart?.ran ?? [];
    const caseChecks = p.checks.filter((c) => c.name !== OBSOLETE_CHECK);
    caseChecks.forEach((check, k) => placed.push({ at: ran[k] ?? Number.MAX_SAFE_INTEGER, check }));
    for (const r of p.checks.find((c) => c.name === OBSOLETE_CHECK)?.reasons ?? []) obsolete.add(r);
    const sel = JSON.parse(p.artifacts?.find((a) => a.name === 'selections')?.content ?? '{}') as Record<
      string,
      unknown
    >;
    const at = new Map(caseChecks.map((c, k) => [c.name, ran[k] ?? Number.MAX_SAFE_INTEGER]));
    for (const [name, v] of Object.entries(sel)) selections.push([at.get(name) ?? Number.MAX_SAFE_INTEGER, name, v]);
  }
  const coverage = Object.fromEntries(
    Object.entries(parts[0]!.metrics ?? {}).filter(([k]) => k.startsWith('coverage_')),
  );
  return goldenReport({
    name: parts[0]!.name,
    caseChecks: placed.sort((a, b) => a.at - b.at).map((p) => p.check),
    obsolete: [...obsolete].sort(),
    notes: [...new Set(parts.flatMap((p) => p.notes ?? []))],
    selections: Object.fromEntries(selections.sort((a, b) => a[0] - b[0]).map(([, n, v]) => [n, v])),
    loadMs: Math.max(...parts.map((p) => p.metrics?.load_ms ?? 0)),
    runMs: Math.max(...parts.map((p) => p.metrics?.run_ms ?? 0)),
    ...(Object.keys(coverage).length ? { coverage } : {}),
    durationMs: parts.reduce((a, p) => a + p.durationMs, 0),
  });
}

/** Per-case durations (ms) from a previous golden report, to balance a split. */
export function caseDurations(previous: SuiteReport | undefined): Map<string, number> | undefined {
  if (!previous) return undefined;
  return new Map(
    previous.checks
      .filter((c) => c.name !== OBSOLETE_CHECK && c.durationMs !== undefined)
      .map((c) => [c.name, c.durationMs!]),
  );
}
