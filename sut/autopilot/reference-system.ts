import type { DriftSystem, DriftSystemContext, DriftSystemFactory } from '../../harness/drift/drift-system.ts';
import { realClock } from '../../harness/core/clock.ts';
import { createRng, type Rng } from '../../harness/core/rng.ts';
import {
  AlertDispatcher,
  AlertEngine,
  alertPayload,
  DEFAULT_ALERT_RULES,
  recordDelivery,
  recordFiring,
  saveAlertStates,
  WebhookChannel,
  type AlertPayload,
  type AlertRule,
  type AlertState,
} from '../alerts/index.ts';
import { writeSystemDashboards } from './system-dashboards.ts';
import { Curator } from '../curator/index.ts';
import { MetricsStore, type MetricRecord } from '../metrics-store/index.ts';
import type { Candidate, PlannerConfig, Selection } from '../planner/index.ts';
import { Autopilot, type AutopilotOptions } from './autopilot.ts';
import { DEFAULT_BOUNDS } from './bounds.ts';
import { DriftMonitor } from './drift-monitor.ts';

export type SelectFn = (candidates: Candidate[], config: PlannerConfig, seed: number) => Pick<Selection, 'ids'>;

export interface ReferenceSystemOptions {
  /** The planner's select (sut/planner). */
  select: SelectFn;
  autopilot?: Omit<AutopilotOptions, 'bounds'> & { bounds?: AutopilotOptions['bounds'] };
  rules?: readonly AlertRule[];
  /** SQLite file for the metrics; default ':memory:' (fast, private to one simulation). */
  storeFile?: string;
  /** Curator changes per day. Default 40. */
  curatorDailyBudget?: number;
  /** How strongly the input stream lifts category "trend" (score per unit of input). Default 8. */
  driftSensitivity?: number;
  /** Probability per control tick that the LLM dependency goes down (opening the breaker). Default 0.01. */
  llmOutagePerTick?: number;
  /**
   * Deliver fired alerts to this webhook (JSON POST, retries with backoff in real time; never blocks a tick).
   * At close the system waits for pending deliveries at most `flushTimeoutMs` of real time (default 5,000).
   */
  alertWebhook?: {
    url: string;
    timeoutMs?: number;
    maxAttempts?: number;
    backoffBaseMs?: number;
    flushTimeoutMs?: number;
  };
  /** Write the business dashboards (HTML + Grafana JSON + the metrics store file) of each scenario and seed here when the simulation ends. */
  dashboardsDir?: string;
}

const CATEGORIES = ['trend', 'news', 'niche', 'fresh'];
const PER_CATEGORY = 6;
const SELECTIONS_PER_TICK = 8;
const K = 5;

/** Normalised Shannon entropy (0-1) of counts over `n` possible outcomes. */
function normalisedEntropy(counts: Iterable<number>, n: number): number {
  const xs = [...counts];
  const total = xs.reduce((a, b) => a + b, 0);
  if (total === 0 || n < 2) return 0;
  let h = 0;
  for (const c of xs) if (c > 0) h -= (c / total) * Math.log(c / total);
  return h / Math.log(n);
}

/** KL(p || q) of category shares with add-one smoothing. */
function kl(p: Map<string, number>, q: Map<string, number>): number {
  const tp = [...p.values()].reduce((a, b) => a + b, 0) + CATEGORIES.length;
  const tq = [...q.values()].reduce((a, b) => a + b, 0) + CATEGORIES.length;
  let d = 0;
  for (const c of CATEGORIES) {
    const a = ((p.get(c) ?? 0) + 1) / tp;
    const b = ((q.get(c) ?? 0) + 1) / tq;
    d += a * Math.log(a / b);
  }
  return d;
}

/**
 * The reference ranking service as the drift suite simulates it: 24 candidates in 4 categories;
 * the input stream lifts the "trend" category (what drift does to the scores), the planner selects,
 * the curator demotes over-exposed items within its daily budget, the autopilot steers temperature,
 * exploration share and novelty boost back towards diverse selections, every metric goes to a
 * SQLite store (in memory by default, one transaction per tick), and the alert rules read the store.
 */
