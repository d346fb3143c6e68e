import type { AlertRule, AlertSeverity } from './alert-rules.ts';

export interface AlertFiring {
  rule: string;
  severity: AlertSeverity;
  atMs: number;
  value: number;
}

/** Per-rule state: `firing` while the rule holds, whether or not the cooldown let it notify. */
export interface AlertState {
  state: 'ok' | 'firing';
  lastFiredAtMs?: number;
  fired: number;
  suppressed: number;
}

/**
 * Evaluates alert rules against the latest metric values. A rule that holds fires unless it fired
 * less than `cooldownMs` ago (then it is counted as suppressed); a rule whose metric is missing is
 * left alone.
 */
export class AlertEngine {
  readonly rules: readonly AlertRule[];
  readonly #state = new Map<string, AlertState>();

  /** `initial`: states restored from the metrics store (loadAlertStates), so counts and cooldowns survive a restart. */
  constructor(rules: readonly AlertRule[], initial?: ReadonlyMap<string, AlertState>) {
    const names = new Set<string>();
    for (const r of rules) {
      if (names.has(r.name)) throw new Error(`duplicate alert rule ${r.name}`);
      if (!(r.cooldownMs >= 0)) throw new Error(`alert rule ${r.name}: cooldownMs must be >= 0`);
      names.add(r.name);
      const restored = initial?.get(r.name);
      this.#state.set(r.name, restored ? { ...restored } : { state: 'ok', fired: 0, suppressed: 0 });
    }
    this.rules = rules;
  }

  /** Evaluate every rule at `nowMs`; `read(metric)` gives the latest value of a metric. */
  evaluate(nowMs: number, read: (metric: string) => number | undefined): AlertFiring[] {
    const fired: AlertFiring[] = [];
    for (const rule of this.rules) {
      const value = read(rule.metric);
      if (value === undefined) continue;
      const s = this.#state.get(rule.name)!;
      const holds = rule.op === '<' ? value < rule.threshold : value > rule.threshold;
      if (!holds) {
        s.state = 'ok';
        continue;
      }
      s.state = 'firing';
      if (s.lastFiredAtMs !== undefined && nowMs - s.lastFiredAtMs < rule.cooldownMs) {
        s.suppressed++;
        continue;
      }
      s.lastFiredAtMs = nowMs;
      s.fired++;
      fired.push({ rule: rule.name, severity: rule.severity, atMs: nowMs, value });
    }
    return fired;
  }

  /** Every rule's state, by rule name. */
  states(): Map<string, AlertState> {
    return new Map([...this.#state].map(([k, v]) => [k, { ...v }]));
  }

  state(name: string): AlertState | undefined {
    const s = this.#state.get(name);
    return s && { ...s };
  }
}
