/**
 * The one run model. A run produces a RunReport; reporters only format it and never recompute
 * a number. Everything here is plain JSON (no class instances, no Maps, no undefined-only meaning).
 */
export const REPORT_SCHEMA_VERSION = 1;

/** pass: fine. warn: worth a look, does not fail the run. fail: a check failed or regressed. error: could not be judged (threw, timed out, bad input). */
export type Verdict = 'pass' | 'warn' | 'fail' | 'error';

export interface SourceLocation {
  file: string;
  line?: number;
}

/** A chart or other attachment a suite produced; reporters decide how (or whether) to show it. */
export interface Artifact {
  name: string;
  /** 'svg' content is an SVG document; 'text' plain text; 'json' a JSON string. */
  type: 'svg' | 'text' | 'json';
  content: string;
}

export interface CheckResult {
  /** Unique within its suite. */
  name: string;
  verdict: Verdict;
  /** Why, in words; empty on a plain pass. */
  reasons: string[];
  durationMs?: number;
  /** Named figures (latency_p95_ms, kendall_tau, ...). Numbers only: reporters format them. */
  metrics?: Record<string, number>;
  /** Where the thing checked is defined, for annotations. */
  location?: SourceLocation;
  /** Kind-specific structured detail (a ranking diff, a breaker timeline...), serialisable. */
  details?: unknown;
  /** Compared to the stored baseline: improved, regressed or unchanged. */
  change?: 'improved' | 'regressed' | 'unchanged' | 'new';
}

export interface SuiteReport {
  kind: string;
  name: string;
  verdict: Verdict;
  durationMs: number;
  /** One line for tables: "58/60 cases pass", "2 regressions". */
  summary: string;
  checks: CheckResult[];
  metrics?: Record<string, number>;
  artifacts?: Artifact[];
  /** Things the reader should know that are not checks: which Redis ran, machine mismatch, coverage... */
  notes?: string[];
  /**
   * Set when this report is one shard's share of a suite that splits its work (`--shard i/n`):
   * which units (cases, scenario x seed pairs, files) of how many it ran. `gauntlet report merge`
   * joins the parts with the kind's `mergeShards` and checks that every unit ran exactly once.
   */
  shardPart?: ShardPart;
  /** Set when the suite could not run because its input is invalid (drives exit code 2). */
  inputError?: { code: string; message: string; file?: string; field?: string; line?: number };
}

/** A level shift in a metric's history on the watched branch (change points over the history store). */
export interface Trend {
  kind: string;
  suite: string;
  /** '' for a suite-level metric. */
  check: string;
  metric: string;
  /** after / before - 1. */
  relativeChange: number;
  before: number;
  after: number;
  /** Runs (and distinct commits) at the new level. */
  runsSince: number;
  commitsSince: number;
  startDate: string;
  startCommit?: string;
  /** "select 10,000 median_ms got 9% slower across the last 12 commits, starting at 1a2b3c4". */
  message: string;
}

export interface ShardPart {
  index: number;
  total: number;
  /** How many units the whole suite has. */
  units: number;
  /** The units this shard ran (indices into the suite's units, in order). */
  ran: number[];
  /** Whether the last run's durations or plain counts balanced the split. */
  balancedBy: 'durations' | 'counts';
  /** Kind-specific raw results the merge needs to recompute the suite's figures (serialisable). */
  data?: unknown;
}

export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'gauntlet'; version: string };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  seed: number;
  verdict: Verdict;
  reasons: string[];
  environment: { node: string; platform: string; arch: string; cpu: string; ci: boolean; gitCommit?: string };
  /** Set on a shard's report; `suites` lists every selected suite (kind/name) in config order, for the merge. */
  shard?: { index: number; total: number; suites?: string[] };
  suites: SuiteReport[];
  /** True when the global run deadline cut the run short; the report holds what finished. */
  partial?: boolean;
  /** Set on a report merged from shard reports (`gauntlet report merge`): which shards it holds. */
  /** Level shifts in the history of this run's metrics (set by the CLI's history step when a history store exists). */
  trends?: Trend[];
  merged?: { shards: Array<{ index: number; total: number; durationMs: number }>; missing: number[] };
}

const RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2, error: 3 };

/** The worst of several verdicts (error > fail > warn > pass); pass for none. */
export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'pass';
  for (const v of verdicts) if (RANK[v] > RANK[worst]) worst = v;
  return worst;
}

/** A suite's verdict from its checks. */
export function suiteVerdict(checks: readonly CheckResult[]): Verdict {
  return worstVerdict(checks.map((c) => c.verdict));
}

/** Exit code for a finished run: 2 if any suite had invalid input, 1 on fail or error, else 0. */
export function exitCodeFor(report: RunReport): 0 | 1 | 2 {
  if (report.suites.some((s) => s.inputError)) return 2;
  return report.verdict === 'fail' || report.verdict === 'error' ? 1 : 0;
}
