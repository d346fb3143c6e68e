import { holm, msprtInit, msprtUpdate, normalQuantile, variance, type MsprtState } from '../stats/index.ts';
import { resolveAllowance, resolveMetric, type JudgeConfig, type ResolvedMetric } from './judge-config.ts';
import { decide, judgeCanary, metricNames } from './judge.ts';
import { classifyChange, samplesToSettle } from './non-inferiority.ts';
import { newcombeInterval } from './rate-interval.ts';
import type { CanaryDecision, CanaryJudgment, Classification, MetricJudgment, SettleEstimate } from './judgment.ts';
import type { MetricSamples } from './metric-export.ts';
import { checkSampleRatio } from './srm.ts';
import { checkRollbackRules } from './rollback.ts';
import { scoreMetrics } from './score.ts';
import { fmt, pv } from './format.ts';

/** One interim look of a sequential canary. */
export interface SequentialLook {
  look: number;
  baseline: number;
  canary: number;
  decision: CanaryDecision;
  reasons: string[];
  metrics: Array<{
    name: string;
    classification: Classification;
    /** Always-valid (mSPRT) p-value, running minimum over looks. */
    pValue: number;
    adjustedPValue: number;
    /** Always-valid confidence sequence for mean(canary) - mean(baseline) (null while unbounded). */
    lower: number | null;
    upper: number | null;
    difference: number;
  }>;
}

export interface SequentialJudgment extends CanaryJudgment {
  sequential: { plannedLooks: number; looksTaken: number; stoppedEarly: boolean; looks: SequentialLook[] };
}

interface MetricStream {
  metric: ResolvedMetric;
  baseline: number[];
  canary: number[];
  state?: MsprtState;
}

/**
 * A canary judged while it runs: after each batch of traffic, every metric's mixture SPRT (Johari et
 * al. 2017) gives an always-valid p-value and confidence sequence, corrected across metrics with Holm,
 * so the false fail rate stays at alpha however many looks are taken. Each look decides with the same
 * rule as the fixed-horizon judge (`decide`), reading the confidence sequences instead of fixed
 * intervals: it stops early on a clear fail (roll back) or a clear pass (every critical metric's
 * interval inside its allowance, score passing); at the last planned look a canary that is neither
 * stays inconclusive: it is not promoted for want of evidence against it.
 */
export class SequentialCanaryJudge {
  readonly #config: JudgeConfig;
  readonly #looks: number;
  readonly #tau: number;
  readonly #streams = new Map<string, MetricStream>();
  readonly #history: SequentialLook[] = [];
  #sizes = { baseline: 0, canary: 0 };
  #final: SequentialJudgment | undefined;
  #latest: (() => SequentialJudgment) | undefined;

  constructor(config: JudgeConfig) {
    this.#config = config;
    this.#looks = config.sequential?.looks ?? 20;
    this.#tau = config.sequential?.tau ?? 0.2;
  }

  get done(): SequentialJudgment | undefined {
    return this.#final;
  }