export function referenceDriftSystem(options: ReferenceSystemOptions): DriftSystemFactory {
  return (ctx: DriftSystemContext): DriftSystem => new ReferenceSystem(options, ctx);
}

class ReferenceSystem implements DriftSystem {
  readonly bounds;
  readonly alertRules: readonly AlertRule[];
  readonly #o: ReferenceSystemOptions;
  readonly #ctx: DriftSystemContext;
  readonly #rng: Rng;
  readonly #store: MetricsStore;
  readonly #alerts: AlertEngine;
  readonly #curator: Curator;
  readonly #autopilot: Autopilot;
  readonly #candidates: Candidate[];
  readonly #driftMonitor = new DriftMonitor();
  #sum = 0;
  #n = 0;
  #baseline: number | undefined;
  #baselineSum = 0;
  #baselineN = 0;
  #ticks = 0;
  #outage: { from: number; to: number } | undefined;
  #dayCategories: Map<string, number>[] = [];
  #lastCleanupDay = -1;
  #savedAlertStates: Map<string, AlertState> = new Map();
  readonly #dispatcher: AlertDispatcher | undefined;
  #closed = false;
  /** The channel counts last written to the store, by channel. */
  readonly #recordedStats = new Map<string, string>();
  #lastEffortStep = 0;
  #reversals: number[] = [];

