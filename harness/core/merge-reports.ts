import { InputError } from './errors.ts';
import {
  REPORT_SCHEMA_VERSION,
  suiteVerdict,
  worstVerdict,
  type CheckResult,
  type RunReport,
  type SuiteReport,
} from './report.ts';

export interface ShardInput {
  file: string;
  report: RunReport;
}

/** Joins one suite's shard parts (a kind's `mergeShards`), by kind name. */
export type ShardMergers = ReadonlyMap<string, (parts: SuiteReport[]) => SuiteReport>;

const key = (s: { kind: string; name: string }) => `${s.kind}/${s.name}`;

/**
 * Merge the reports of `gauntlet run --shard i/n` into the report an unsharded run gives: suites
 * back in config order; a suite split across shards joined by its kind's merger (`mergers`) after
 * checking that every unit ran exactly once; the run verdict the worst of the shards' (each already
 * applied `failOn`) and of the joined suites; reasons in suite order. A missing shard makes the
 * merged run an error; shards of different runs (seed, total, commit) cannot be merged.
 */
export function mergeShardReports(inputs: readonly ShardInput[], mergers: ShardMergers = new Map()): RunReport {
  if (inputs.length === 0) throw new InputError('no shard reports to merge');
  const first = inputs[0]!;
  const total = first.report.shard?.total ?? 1;
  const seen = new Map<number, string>();
  for (const { file, report } of inputs) {
    if (report.schemaVersion !== REPORT_SCHEMA_VERSION)
      throw new InputError(`report schema version ${report.schemaVersion}, expected ${REPORT_SCHEMA_VERSION}`, {
        file,
        field: 'schemaVersion',
      });
    if (report.merged) throw new InputError('already a merged report', { file, field: 'merged' });
    const shard = report.shard ?? { index: 1, total: 1 };
    if (shard.total !== total)
      throw new InputError(`shard of ${shard.total}, but ${first.file} is a shard of ${total}`, {
        file,
        field: 'shard.total',
      });
    if (seen.has(shard.index))
      throw new InputError(`shard ${shard.index}/${total} given twice (also ${seen.get(shard.index)})`, {
        file,
        field: 'shard.index',
      });
    seen.set(shard.index, file);
    if (report.seed !== first.report.seed)
      throw new InputError(
        `seed ${report.seed} differs from ${first.file} (seed ${first.report.seed}): not the same run`,
        { file, field: 'seed' },
      );
    const commit = report.environment.gitCommit;
    if (commit && first.report.environment.gitCommit && commit !== first.report.environment.gitCommit) {
      throw new InputError(
        `commit ${commit} differs from ${first.file} (${first.report.environment.gitCommit}): not the same run`,
        { file, field: 'environment.gitCommit' },
      );
    }
  }
  const shards = [...inputs]
    .sort((a, b) => (a.report.shard?.index ?? 1) - (b.report.shard?.index ?? 1))
    .map((s) => s.report);
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));

  const suites = configOrder(shards, total).flatMap((name) => {
    const found = shards.flatMap((r) => r.suites.filter((s) => key(s) === name));
    if (found.length === 0) return [];
    if (found.length === 1 && !found[0]!.shardPart) return [found[0]!];
    return [joinParts(found, total, mergers.get(found[0]!.kind))];
  });

  // The same reason lines an unsharded run writes, from the joined suites; then the shards' others (deadline...).
  const suiteReasons = suites.filter((s) => s.verdict !== 'pass').map((s) => `${key(s)}: ${s.verdict}: ${s.summary}`);
  const prefixes = suites.map((s) => `${key(s)}: `);
  const otherReasons = [
    ...new Set(shards.flatMap((r) => r.reasons.filter((x) => !prefixes.some((p) => x.startsWith(p))))),
  ];

  let verdict = worstVerdict([...shards.map((s) => s.verdict), ...suites.map((s) => s.verdict)]);
  if (missing.length) {
    verdict = worstVerdict([verdict, 'error']);
    otherReasons.push(
      `shard report(s) missing: ${missing.map((i) => `${i}/${total}`).join(', ')}; their suites did not report`,
    );
  }
  const started = shards.map((s) => s.startedAt).sort()[0]!;
  const finished = shards
    .map((s) => s.finishedAt)
    .sort()
    .at(-1)!;
  // A shard cut short makes the merged run partial (a missing shard is in `merged.missing`).
  const cut = shards.map((s) => s.partial).filter((p) => p !== undefined);
  const partial = cut.length
    ? { reason: cut[0]!.reason, skipped: cut.flatMap((p) => p.skipped), cutShort: cut.flatMap((p) => p.cutShort) }
    : undefined;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: first.report.tool,
    startedAt: started,
    finishedAt: finished,
    durationMs: Math.max(0, Date.parse(finished) - Date.parse(started)),
    seed: first.report.seed,
    verdict,
    reasons: [...suiteReasons, ...otherReasons],
    environment: { ...first.report.environment },
    suites,
    ...(partial ? { partial } : {}),
    merged: {
      shards: shards.map((s) => ({ index: s.shard?.index ?? 1, total, durationMs: s.durationMs })),
      missing,
    },
  };
}

