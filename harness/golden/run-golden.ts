import { availableParallelism } from 'node:os';
import { basename, relative } from 'node:path';
import type { CheckResult, ShardPart, SuiteReport } from '../core/report.ts';
import { unitsForShard } from '../core/shard-plan.ts';
import { caseDurations, goldenReport } from './golden-report.ts';
import type { SuiteContext } from '../core/suite-kind.ts';
import type { GoldenCase } from './case-schema.ts';
import { readCoverageSummary } from './coverage-note.ts';
import { evaluateCase } from './evaluate-case.ts';
import { listProposalFiles, loadCases, PROPOSAL_SUFFIX } from './load-cases.ts';
import { CaseParseCache } from './parse-cache.ts';
import { acceptProposal, proposalFileFor, writeProposal } from './proposals.ts';
import { caseConfig, loadBaseConfig, loadSelector, selectorModuleUrl } from './selector.ts';
import type { GoldenEntry, GoldenFlags } from './entry-schema.ts';
import { createWorkerPool, type TaskResult } from './worker-pool.ts';

/** Run a golden suite: load and validate every case, run them in worker threads, judge, and (locally) write or apply proposals. */
export async function runGolden(entry: GoldenEntry, ctx: SuiteContext<GoldenFlags>): Promise<SuiteReport> {
  const t0 = performance.now();
  const dir = ctx.resolvePath(entry.dir, 'dir');
  if (entry.selectorConfig) ctx.resolvePath(entry.selectorConfig, 'selectorConfig');
  if (entry.coverageSummary) ctx.resolvePath(entry.coverageSummary, 'coverageSummary');
  const notes: string[] = [];
  const checks: CheckResult[] = [];

  if (ctx.flags.accept) {
    if (ctx.ci) notes.push('CI=true: --accept ignored, nothing written');
    else {
      const accepted = await Promise.all(
        (await listProposalFiles(dir)).map((p) => acceptProposal(p, ctx.rootDir, ctx.allowOutsidePaths)),
      );
      const applied = accepted.flatMap((a) => ('caseFile' in a ? [a.caseFile] : []));
      notes.push(
        applied.length ? `accepted ${applied.length} proposal(s): ${applied.join(', ')}` : 'no proposals to accept',
      );
    }
  }

  // Workers start now, so their start-up overlaps loading and validating the cases here.
  const pool = createWorkerPool(
    { moduleUrl: selectorModuleUrl(entry.selector, ctx.rootDir), exportName: entry.selector.export ?? 'select' },
    entry.concurrency ?? Math.min(4, availableParallelism()),
    ctx.signal,
  );
  let all: GoldenCase[];
  let cases: GoldenCase[];
  let shardPart: ShardPart | undefined;
  let results: TaskResult[];
  let loadMs: number;
  let runMs: number;
  try {
    const l0 = performance.now();
    const selector = await loadSelector(entry.selector, ctx.rootDir, entry.name);
    const base = await loadBaseConfig(entry.selectorConfig, ctx.rootDir, selector.schema);
    const cache = ctx.ci ? undefined : await CaseParseCache.open(ctx.rootDir);
    all = await loadCases(dir, ctx.rootDir, cache);
    await cache?.save();
    // Every shard loads and validates every case; it runs its share (balanced by the last run's case times).
    const plan = unitsForShard(
      all.map((c) => c.name),
      ctx.shard,
      caseDurations(ctx.shard?.previous),
    );
    cases = plan.indices.map((i) => all[i]!);
    if (ctx.shard)
      shardPart = {
        index: ctx.shard.index,
        total: ctx.shard.total,
        units: all.length,
        ran: plan.indices,
        balancedBy: plan.balancedBy,
      };
    const configs = cases.map((c) => caseConfig(c, base, selector.schema));
    const r0 = performance.now();
    loadMs = r0 - l0;
    let done = 0;
    results = await pool.run(
      cases.map((c, i) => ({
        candidates: c.candidates,
        config: configs[i]!,
        seed: ctx.seedOverride ?? c.seed,
        timeoutMs: c.timeoutMs ?? entry.timeoutMs,
        latencyBudgetMs: entry.latencyBudgetMs,
        maxCalls: entry.latencyCalls,
      })),
      { signal: ctx.signal, onDone: (i) => ctx.progress({ done: ++done, total: cases.length, label: cases[i]!.name }) },
    );
    runMs = performance.now() - r0;
  } finally {
    await pool.close();
  }

  const selections: Record<string, { ids: string[]; entropy?: number } | { error: string }> = {};
  cases.forEach((c, i) => {
    const r = results[i]!;
    checks.push(r.kind === 'ok' ? evaluateCase(c, r, ctx.ci) : failedCase(c, r));
    selections[c.name] =
      r.kind === 'ok' ? { ids: r.ids, ...(r.entropy !== undefined ? { entropy: r.entropy } : {}) } : { error: r.kind };
  });

  if (ctx.flags.update) {
    if (ctx.ci) notes.push('CI=true: --update ignored, no proposals written');
    else {
      const written: string[] = [];
      for (let i = 0; i < cases.length; i++) {
        const r = results[i]!;
        if (r.kind === 'ok' && checks[i]!.verdict === 'fail')
          written.push(relative(ctx.rootDir, await writeProposal(cases[i]!, r)));
      }
      notes.push(
        written.length
          ? `wrote ${written.length} proposal(s) for review: ${written.join(', ')}`
          : 'every case passes: no proposals written',
      );
    }
  }

  // A shard judges the proposals of its own cases; proposals of no case at all are shard 1's.
  const obsolete = await obsoleteProposals(dir, cases, checks, ctx.rootDir, all, !ctx.shard || ctx.shard.index === 1);
  let coverage: Record<string, number> | undefined;
  if (entry.coverageSummary) {
    const cov = await readCoverageSummary(entry.coverageSummary, ctx.rootDir);
    notes.push(cov.note);
    coverage = cov.metrics;
  }
  return goldenReport({
    name: entry.name,
    caseChecks: checks,
    obsolete: obsolete.map((o) => `${o.file}: ${o.why}`),
    notes,
    selections,
    loadMs,
    runMs,
    ...(coverage ? { coverage } : {}),
    durationMs: performance.now() - t0,
    ...(shardPart ? { shardPart } : {}),
  });
}

