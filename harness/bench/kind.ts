/**
 * The `bench` suite kind: measure every `*.bench.ts` in fresh processes, compare with the stored
 * baseline (or, with `--against <ref>`, with that ref measured interleaved in the same job), confirm
 * flagged regressions by a re-run, and report. See compare.ts for the method.
 */
import { relative, resolve } from 'node:path';
import { cpus } from 'node:os';
import { execFileSync } from 'node:child_process';
import type { CheckResult, SuiteReport } from '../core/report.ts';
import { suiteVerdict } from '../core/report.ts';
import { defineSuiteKind, type SuiteContext } from '../core/suite-kind.ts';
import { refuseSave } from '../baselines/policy.ts';
import { createRng } from '../core/rng.ts';
import { currentProvenance, provenanceMismatch } from '../baselines/baseline-file.ts';
import { median } from '../stats/index.ts';
import { readBenchBaseline, writeBenchBaseline, type BenchBaseline } from './baseline.ts';
import { discoverBenchFiles } from './discover.ts';
import { comparedCheck, describeReps, evaluate, memoryMetrics, type Evaluated } from './evaluate.ts';
import { appendHistory, readHistory, type HistoryEntry } from './history.ts';
import { measure, measureInterleaved, type MeasuredBench, type Measurement, type MeasureOptions, type Side } from './measure.ts';
import { benchEntrySchema, benchFlagsSchema, type BenchEntry, type BenchFlags } from './options.ts';
import { SKETCH_PROBABILITIES, sketchMedian, sketchQuantile } from './sketch.ts';
import { sparklineSvg } from './sparkline.ts';
import { addWorktree } from './worktree.ts';

type Base = { label: string; reps: (id: string) => BenchBaseline['benchmarks'][string]['reps'] | undefined; paired: boolean };

