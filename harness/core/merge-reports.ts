import { InputError } from './errors.ts';
import { REPORT_SCHEMA_VERSION, worstVerdict, type RunReport, type SuiteReport } from './report.ts';

export interface ShardInput {
  file: string;
  report: RunReport;
}

/**
 * Merge the reports of `gauntlet run --shard i/n` into the report an unsharded run gives: suites
 * back in config order (shard i ran config positions i-1, i-1+n, ...), the run verdict the worst of
 * the shards' (each already applied `failOn`), their reasons in suite order. A missing shard makes
 * the merged run an error; shards of different runs (seed, total, commit) cannot be merged.
 */
export function mergeShardReports(inputs: readonly ShardInput[]): RunReport {
  if (inputs.length === 0) throw new InputError('no shard reports to merge');
  const first = inputs[0]!;
  const total = first.report.shard?.total ?? 1;
  const seen = new Map<number, string>();
  for (const { file, report } of inputs) {
    if (report.schemaVersion !== REPORT_SCHEMA_VERSION) throw new InputError(`report schema version ${report.schemaVersion}, expected ${REPORT_SCHEMA_VERSION}`, { file, field: 'schemaVersion' });
    if (report.merged) throw new InputError('already a merged report', { file, field: 'merged' });
    const shard = report.shard ?? { index: 1, total: 1 };
    if (shard.total !== total) throw new InputError(`shard of ${shard.total}, but ${first.file} is a shard of ${total}`, { file, field: 'shard.total' });
    if (seen.has(shard.index)) throw new InputError(`shard ${shard.index}/${total} given twice (also ${seen.get(shard.index)})`, { file, field: 'shard.index' });
    seen.set(shard.index, file);
    if (report.seed !== first.report.seed) throw new InputError(`seed ${report.seed} differs from ${first.file} (seed ${first.report.seed}): not the same run`, { file, field: 'seed' });
    const commit = report.environment.gitCommit;
    if (commit && first.report.environment.gitCommit && commit !== first.report.environment.gitCommit) {
      throw new InputError(`commit ${commit} differs from ${first.file} (${first.report.environment.gitCommit}): not the same run`, { file, field: 'environment.gitCommit' });
    }
  }
  const shards = [...inputs].sort((a, b) => (a.report.shard?.index ?? 1) - (b.report.shard?.index ?? 1));
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));

  // Round-robin back into config order: position j of shard i was config index j*n + (i-1).
  const placed: Array<{ at: number; suite: SuiteReport; shard: RunReport }> = [];
  for (const { report } of shards) {
    const i = report.shard?.index ?? 1;
    report.suites.forEach((suite, j) => placed.push({ at: j * total + (i - 1), suite, shard: report }));
  }
  placed.sort((a, b) => a.at - b.at);

  const suiteReasons: string[] = [];
  const otherReasons: string[] = [];
  const used = new Set<string>();
  for (const { suite, shard } of placed) {
    const prefix = `${suite.kind}/${suite.name}: `;
    for (const r of shard.reasons) if (r.startsWith(prefix) && !used.has(r)) (suiteReasons.push(r), used.add(r));
  }
  for (const { report } of shards) for (const r of report.reasons) if (!used.has(r)) (otherReasons.push(r), used.add(r));

  let verdict = worstVerdict(shards.map((s) => s.report.verdict));
  if (missing.length) {
    verdict = worstVerdict([verdict, 'error']);
    otherReasons.push(`shard report(s) missing: ${missing.map((i) => `${i}/${total}`).join(', ')}; their suites did not report`);
  }
  const started = shards.map((s) => s.report.startedAt).sort()[0]!;
  const finished = shards.map((s) => s.report.finishedAt).sort().at(-1)!;
  const partial = missing.length > 0 || shards.some((s) => s.report.partial);
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
    suites: placed.map((p) => p.suite),
    ...(partial ? { partial } : {}),
    merged: {
      shards: shards.map((s) => ({ index: s.report.shard?.index ?? 1, total, durationMs: s.report.durationMs })),
      missing,
    },
  };
}
