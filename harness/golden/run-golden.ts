import { availableParallelism } from 'node:os';
import { basename, relative } from 'node:path';
import type { CheckResult, SuiteReport } from '../core/report.ts';
import { suiteVerdict } from '../core/report.ts';
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
      const accepted = await Promise.all((await listProposalFiles(dir)).map((p) => acceptProposal(p, ctx.rootDir, ctx.allowOutsidePaths)));
      const applied = accepted.flatMap((a) => ('caseFile' in a ? [a.caseFile] : []));
      notes.push(applied.length ? `accepted ${applied.length} proposal(s): ${applied.join(', ')}` : 'no proposals to accept');
    }
  }

  // Workers start now, so their start-up overlaps loading and validating the cases here.
  const pool = createWorkerPool(
    { moduleUrl: selectorModuleUrl(entry.selector, ctx.rootDir), exportName: entry.selector.export ?? 'select' },
    entry.concurrency ?? Math.min(4, availableParallelism()),
    ctx.signal,
  );
  let cases: GoldenCase[];
  let results: TaskResult[];
  let loadMs: number;
  let runMs: number;
  try {
    const l0 = performance.now();
    const selector = await loadSelector(entry.selector, ctx.rootDir, entry.name);
    const base = await loadBaseConfig(entry.selectorConfig, ctx.rootDir, selector.schema);
    const cache = ctx.ci ? undefined : await CaseParseCache.open(ctx.rootDir);
    cases = await loadCases(dir, ctx.rootDir, cache);
    await cache?.save();
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
    selections[c.name] = r.kind === 'ok' ? { ids: r.ids, ...(r.entropy !== undefined ? { entropy: r.entropy } : {}) } : { error: r.kind };
  });

  if (ctx.flags.update) {
    if (ctx.ci) notes.push('CI=true: --update ignored, no proposals written');
    else {
      const written: string[] = [];
      for (let i = 0; i < cases.length; i++) {
        const r = results[i]!;
        if (r.kind === 'ok' && checks[i]!.verdict === 'fail') written.push(relative(ctx.rootDir, await writeProposal(cases[i]!, r)));
      }
      notes.push(written.length ? `wrote ${written.length} proposal(s) for review: ${written.join(', ')}` : 'every case passes: no proposals written');
    }
  }

  const obsolete = await obsoleteProposals(dir, cases, checks, ctx.rootDir);
  if (obsolete.length) {
    checks.push({
      name: 'obsolete proposals',
      verdict: 'warn',
      reasons: obsolete.map((o) => `${o.file}: ${o.why}`),
      metrics: { obsolete: obsolete.length },
    });
  }

  // load_ms: reading and validating cases and configs; run_ms: from the first case sent to the last answer.
  const metrics: Record<string, number> = { ...countVerdicts(checks, results), load_ms: loadMs, run_ms: runMs };
  if (entry.coverageSummary) {
    const cov = await readCoverageSummary(entry.coverageSummary, ctx.rootDir);
    notes.push(cov.note);
    Object.assign(metrics, cov.metrics);
  }
  const summaryParts = [`${metrics.passed}/${cases.length} cases pass`];
  if (metrics.timed_out) summaryParts.push(`${metrics.timed_out} timed out`);
  if (metrics.new_cases) summaryParts.push(`${metrics.new_cases} without expectation`);
  if (obsolete.length) summaryParts.push(`${obsolete.length} obsolete proposal(s)`);
  return {
    kind: 'golden',
    name: entry.name,
    verdict: suiteVerdict(checks),
    durationMs: performance.now() - t0,
    summary: summaryParts.join(', '),
    checks,
    metrics,
    notes,
    // The selections alone (no timings): the same cases and seeds give this byte for byte on every run.
    artifacts: [{ name: 'selections', type: 'json', content: JSON.stringify(selections) }],
  };
}

function failedCase(c: GoldenCase, r: Exclude<TaskResult, { kind: 'ok' }>): CheckResult {
  const base = { name: c.name, location: { file: c.file }, verdict: 'error' as const };
  if (r.kind === 'timeout') {
    return { ...base, reasons: [`timeout: no selection within ${r.timeoutMs} ms (its worker was terminated; the other cases ran on)`], metrics: { timed_out: 1 }, details: { timeoutMs: r.timeoutMs } };
  }
  return { ...base, reasons: [r.message] };
}

function countVerdicts(checks: CheckResult[], results: TaskResult[]): Record<string, number> {
  const cases = checks.filter((c) => c.name !== 'obsolete proposals');
  return {
    cases: cases.length,
    passed: cases.filter((c) => c.verdict === 'pass').length,
    failed: cases.filter((c) => c.verdict === 'fail').length,
    errors: cases.filter((c) => c.verdict === 'error').length,
    timed_out: results.filter((r) => r.kind === 'timeout').length,
    new_cases: cases.filter((c) => c.change === 'new').length,
  };
}

/** Proposals whose case file is gone, or whose case passes without them. */
async function obsoleteProposals(dir: string, cases: GoldenCase[], checks: CheckResult[], rootDir: string) {
  const byProposal = new Map(cases.map((c, i) => [proposalFileFor(c.absFile), checks[i]!]));
  const out: Array<{ file: string; why: string }> = [];
  for (const p of await listProposalFiles(dir)) {
    const check = byProposal.get(p);
    const file = relative(rootDir, p);
    if (!check) out.push({ file, why: `no case '${basename(p, PROPOSAL_SUFFIX)}' uses this expectation (case file removed or renamed)` });
    else if (check.verdict === 'pass') out.push({ file, why: 'its case passes without it' });
  }
  return out;
}