/** Suite keys in config order: recorded by every shard; reports without it were dealt round-robin. */
function configOrder(shards: RunReport[], total: number): string[] {
  const recorded = shards.find((s) => s.shard?.suites)?.shard?.suites;
  if (recorded) return recorded;
  const placed: Array<{ at: number; name: string }> = [];
  for (const r of shards)
    r.suites.forEach((s, j) => placed.push({ at: j * total + ((r.shard?.index ?? 1) - 1), name: key(s) }));
  return placed.sort((a, b) => a.at - b.at).map((p) => p.name);
}

/** Join one suite's parts: check the units were covered once, then the kind's merger (or a plain concatenation). */
function joinParts(
  parts: SuiteReport[],
  total: number,
  merge: ((parts: SuiteReport[]) => SuiteReport) | undefined,
): SuiteReport {
  const sorted = [...parts].sort((a, b) => (a.shardPart?.index ?? 1) - (b.shardPart?.index ?? 1));
  const problems = coverageProblems(sorted, total);
  const base =
    problems.length === 0 && merge && sorted.every((p) => !p.inputError) ? merge(sorted) : concatenate(sorted);
  if (problems.length === 0) return base;
  const check: CheckResult = { name: 'shard coverage', verdict: 'error', reasons: problems };
  const checks = [...base.checks, check];
  return {
    ...base,
    verdict: suiteVerdict(checks),
    checks,
    summary: `${base.summary}; shards did not cover the suite once`,
  };
}

function coverageProblems(parts: SuiteReport[], total: number): string[] {
  const units = parts[0]!.shardPart?.units;
  if (parts.some((p) => !p.shardPart || p.shardPart.units !== units))
    return ['the shards disagree on the number of units (different inputs per shard?)'];
  const count = new Array<number>(units!).fill(0);
  for (const p of parts) for (const i of p.shardPart!.ran) if (i < units!) count[i]!++;
  const twice = count.filter((c) => c > 1).length;
  const never = count.filter((c) => c === 0).length;
  const out: string[] = [];
  const from = new Set(parts.map((p) => p.shardPart!.index));
  if (from.size < total) out.push(`parts from shard(s) ${[...from].join(', ')} of ${total} only`);
  if (twice)
    out.push(
      `${twice} unit(s) ran on more than one shard: the shards planned differently (give each shard its own --reports directory, or the same last-run report)`,
    );
  if (never && from.size === total) out.push(`${never} unit(s) ran on no shard: the shards planned differently`);
  return out;
}

/** Without a kind merger (or when the parts cannot be joined): the checks side by side, the worst verdict. */
function concatenate(parts: SuiteReport[]): SuiteReport {
  const checks = parts.flatMap((p) => p.checks);
  const first = parts[0]!;
  return {
    kind: first.kind,
    name: first.name,
    verdict: worstVerdict(parts.map((p) => p.verdict)),
    durationMs: parts.reduce((a, p) => a + p.durationMs, 0),
    summary: `${checks.length} check(s) from ${parts.length} shard part(s)`,
    checks,
    notes: [...new Set(parts.flatMap((p) => p.notes ?? []))],
    ...(first.inputError ? { inputError: first.inputError } : {}),
  };
}
