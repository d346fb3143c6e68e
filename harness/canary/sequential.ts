import { holm, msprtInit, msprtUpdate, variance, type MsprtState } from '../stats/index.ts';
import { resolveMetric, type JudgeConfig, type ResolvedMetric } from './judge-config.ts';
import { decide, judgeCanary, metricNames } from './judge.ts';
import type { CanaryDecision, CanaryJudgment, Classification, MetricJudgment } from './judgment.ts';
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
 * so the false fail rate stays at alpha however many looks are taken. Stops early on a clear fail
 * (roll back), or on a clear pass (every confidence sequence inside its allowed change); at the last
 * planned look a canary without a significant bad change is promoted.
 */
export class SequentialCanaryJudge {
  readonly #config: JudgeConfig;
  readonly #looks: number;
  readonly #tau: number;
  readonly #streams = new Map<string, MetricStream>();
  readonly #history: SequentialLook[] = [];
  #sizes = { baseline: 0, canary: 0 };
  #final: SequentialJudgment | undefined;

  constructor(config: JudgeConfig) {
    this.#config = config;
    this.#looks = config.sequential?.looks ?? 20;
    this.#tau = config.sequential?.tau ?? 0.2;
  }

  get done(): SequentialJudgment | undefined {
    return this.#final;
  }

