/**
 * Alert state kept in the metrics store, so it survives a restart and `gauntlet alerts status` can
 * read it from the store file: an `alert_state` record per rule when its state or counts change, an
 * `alert_fired` record per firing (the alert timeline), an `alert_delivery` record per delivery outcome.
 */
import type { MetricsStore } from '../metrics-store/index.ts';
import type { AlertState } from './alert-engine.ts';
import type { AlertRule } from './alert-rules.ts';
import type { AlertPayload } from './alert-payload.ts';
import type { ChannelStats } from './alert-dispatcher.ts';

export const ALERT_STATE = 'alert_state';
export const ALERT_FIRED = 'alert_fired';
export const ALERT_DELIVERY = 'alert_delivery';

const same = (a: AlertState | undefined, b: AlertState) =>
  a !== undefined &&
  a.state === b.state &&
  a.fired === b.fired &&
  a.suppressed === b.suppressed &&
  a.lastFiredAtMs === b.lastFiredAtMs;

/** Record the states that changed since `previous`; returns the states to pass as `previous` next time. */
export function saveAlertStates(
  store: MetricsStore,
  nowMs: number,
  states: ReadonlyMap<string, AlertState>,
  previous: ReadonlyMap<string, AlertState> = new Map(),
  rules: readonly AlertRule[] = [],
): Map<string, AlertState> {
  const changed = [...states].filter(([rule, s]) => !same(previous.get(rule), s));
  const ruleOf = new Map(rules.map((r) => [r.name, r]));
  store.recordMany(
    changed.map(([rule, s]) => {
      const r = ruleOf.get(rule);
      // The rule's definition rides along, so a reader of the store file knows each threshold.
      const def = r ? { metric: r.metric, op: r.op, threshold: r.threshold, severity: r.severity } : {};
      return { ts: nowMs, type: ALERT_STATE, value: s.state === 'firing' ? 1 : 0, context: { rule, ...def, ...s } };
    }),
  );
  return new Map([...states].map(([k, v]) => [k, { ...v }]));
}

/** The latest stored state of every rule. */
export function loadAlertStates(store: MetricsStore): Map<string, AlertState> {
  const out = new Map<string, AlertState>();
  for (const r of store.query({ type: ALERT_STATE })) {
    const c = r.context as ({ rule: string } & AlertState) | undefined;
    if (!c || typeof c.rule !== 'string') continue;
    out.set(c.rule, {
      state: c.state === 'firing' ? 'firing' : 'ok',
      fired: Number(c.fired) || 0,
      suppressed: Number(c.suppressed) || 0,
      ...(typeof c.lastFiredAtMs === 'number' ? { lastFiredAtMs: c.lastFiredAtMs } : {}),
    });
  }
  return out;
}

export function recordFiring(store: MetricsStore, nowMs: number, payload: AlertPayload): void {
  store.record({
    ts: nowMs,
    type: ALERT_FIRED,
    value: payload.severity === 'critical' ? 2 : 1,
    context: { ...payload },
  });
}

/**
 * One delivery outcome (`alert` names the alert), or with `alert` undefined a channel's counts at
 * shutdown (`ok`: everything dispatched was delivered).
 */
export function recordDelivery(
  store: MetricsStore,
  nowMs: number,
  stats: ChannelStats,
  alert: string | undefined,
  ok: boolean,
): void {
  store.record({ ts: nowMs, type: ALERT_DELIVERY, value: ok ? 1 : 0, context: { ...stats, alert } });
}

/** The latest delivery counts of every channel. */
export function loadChannelStats(store: MetricsStore): ChannelStats[] {
  const out = new Map<string, ChannelStats>();
  for (const r of store.query({ type: ALERT_DELIVERY })) {
    const c = r.context as (ChannelStats & { alert?: string }) | undefined;
    if (c && typeof c.channel === 'string') {
      const { alert: _alert, ...stats } = c;
      out.set(c.channel, stats);
    }
  }
  return [...out.values()];
}