async function runBench(entry: BenchEntry, ctx: SuiteContext<BenchFlags>): Promise<SuiteReport> {
  const t0 = performance.now();
  const flags = ctx.flags;
  const repetitions = flags.repetitions ?? entry.repetitions;
  const notes: string[] = [];
  ctx.resolvePath(entry.dir, 'dir');
  const files = await discoverBenchFiles(ctx.rootDir, entry.dir, entry.files);
  const baselineFile = ctx.resolvePath(entry.baseline, 'baseline');
  const historyFile = ctx.resolvePath(entry.history ?? `baselines/history/${entry.name}.jsonl`, 'history');
  const mo: MeasureOptions = {
    benchDir: entry.dir,
    repetitions,
    defaults: { time: flags.time ?? entry.time, warmupTime: entry.warmupTime, iterations: entry.iterations, clock: entry.clock },
    calibrationTime: entry.calibrationTime,
    timeoutMs: entry.timeoutMs,
    signal: ctx.signal,
    onProgress: (done, total, label) => ctx.progress({ done, total, label }),
  };
  const filter = flags.filter?.length ? flags.filter : undefined;
  const select = filter ? (id: string) => filter.some((f) => id.includes(f)) : undefined;
  const random = createRng(ctx.seedOverride ?? ctx.seed).float;

  // A corrupt baseline throws a BaselineError here, before anything runs: exit code 2, file untouched.
  const stored = flags.against ? undefined : await readBenchBaseline(baselineFile);
  const here = currentProvenance(ctx.rootDir);

  let head: Measurement;
  let base: Base | undefined;
  let remeasure: (ids: Set<string>) => Promise<{ head: Measurement; base?: Measurement }>;
  const namesOf = (ids: Set<string>) => {
    const names = new Map<string, string[]>();
    for (const m of head.benches.values()) if (ids.has(m.id)) names.set(m.file, [...(names.get(m.file) ?? []), m.name]);
    return { select: (id: string) => ids.has(id), names };
  };
  let worktree: Awaited<ReturnType<typeof addWorktree>> | undefined;
  try {
    const headSide: Side = { root: ctx.rootDir, files };
    if (flags.against) {
      worktree = await addWorktree(ctx.rootDir, flags.against);
      const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: ctx.rootDir }).toString().trim();
      const baseRoot = resolve(worktree.dir, relative(top, ctx.rootDir));
      const baseSide: Side = { root: baseRoot, files: await discoverBenchFiles(baseRoot, entry.dir, entry.files) };
      const first = await measureInterleaved(baseSide, headSide, { ...mo, select });
      head = first.head;
      const baseM = first.base;
      base = { label: `${flags.against} (${worktree.commit.slice(0, 10)})`, reps: (id) => baseM.benches.get(id)?.reps, paired: true };
      for (const [f, msg] of baseM.fileErrors) notes.push(`base ${f} did not load: ${msg}`);
      remeasure = async (ids) => measureInterleaved(baseSide, headSide, { ...mo, ...namesOf(ids) });
    } else {
      head = await measure(headSide, { ...mo, select });
      if (stored) {
        base = { label: 'baseline', reps: (id) => stored.benchmarks[id]?.reps, paired: false };
        notes.push(...provenanceMismatch(stored.provenance, here).map((w) => `${w}: compared after normalising by the calibration workload`));
      }
      remeasure = async (ids) => ({ head: await measure(headSide, { ...mo, ...namesOf(ids) }) });
    }

    const checks: CheckResult[] = [];
    for (const [file, msg] of head.fileErrors) {
      checks.push({ name: file, verdict: 'error', reasons: [`bench file did not load: ${msg}`], location: { file } });
    }
    const comparable: MeasuredBench[] = [];
    const saveOnly = Boolean(flags.save);
    for (const m of head.benches.values()) {
      if (m.errors.length > 0) {
        checks.push({ name: m.id, verdict: 'error', reasons: [...new Set(m.errors)], location: { file: m.file }, metrics: m.reps.length ? describeReps(m.reps) : undefined });
      } else if (base?.reps(m.id)?.length && base.reps(m.id)![0]!.clock !== m.reps[0]!.clock) {
        checks.push({ name: m.id, verdict: 'warn', reasons: [`measured on the ${m.reps[0]!.clock} clock, ${base.label} on the ${base.reps(m.id)![0]!.clock} clock: not compared (re-save the baseline)`], metrics: describeReps(m.reps), location: { file: m.file }, change: 'new' });
      } else if (base?.reps(m.id)?.length) comparable.push(m);
      else {
        const missing = !base ? `no stored baseline (${relative(ctx.rootDir, baselineFile)})` : `not in ${base.label}`;
        const verdict = saveOnly ? 'pass' : ctx.missingBaseline === 'error' ? 'error' : 'warn';
        checks.push({ name: m.id, verdict, reasons: saveOnly ? [] : [`${missing}: nothing to compare with`], metrics: { ...describeReps(m.reps), ...memoryMetrics(m) }, location: { file: m.file }, change: 'new' });
      }
    }

    const evalOpts = { alpha: entry.alpha, threshold: entry.threshold, tolerance: entry.tolerance, resamples: entry.resamples, normalize: entry.normalize, location: entry.location, paired: base?.paired ?? false, random };
    const pairsOf = (ms: MeasuredBench[], baseOf: (id: string) => MeasuredBench['reps'] | undefined) =>
      ms.map((m) => ({ id: m.id, base: baseOf(m.id)!, head: m.reps, threshold: m.options.threshold ?? entry.threshold, tolerance: m.options.tolerance ?? entry.tolerance }));
    const evaluated = evaluate(pairsOf(comparable, (id) => base!.reps(id)), evalOpts);
    const byId = new Map(comparable.map((m) => [m.id, m]));
    const flagged = evaluated.filter((e) => e.decision.change === 'regressed');
    const confirmation = new Map<string, Evaluated | undefined>();
    if (flagged.length > 0 && entry.confirm && !saveOnly && !ctx.signal.aborted) {
      const again = await remeasure(new Set(flagged.map((e) => e.id)));
      const ok = flagged.map((e) => byId.get(e.id)!).filter((m) => again.head.benches.get(m.id)?.reps.length);
      const baseOf = (id: string) => (again.base ? again.base.benches.get(id)?.reps : base!.reps(id));
      const rerun = evaluate(
        pairsOf(ok.map((m) => ({ ...m, reps: again.head.benches.get(m.id)!.reps })), baseOf).filter((p) => p.base?.length),
        evalOpts,
      );
      for (const e of flagged) confirmation.set(e.id, rerun.find((r) => r.id === e.id));
    }
    for (const e of evaluated) {
      const m = byId.get(e.id)!;
      const check = comparedCheck(m, base!.reps(e.id)!, e, m.options.threshold ?? entry.threshold, base!.label);
      if (e.decision.change === 'regressed') {
        if (saveOnly) {
          check.verdict = 'warn';
          check.reasons.push('accepted: --save stores this run as the new baseline');
        } else if (entry.confirm) {
          const c = confirmation.get(e.id);
          if (c?.decision.change === 'regressed') {
            check.reasons.push(`confirmed by a re-run: ${((c.estimate.ratio - 1) * 100).toFixed(1)}% slower (Holm p ${c.decision.pAdjusted.toPrecision(2)})`);
            check.details = { ...(check.details as object), confirmed: true, confirmRatio: c.estimate.ratio };
          } else {
            check.verdict = 'warn';
            check.change = 'unchanged';
            check.reasons.push(c ? `not confirmed by a re-run (${((c.estimate.ratio - 1) * 100).toFixed(1)}%, Holm p ${c.decision.pAdjusted.toPrecision(2)}): treated as noise` : 'the confirmation re-run produced no data: not failed');
            check.details = { ...(check.details as object), confirmed: false };
          }
        }
      }
      checks.push(check);
    }

    // Provenance, saving, history.
    const allReps = [...head.benches.values()].flatMap((m) => m.reps);
    const calibrationMs = allReps.length ? median(allReps.map((r) => r.cal)) : undefined;
    if (stored && calibrationMs) notes.push(`calibration workload: ${calibrationMs.toPrecision(3)} ms here, ${stored.provenance.calibrationMs.toPrecision(3)} ms when the baseline was saved (${stored.provenance.cpu}, Node ${stored.provenance.node}, ${stored.provenance.gitCommit?.slice(0, 10) ?? 'no commit'})`);
    const anyError = checks.some((c) => c.verdict === 'error');
    if (flags.save) {
      const refused = refuseSave({ ci: ctx.ci, against: flags.against, verdict: anyError ? 'error' : 'pass', aborted: ctx.signal.aborted });
      if (refused) notes.push(refused);
      else if (calibrationMs) {
        const benchmarks: BenchBaseline['benchmarks'] = filter && stored ? { ...stored.benchmarks } : {};
        for (const m of head.benches.values()) benchmarks[m.id] = { reps: m.reps.map((r) => ({ ...r })) };
        await writeBenchBaseline(baselineFile, { schemaVersion: 1, provenance: { ...here, calibrationMs }, sketchProbabilities: [...SKETCH_PROBABILITIES], benchmarks }, { ci: ctx.ci });
        notes.push(`baseline saved: ${relative(ctx.rootDir, baselineFile)} (${Object.keys(benchmarks).length} benchmarks x ${repetitions} repetitions)`);
      }
    }
    const entryNow: HistoryEntry = {
      date: here.date,
      ...(here.gitCommit ? { gitCommit: here.gitCommit } : {}),
      benchmarks: Object.fromEntries(
        [...head.benches.values()].filter((m) => m.reps.length).map((m) => [m.id, { medianMs: median(m.reps.map((r) => sketchMedian(r.q))), normalized: median(m.reps.map((r) => sketchQuantile(r.q, entry.location) / r.cal)) }]),
      ),
    };
    let history = await readHistory(historyFile);
    if (flags.history) {
      if (ctx.ci) notes.push('--history ignored: nothing is written to baselines in CI');
      else if (anyError) notes.push('history not appended: some benchmarks errored');
      else history = await appendHistory(historyFile, entryNow, entry.historyLimit);
    }
    const trend = flags.history && !ctx.ci && !anyError ? history : [...history, entryNow];
    const artifacts = [...head.benches.keys()].sort().map((id) => {
      const values = trend.map((h) => h.benchmarks[id]?.normalized ?? NaN);
      return { name: `trend: ${id}`, type: 'svg' as const, content: sparklineSvg(values, { title: `${id}: median / calibration, last ${values.length} runs` }) };
    });

    const noisy = checks.filter((c) => (c.metrics?.mde_pct ?? 0) > (entry.threshold * 100));
    if (noisy.length) notes.push(`${noisy.length} benchmark(s) too noisy to catch a ${entry.threshold * 100}% slowdown here: ${noisy.map((c) => `${c.name} (${c.metrics!.mde_pct!.toFixed(0)}%)`).join(', ')}`);
    checks.sort((a, b) => a.name.localeCompare(b.name));
    const count = (v: string) => checks.filter((c) => c.verdict === v).length;
    const regressed = checks.filter((c) => c.change === 'regressed' && c.verdict === 'fail').length;
    const summary = [
      `${checks.length} benchmark(s)`,
      base ? `vs ${base.label}` : 'no baseline',
      regressed ? `${regressed} confirmed regression(s)` : '',
      count('error') ? `${count('error')} error(s)` : '',
      count('warn') ? `${count('warn')} warning(s)` : '',
      `${repetitions} repetitions`,
    ].filter(Boolean).join(', ');
    return {
      kind: 'bench',
      name: entry.name,
      verdict: checks.length ? suiteVerdict(checks) : 'warn',
      durationMs: performance.now() - t0,
      summary: checks.length ? summary : `no bench files under ${entry.dir}`,
      checks,
      metrics: { repetitions, ...(calibrationMs ? { calibration_ms: calibrationMs } : {}), cpus: cpus().length },
      artifacts,
      notes,
    };
  } finally {
    await worktree?.remove();
  }
}

export default defineSuiteKind({
  kind: 'bench',
  description: 'benchmark regression gate: repeated process-level measurements, hierarchical bootstrap, Holm, confirmation re-run',
  entrySchema: benchEntrySchema,
  flagsSchema: benchFlagsSchema,
  run: runBench,
});