  /** Add one batch (the samples since the last look) and judge. Returns the final judgment once stopped. */
  look(batch: {
    baseline: MetricSamples;
    canary: MetricSamples;
    armSizes?: { baseline: number; canary: number };
  }): SequentialLook {
    if (this.#final) throw new Error('sequential canary already stopped');
    const cfg = this.#config;
    const k = this.#history.length + 1;
    const longest = (s: MetricSamples) => Object.values(s).reduce((a, xs) => Math.max(a, xs.length), 0);
    this.#sizes.baseline += batch.armSizes?.baseline ?? longest(batch.baseline);
    this.#sizes.canary += batch.armSizes?.canary ?? longest(batch.canary);
    for (const name of metricNames(cfg, batch)) {
      const s = this.#streams.get(name) ?? { metric: resolveMetric(cfg, name), baseline: [], canary: [] };
      const nb = batch.baseline[name] ?? [];
      const nc = batch.canary[name] ?? [];
      for (const x of nb) s.baseline.push(x);
      for (const x of nc) s.canary.push(x);
      this.#streams.set(name, s);
      this.#advance(s, nb, nc);
    }
    const all = { baseline: this.#collect('baseline'), canary: this.#collect('canary') };
    const last = k >= this.#looks;

    const hits = checkRollbackRules(cfg.rollback, all.canary);
    // Each look checks the split at srmAlpha / looks (Bonferroni), so repeated checks keep the overall rate.
    const srm = checkSampleRatio(this.#sizes.baseline, this.#sizes.canary, cfg.canaryShare, cfg.srmAlpha / this.#looks);
    const streams = [...this.#streams.values()];
    const active = streams.filter((s) => s.state && s.state.looks > 0);
    const adjusted =
      cfg.correction === 'holm' ? holm(active.map((s) => s.state!.pValue)) : active.map((s) => s.state!.pValue);
    const metrics: SequentialLook['metrics'] = streams.map((s) => {
      const i = active.indexOf(s);
      if (i < 0) return this.#constantLook(s);
      const st = s.state!;
      return {
        name: s.metric.name,
        classification: this.#classify(s, adjusted[i]!),
        pValue: st.pValue,
        adjustedPValue: adjusted[i]!,
        lower: Number.isFinite(st.lower) ? st.lower : null,
        upper: Number.isFinite(st.upper) ? st.upper : null,
        difference: st.difference,
      };
    });

    const decided = metrics.map((m) => {
      const s = this.#streams.get(m.name)!;
      return {
        name: m.name,
        classification: m.classification,
        critical: s.metric.critical,
        group: s.metric.group,
        reasons: [this.#reason(m, k)],
      };
    });
    const verdict = decide(
      cfg,
      decided,
      scoreMetrics(decided, cfg.groups),
      srm.ok ? null : srm.statement,
      hits.map((h) => h.statement),
    );
    let reasons: string[];
    if (verdict.decision === 'promote')
      reasons = [
        `clear pass at look ${k} of ${this.#looks}: every critical metric's always-valid interval lies inside its allowance`,
        ...verdict.reasons,
      ];
    else if (verdict.decision === 'roll back')
      reasons = [
        ...verdict.reasons,
        `stopped at look ${k} of ${this.#looks} (always-valid p-values, alpha ${cfg.alpha})`,
      ];
    else if (last)
      reasons = [`after all ${k} planned looks (always-valid p-values, alpha ${cfg.alpha})`, ...verdict.reasons];
    else reasons = [`look ${k} of ${this.#looks}: no clear fail or pass yet`, ...verdict.reasons];
    const decision: CanaryDecision =
      verdict.decision === 'promote' || verdict.decision === 'roll back' || last ? verdict.decision : 'continue';
    const entry: SequentialLook = { look: k, ...this.#sizes, decision, reasons, metrics };
    this.#history.push(entry);
    this.#latest = () => this.#finish(all, entry, verdict.verdict, hits.length > 0, srm);
    if (decision !== 'continue' || last) this.#final = this.#latest();
    return entry;
  }

  /** The judgment after the looks taken so far, for a canary still running (fewer looks than planned): decision continue. */
  interim(): SequentialJudgment {
    if (this.#final) return this.#final;
    if (!this.#latest) throw new Error('no look taken yet');
    const j = this.#latest();
    return {
      ...j,
      reasons: [`canary still running: ${j.sequential.looksTaken} of ${this.#looks} planned looks taken`, ...j.reasons],
    };
  }

  /**
   * A metric whose values so far are all equal on both sides (no errors anywhere): no variance, so no
   * mSPRT yet. A 0/1 metric is judged on Newcombe's interval at alpha / looks (Bonferroni over the
   * planned looks, so it stays valid however often it is read); any other constant metric has not moved.
   */
  #constantLook(s: MetricStream): SequentialLook['metrics'][number] {
    const none = { name: s.metric.name, pValue: 1, adjustedPValue: 1, lower: null, upper: null, difference: 0 };
    if (!this.#constant(s)) return { ...none, classification: 'no data' };
    const binary = s.baseline[0] === 0 || s.baseline[0] === 1;
    if (!binary) return { ...none, classification: 'pass' };
    const x = s.baseline[0]!;
    const ci = newcombeInterval(
      { x: x * s.canary.length, n: s.canary.length },
      { x: x * s.baseline.length, n: s.baseline.length },
      1 - this.#config.alpha / this.#looks,
    );
    return {
      ...none,
      lower: ci.lower,
      upper: ci.upper,
      classification: classifyChange(s.metric.direction, ci, this.#allowed(s), false),
    };
  }

  #constant(s: MetricStream): boolean {
    return !s.state && s.baseline.length >= s.metric.minSamples && s.canary.length >= s.metric.minSamples;
  }

  #collect(side: 'baseline' | 'canary'): MetricSamples {
    return Object.fromEntries(
      [...this.#streams.values()].filter((s) => this.#hasSide(s, side)).map((s) => [s.metric.name, s[side]]),
    );
  }

  #hasSide(s: MetricStream, side: 'baseline' | 'canary'): boolean {
    return s[side].length > 0;
  }

  #advance(s: MetricStream, nb: number[], nc: number[]): void {
    if (s.state) {
      s.state = msprtUpdate(s.state, nb, nc);
      return;
    }
    if (s.baseline.length < s.metric.minSamples || s.canary.length < s.metric.minSamples) return;
    // Mixing variance in the metric's units: tau standard deviations of the pooled data so far.
    const v = variance([...s.baseline, ...s.canary]);
    if (!(v > 0)) return;
    const tau2 = this.#tau ** 2 * v;
    s.state = msprtUpdate(
      msprtInit({ tau2, alpha: this.#config.alpha, minPerArm: s.metric.minSamples }),
      s.baseline,
      s.canary,
    );
  }

  /** The allowance in metric units, as the fixed-horizon judge resolves it (median or rate of the baseline so far). */
  #allowed(s: MetricStream): number {
    const b = s.baseline;
    if (b.length === 0) return 0;
    const binary = b.every((x) => x === 0 || x === 1) && s.canary.every((x) => x === 0 || x === 1);
    const type = s.metric.type === 'auto' ? (binary ? 'rate' : 'continuous') : s.metric.type;
    const allowance = resolveAllowance(this.#config, s.metric, type);
    const sorted = Float64Array.from(b).sort();
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    const mean = b.reduce((a, x) => a + x, 0) / b.length;
    const base = type === 'continuous' && median !== 0 ? median : mean;
    return allowance.relative * Math.abs(base) + allowance.absolute;
  }

  /**
   * Samples per arm that would settle an inconclusive metric: the smallest growth of both arms (current
   * ratio) at which the confidence sequence's half-width h(V), plus a power margin z_power sqrt(V), clears
   * the allowance around the observed change (taken no better than none), V shrinking as 1/n. A metric
   * with no variation yet uses its Bonferroni Newcombe interval and the fixed-horizon formula.
   */
  #settle(s: MetricStream, m: SequentialLook['metrics'][number]): SettleEstimate | null {
    const cfg = this.#config;
    const allowed = this.#allowed(s);
    const [nb, nc] = [s.baseline.length, s.canary.length];
    if (!s.state) {
      if (m.lower === null || m.upper === null) return null;
      const change = { estimate: 0, lower: m.lower, upper: m.upper };
      return samplesToSettle({
        direction: s.metric.direction,
        change,
        allowed,
        confidence: 1 - cfg.alpha / this.#looks,
        perTestAlpha: cfg.alpha,
        power: cfg.power,
        baselineN: nb,
        canaryN: nc,
        what: 'the change',
      });
    }
    const { a, b, options } = s.state;
    const v0 = a.m2 / (a.n - 1) / a.n + b.m2 / (b.n - 1) / b.n;
    const bad = Math.max(
      0,
      s.metric.direction === 'decrease'
        ? -m.difference
        : s.metric.direction === 'either'
          ? Math.abs(m.difference)
          : m.difference,
    );
    if (!(allowed > bad) || !(v0 > 0))
      return {
        baseline: null,
        canary: null,
        statement: `no sample settles it as within: the observed change ${fmt(bad)} is not inside the allowed ${fmt(allowed)}`,
      };
    const zPower = normalQuantile(cfg.power);
    const clears = (f: number) => {
      const v = v0 / f;
      const half = Math.sqrt(
        ((v * (v + options.tau2)) / options.tau2) *
          (2 * Math.log(1 / options.alpha) + Math.log((v + options.tau2) / v)),
      );
      return bad + half + zPower * Math.sqrt(v) <= allowed;
    };
    let hi = 1;
    while (!clears(hi) && hi < 1e9) hi *= 2;
    if (!clears(hi)) return { baseline: null, canary: null, statement: 'no finite sample settles it' };
    let lo = hi / 2;
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (clears(mid)) hi = mid;
      else lo = mid;
    }
    const [bn, cn] = [Math.max(nb + 1, Math.ceil(nb * hi)), Math.max(nc + 1, Math.ceil(nc * hi))];
    return {
      baseline: bn,
      canary: cn,
      statement: `about ${bn} baseline and ${cn} canary samples in all would settle it (now ${nb} and ${nc}): enough for the always-valid interval to show the change within the allowed ${fmt(allowed)} with ${Math.round(cfg.power * 100)}% probability if the true change is ${fmt(bad)}`,
    };
  }

  #classify(s: MetricStream, adjustedP: number): Classification {
    const st = s.state!;
    return classifyChange(
      s.metric.direction,
      { estimate: st.difference, lower: st.lower, upper: st.upper },
      this.#allowed(s),
      adjustedP <= this.#config.alpha,
    );
  }

  /** The final judgment: descriptive fields from the fixed judge (no spread test), decisions from the sequential test. */
  #finish(
    all: { baseline: MetricSamples; canary: MetricSamples },
    last: SequentialLook,
    verdict: CanaryJudgment['verdict'],
    rolledBackHard: boolean,
    srm: CanaryJudgment['srm'],
  ): SequentialJudgment {
    const cfg = this.#config;
    const names = metricNames(cfg, all);
    const fixedConfig = {
      ...cfg,
      srmAlpha: cfg.srmAlpha / this.#looks,
      metrics: Object.fromEntries(names.map((n) => [n, { ...cfg.metrics[n], spread: false }])),
    };
    const fixed = judgeCanary({ ...all, armSizes: this.#sizes }, fixedConfig);
    const metrics: MetricJudgment[] = fixed.metrics.map((m) => {
      const seq = last.metrics.find((x) => x.name === m.name);
      const stream = this.#streams.get(m.name);
      if (!seq || !stream) return m;
      const why = this.#reason(seq, last.look);
      if (seq.classification === 'no data')
        return m.classification === 'no data' ? m : { ...m, classification: 'no data', reasons: [why] };
      const settle = seq.classification === 'inconclusive' ? this.#settle(stream, seq) : null;
      return {
        ...m,
        classification: seq.classification,
        decisionPValue: seq.pValue,
        adjustedPValue: seq.adjustedPValue,
        reasons: [why],
        samplesToSettle: settle,
      };
    });
    const { score, bestScore, groups } = scoreMetrics(metrics, cfg.groups);
    const valid = srm.ok && !rolledBackHard;
    return {
      ...fixed,
      verdict,
      decision: last.decision,
      score: valid ? score : 0,
      bestScore: valid ? bestScore : 0,
      reasons: last.reasons,
      srm,
      metrics,
      groups,
      sequential: {
        plannedLooks: this.#looks,
        looksTaken: last.look,
        stoppedEarly: last.look < this.#looks,
        looks: this.#history,
      },
    };
  }

  #reason(m: SequentialLook['metrics'][number], k: number): string {
    const where = `mean difference ${fmt(m.difference)}, always-valid interval [${fmt(m.lower)}, ${fmt(m.upper)}], ${pv(m.adjustedPValue)} after correction`;
    if (m.classification === 'no data') return 'not enough data for the sequential test yet';
    if (m.pValue === 1 && m.difference === 0 && m.adjustedPValue === 1 && (m.lower === null || m.lower <= 0)) {
      const bound = m.upper === null ? '' : `; interval [${fmt(m.lower)}, ${fmt(m.upper)}] at alpha/looks`;
      if (m.classification === 'pass' || m.classification === 'inconclusive')
        return `${m.classification === 'pass' ? 'within the allowance' : 'inconclusive'}: no variation yet, every value so far is the same on both sides${bound}`;
    }
    if (m.classification === 'pass') return `within the allowance: ${where}`;
    if (m.classification === 'inconclusive') return `inconclusive: ${where} reaches beyond the allowance`;
    return `${m.classification === 'high' ? 'increased' : 'decreased'} at look ${k}: ${where} < alpha ${this.#config.alpha}`;
  }
}