  /** Add one batch (the samples since the last look) and judge. Returns the final judgment once stopped. */
  look(batch: { baseline: MetricSamples; canary: MetricSamples; armSizes?: { baseline: number; canary: number } }): SequentialLook {
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
    const adjusted = cfg.correction === 'holm' ? holm(active.map((s) => s.state!.pValue)) : active.map((s) => s.state!.pValue);
    const metrics: SequentialLook['metrics'] = streams.map((s) => {
      const i = active.indexOf(s);
      if (i < 0) {
        // Enough samples but no state: every value so far is the same (e.g. no errors on either side).
        const classification = this.#constant(s) ? 'pass' : 'no data';
        return { name: s.metric.name, classification, pValue: 1, adjustedPValue: 1, lower: null, upper: null, difference: 0 };
      }
      const st = s.state!;
      return {
        name: s.metric.name,
        classification: this.#classify(s, adjusted[i]),
        pValue: st.pValue,
        adjustedPValue: adjusted[i],
        lower: Number.isFinite(st.lower) ? st.lower : null,
        upper: Number.isFinite(st.upper) ? st.upper : null,
        difference: st.difference,
      };
    });

    const decided = metrics.map((m) => {
      const s = this.#streams.get(m.name)!;
      return { name: m.name, classification: m.classification, critical: s.metric.critical, group: s.metric.group, reasons: [this.#reason(m, k)] };
    });
    const { score } = scoreMetrics(decided, cfg.groups);
    const verdict = decide(cfg, decided, score, srm.ok ? null : srm.statement, hits.map((h) => h.statement));
    let decision: CanaryDecision = 'continue';
    let reasons: string[];
    if (verdict.decision === 'roll back') [decision, reasons] = ['roll back', verdict.reasons];
    else if (this.#clearPass(streams)) [decision, reasons] = ['promote', [`clear pass at look ${k}: every metric's always-valid interval lies inside its allowed change`, ...verdict.reasons]];
    else if (last) [decision, reasons] = [verdict.decision, [`after all ${k} planned looks (always-valid p-values, alpha ${cfg.alpha})`, ...verdict.reasons]];
    else reasons = [`look ${k} of ${this.#looks}: no clear fail or pass yet`, ...verdict.reasons];
    const entry: SequentialLook = { look: k, ...this.#sizes, decision, reasons, metrics };
    this.#history.push(entry);
    if (decision !== 'continue' || last) this.#final = this.#finish(all, entry, verdict.verdict, hits.length > 0, srm);
    return entry;
  }

  #constant(s: MetricStream): boolean {
    return !s.state && s.baseline.length >= s.metric.minSamples && s.canary.length >= s.metric.minSamples;
  }

  #collect(side: 'baseline' | 'canary'): MetricSamples {
    return Object.fromEntries([...this.#streams.values()].filter((s) => this.#hasSide(s, side)).map((s) => [s.metric.name, s[side]]));
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
    s.state = msprtUpdate(msprtInit({ tau2, alpha: this.#config.alpha, minPerArm: s.metric.minSamples }), s.baseline, s.canary);
  }

  #allowed(s: MetricStream): number {
    const b = s.baseline;
    if (b.length === 0) return 0;
    const sorted = Float64Array.from(b).sort();
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    const isRate = b.every((x) => x === 0 || x === 1) && s.metric.type !== 'continuous';
    const base = isRate || s.metric.type === 'count' || s.metric.type === 'rate' ? b.reduce((a, x) => a + x, 0) / b.length : median;
    return s.metric.allowedChange * Math.abs(base);
  }

  #classify(s: MetricStream, adjustedP: number): Classification {
    const st = s.state!;
    if (!(adjustedP <= this.#config.alpha)) return 'pass';
    const allowed = this.#allowed(s);
    if (s.metric.direction !== 'decrease' && st.difference > allowed) return 'high';
    if (s.metric.direction !== 'increase' && st.difference < -allowed) return 'low';
    return 'pass';
  }

  #clearPass(streams: MetricStream[]): boolean {
    if (streams.length === 0) return false;
    return streams.every((s) => {
      if (this.#constant(s)) return true;
      if (!s.state || !Number.isFinite(s.state.upper)) return false;
      const allowed = this.#allowed(s);
      if (allowed <= 0) return false;
      const upOk = s.metric.direction === 'decrease' || s.state.upper < allowed;
      const downOk = s.metric.direction === 'increase' || s.state.lower > -allowed;
      return upOk && downOk;
    });
  }

  /** The final judgment: descriptive fields from the fixed judge (no spread test), decisions from the sequential test. */
  #finish(all: { baseline: MetricSamples; canary: MetricSamples }, last: SequentialLook, verdict: CanaryJudgment['verdict'], rolledBackHard: boolean, srm: CanaryJudgment['srm']): SequentialJudgment {
    const cfg = this.#config;
    const names = metricNames(cfg, all);
    const fixedConfig = { ...cfg, srmAlpha: cfg.srmAlpha / this.#looks, metrics: Object.fromEntries(names.map((n) => [n, { ...cfg.metrics[n], spread: false }])) };
    const fixed = judgeCanary({ ...all, armSizes: this.#sizes }, fixedConfig);
    const metrics: MetricJudgment[] = fixed.metrics.map((m) => {
      const seq = last.metrics.find((x) => x.name === m.name);
      const stream = this.#streams.get(m.name);
      if (!seq || !stream) return m;
      const why = this.#reason(seq, last.look);
      if (seq.classification === 'no data') return m.classification === 'no data' ? m : { ...m, classification: 'no data', reasons: [why] };
      return { ...m, classification: seq.classification, decisionPValue: seq.pValue, adjustedPValue: seq.adjustedPValue, reasons: [why] };
    });
    const { score, groups } = scoreMetrics(metrics, cfg.groups);
    // An early promotion is a pass; otherwise the look's own verdict stands.
    const finalVerdict = last.decision === 'promote' ? 'pass' : verdict;
    return {
      ...fixed,
      verdict: finalVerdict,
      decision: last.decision,
      score: srm.ok && !rolledBackHard ? score : 0,
      reasons: last.reasons,
      srm,
      metrics,
      groups,
      sequential: { plannedLooks: this.#looks, looksTaken: last.look, stoppedEarly: last.look < this.#looks, looks: this.#history },
    };
  }

  #reason(m: SequentialLook['metrics'][number], k: number): string {
    const where = `mean difference ${fmt(m.difference)}, always-valid interval [${fmt(m.lower)}, ${fmt(m.upper)}], ${pv(m.adjustedPValue)} after correction`;
    if (m.classification === 'no data') return 'not enough data for the sequential test yet';
    if (m.classification === 'pass' && m.lower === null && m.upper === null && m.pValue === 1) return 'no variation yet: every value so far is the same on both sides';
    if (m.classification === 'pass') return `no significant bad change: ${where}`;
    return `${m.classification === 'high' ? 'increased' : 'decreased'} at look ${k}: ${where} < alpha ${this.#config.alpha}`;
  }
}
