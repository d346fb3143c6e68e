import type { Clock } from '../core/clock.ts';

/** Hard limits on one autopilot parameter: the value stays in [min, max], and one adjustment moves it by at most maxStep. */
export interface ParameterBound {
  min: number;
  max: number;
  maxStep: number;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

/**
 * An alert rule as the invariant checker reads it: the rule holds at a tick when `metric op threshold`;
 * it must fire then unless it fired less than `cooldownMs` ago, and must not fire otherwise.
 */
export interface AlertRuleSpec {
  name: string;
  severity: AlertSeverity;
  metric: string;
  op: '<' | '>';
  threshold: number;
  cooldownMs: number;
}

export interface AlertEvent {
  rule: string;
  severity: AlertSeverity;
  atMs: number;
  value: number;
}

/** What the system reports after one control tick. */
export interface SystemTick {
  /** Every autopilot parameter after this tick's adjustment. */
  params: Record<string, number>;
  /** Business metric values recorded at this tick (those the alert rules read, at least). */
  metrics: Record<string, number>;
  /** Alerts fired at this tick. */
  alerts: AlertEvent[];
}

/**
 * The system a drift suite simulates, built for one scenario run with the simulation's clock.
 * `observe` is called every step (keep it cheap); `tick` every control interval.
 */
export interface DriftSystem {
  /** The safety bounds the autopilot promises, by parameter name. */
  readonly bounds: Record<string, ParameterBound>;
  readonly alertRules: readonly AlertRuleSpec[];
  /** Parameter values before the first tick. */
  initialParams(): Record<string, number>;
  observe(value: number): void;
  tick(): SystemTick | Promise<SystemTick>;
  /** Called once when the simulation ends (also after an error); awaited, so keep any wait bounded. */
  close?(): void | Promise<void>;
}

export interface DriftSystemContext {
  clock: Clock;
  seed: number;
  scenario: string;
}

export type DriftSystemFactory = (ctx: DriftSystemContext) => DriftSystem;