  constructor(o: ReferenceSystemOptions, ctx: DriftSystemContext) {
    this.#o = o;
    this.#ctx = ctx;
    this.#rng = createRng(ctx.seed ^ 0x5eed);
    this.#autopilot = new Autopilot({ ...o.autopilot, bounds: o.autopilot?.bounds ?? { ...DEFAULT_BOUNDS } });
    this.bounds = this.#autopilot.bounds;
    this.alertRules = o.rules ?? DEFAULT_ALERT_RULES;
    this.#alerts = new AlertEngine(this.alertRules);
    this.#curator = new Curator({ clock: ctx.clock, dailyBudget: o.curatorDailyBudget ?? 40 });
    this.#store = new MetricsStore(o.storeFile ?? ':memory:', { retentionMs: 7 * 86_400_000 });
    const { flushTimeoutMs: _flush, ...webhook } = o.alertWebhook ?? { url: '' };
    this.#dispatcher = o.alertWebhook
      ? new AlertDispatcher(
          // Delivery is real HTTP, so its retries wait in real time (the simulation's clock races ahead of
          // any real receiver); the backoff logic itself is tested on a virtual clock (sut/alerts).
          [
            new WebhookChannel({
              backoffBaseMs: 100,
              backoffMaxMs: 2_000,
              ...webhook,
              name: 'webhook',
              clock: realClock,
              random: this.#rng.fork().float,
            }),
          ],
          // Delivery outcomes go to the store while it is open; close() waits for pending ones (bounded) and
          // then records each channel's counts, so an outcome that comes later still shows as `queued`.
          {
            onResult: (stats, payload, ok) => {
              if (this.#closed) return;
              recordDelivery(this.#store, ctx.clock.now(), stats, payload.name, ok);
              this.#recordedStats.set(stats.channel, JSON.stringify(stats));
            },
          },
        )
      : undefined;
    this.#candidates = CATEGORIES.flatMap((category, c) =>
      Array.from({ length: PER_CATEGORY }, (_, i) => ({
        id: `${category}-${i}`,
        category,
        score: 0.4 * this.#rng.normal() + (c === 0 ? 0.2 : 0),
      })),
    );
  }

  initialParams(): Record<string, number> {
    return this.#autopilot.params();
  }

  observe(value: number): void {
    this.#sum += value;
    this.#n++;
  }

  async tick() {
    // Let queued alert deliveries use the network: one event-loop turn, never a wait for a receiver.
    if (this.#dispatcher?.busy) await new Promise<void>((r) => setImmediate(r));
    const now = this.#ctx.clock.now();
    const input = this.#n ? this.#sum / this.#n : 0;
    this.#sum = 0;
    this.#n = 0;
    // The system's own baseline: the mean input of its first day.
    if (this.#baseline === undefined) {
      this.#baselineSum += input;
      this.#baselineN++;
      if (this.#baselineN >= 24) this.#baseline = this.#baselineSum / this.#baselineN;
    }
    const lift = (this.#o.driftSensitivity ?? 8) * (input - (this.#baseline ?? this.#baselineSum / this.#baselineN));
    const params = this.#autopilot.params();
    const config: PlannerConfig = {
      temperature: params.temperature,
      k: K,
      explorationShare: params.explorationShare,
      boosts: { categories: { fresh: params.noveltyBoost } },
    };
    this.#curator.budgetUsedPct(); // rolls the curator's day and expires demotions before scoring
    const scored = this.#candidates.map((c) => ({
      ...c,
      score: c.score + (c.category === 'trend' ? lift : 0) - this.#curator.penalty(c.id),
    }));
    const picks: string[] = [];
    const byCategory = new Map<string, number>();
    for (let s = 0; s < SELECTIONS_PER_TICK; s++) {
      const sel = this.#o.select(scored, config, this.#ctx.seed * 100_003 + this.#ticks * SELECTIONS_PER_TICK + s);
      for (const id of sel.ids) {
        picks.push(id);
        const cat = id.slice(0, id.lastIndexOf('-'));
        byCategory.set(cat, (byCategory.get(cat) ?? 0) + 1);
      }
    }
    this.#ticks++;
    const entropy = normalisedEntropy(byCategory.values(), CATEGORIES.length);
    const previousDay = new Map<string, number>();
    for (const m of this.#dayCategories) for (const [k, v] of m) previousDay.set(k, (previousDay.get(k) ?? 0) + v);
    const novelty = this.#dayCategories.length ? kl(byCategory, previousDay) : 0;
    this.#dayCategories.push(byCategory);
    if (this.#dayCategories.length > 24) this.#dayCategories.shift();

    const review = this.#curator.review(picks, this.#candidates.length);
    const adjustment = this.#autopilot.adjust({ entropy, novelty });

    // The LLM dependency: random outages open the breaker; slow detections follow outages.
    if (!this.#outage || now >= this.#outage.to) {
      if (this.#rng.float() < (this.#o.llmOutagePerTick ?? 0.01))
        this.#outage = { from: now - this.#rng.int(0, 59) * 60_000, to: now + this.#rng.int(1, 90) * 60_000 };
    }
    const breakerOpenMs =
      this.#outage && now >= this.#outage.from && now < this.#outage.to ? now - this.#outage.from : 0;
    const slowRate = Math.min(1, Math.max(0, 0.08 + 0.03 * this.#rng.normal() + (breakerOpenMs > 0 ? 0.25 : 0)));

    const metrics: Record<string, number> = {
      selection_entropy: entropy,
      curator_apply_budget_used_pct: review.budgetUsedPct,
      novelty_temporal_kld: novelty,
      hd_detection_slow_rate: slowRate,
      llm_breaker_open_ms: breakerOpenMs,
    };
    if (adjustment.predictionError !== undefined) metrics.autopilot_pred_vs_real_error = adjustment.predictionError;
    // Rollback rate: the share of the last 24 steps that reversed the step before (the autopilot undoing itself).
    const step =
      adjustment.params.temperature +
      5 * adjustment.params.explorationShare -
      (params.temperature + 5 * params.explorationShare);
    if (Math.abs(step) > 1e-9) {
      this.#reversals.push(this.#lastEffortStep !== 0 && Math.sign(step) !== Math.sign(this.#lastEffortStep) ? 1 : 0);
      if (this.#reversals.length > 24) this.#reversals.shift();
      this.#lastEffortStep = step;
    }
    if (this.#reversals.length)
      metrics.autopilot_rollback_rate = this.#reversals.reduce((a, b) => a + b, 0) / this.#reversals.length;
    // The system's own drift monitor on its input (sut/autopilot/drift-monitor.ts): a cumulative count, and
    // a `drift_detected` event record per detection (the dashboards mark them on the timeline).
    const drift = this.#driftMonitor.update(now, input);
    metrics.drift_detections = this.#driftMonitor.detections;
    // One transaction per tick: its records, the alert states and the firings commit together.
    const { alerts, payloads } = this.#store.transaction(() => this.#storeTick(now, metrics, review, drift));
    if (payloads.length) this.#dispatcher?.dispatch(payloads);
    return { params: adjustment.params, metrics, alerts };
  }

  /** Write one tick to the store, evaluate the alert rules on what it holds, and record their states and firings. */
  #storeTick(
    now: number,
    metrics: Record<string, number>,
    review: { applied: number; proposed: number },
    drift: 'up' | 'down' | undefined,
  ) {
    if (drift) this.#store.record({ ts: now, type: 'drift_detected', value: 1, context: { direction: drift } });
    const records: MetricRecord[] = Object.entries(metrics).map(([type, value]) => ({
      ts: now,
      type,
      value,
      context:
        type === 'curator_apply_budget_used_pct' ? { applied: review.applied, proposed: review.proposed } : undefined,
    }));
    this.#store.recordMany(records);
    const day = Math.floor(now / 86_400_000);
    if (day !== this.#lastCleanupDay) {
      this.#lastCleanupDay = day;
      this.#store.cleanup(now);
    }
    // The rules read what the store holds, as a separate alerting process would.
    const latest = new Map<string, number>();
    for (const r of this.#store.query({ from: now, to: now + 1 })) latest.set(r.type, r.value);
    const alerts = this.#alerts.evaluate(now, (m) => latest.get(m));
    this.#savedAlertStates = saveAlertStates(
      this.#store,
      now,
      this.#alerts.states(),
      this.#savedAlertStates,
      this.alertRules,
    );
    let payloads: AlertPayload[] = [];
    if (alerts.length) {
      const source = `reference-system/${this.#ctx.scenario} seed ${this.#ctx.seed}`;
      payloads = alerts.map((a) =>
        alertPayload(
          a,
          this.alertRules.find((r) => r.name === a.rule)!,
          {
            source,
            metrics,
            dashboardLink: this.#o.dashboardsDir ? `${this.#dashboardDir()}/business-overview.html` : undefined,
          },
        ),
      );
      for (const p of payloads) recordFiring(this.#store, now, p);
    }
    return { alerts, payloads };
  }

  #dashboardDir(): string {
    return `${this.#o.dashboardsDir}/${this.#ctx.scenario.replace(/[^A-Za-z0-9_.-]/g, '_')}-seed${this.#ctx.seed}`;
  }

  /** Delivery counts of the alert webhook, if one is configured. */
  deliveries() {
    return this.#dispatcher?.stats() ?? [];
  }

  async close(): Promise<void> {
    if (this.#dispatcher) {
      // Deliveries are real HTTP with real backoff, so the simulation usually ends while some are pending
      // (a receiver that failed first is still being retried): wait for them, bounded, then record what
      // each channel has done, so `gauntlet alerts status --store` lists every channel with its counts.
      await this.#dispatcher.flush(this.#o.alertWebhook?.flushTimeoutMs ?? 5_000);
      const now = this.#ctx.clock.now();
      for (const s of this.#dispatcher.stats())
        if (this.#recordedStats.get(s.channel) !== JSON.stringify(s))
          recordDelivery(this.#store, now, s, undefined, s.failed === 0 && s.queued === 0);
    }
    if (this.#o.dashboardsDir)
      writeSystemDashboards(this.#store.db, this.#dashboardDir(), `${this.#ctx.scenario}, seed ${this.#ctx.seed}`);
    this.#closed = true;
    this.#store.close();
  }
}