function failedCase(c: GoldenCase, r: Exclude<TaskResult, { kind: 'ok' }>): CheckResult {
  const base = { name: c.name, location: { file: c.file }, verdict: 'error' as const };
  if (r.kind === 'timeout') {
    return {
      ...base,
      reasons: [`timeout: no selection within ${r.timeoutMs} ms (its worker was terminated; the other cases ran on)`],
      metrics: { timed_out: 1 },
      details: { timeoutMs: r.timeoutMs },
    };
  }
  return { ...base, reasons: [r.message] };
}

/** Proposals whose case file is gone, or whose case passes without them. */
async function obsoleteProposals(
  dir: string,
  cases: GoldenCase[],
  checks: CheckResult[],
  rootDir: string,
  all: GoldenCase[],
  orphans: boolean,
) {
  const byProposal = new Map(cases.map((c, i) => [proposalFileFor(c.absFile), checks[i]!]));
  const elsewhere = new Set(all.map((c) => proposalFileFor(c.absFile)));
  const out: Array<{ file: string; why: string }> = [];
  for (const p of await listProposalFiles(dir)) {
    const check = byProposal.get(p);
    const file = relative(rootDir, p);
    if (!check) {
      // Another shard's case, or (shard 1 only) no case at all.
      if (!elsewhere.has(p) && orphans)
        out.push({
          file,
          why: `no case '${basename(p, PROPOSAL_SUFFIX)}' uses this expectation (case file removed or renamed)`,
        });
    } else if (check.verdict === 'pass') out.push({ file, why: 'its case passes without it' });
  }
  return out;
}
