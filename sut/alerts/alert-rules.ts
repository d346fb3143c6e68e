import type { AlertRuleSpec, AlertSeverity } from '../../harness/drift/drift-system.ts';

export type { AlertSeverity };

/** A threshold rule on one business metric, with a cooldown between firings: the shape the drift invariant checker reads. */
export type AlertRule = AlertRuleSpec;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The reference system's rules. */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  {
    name: 'diversity_loss',
    severity: 'warning',
    metric: 'selection_entropy',
    op: '<',
    threshold: 0.3,
    cooldownMs: 6 * HOUR,
  },
  {
    name: 'curator_budget_exhausted',
    severity: 'warning',
    metric: 'curator_apply_budget_used_pct',
    op: '>',
    threshold: 90,
    cooldownMs: 12 * HOUR,
  },
  // The breaker has been open longer than 10 minutes.
  {
    name: 'llm_degraded',
    severity: 'critical',
    metric: 'llm_breaker_open_ms',
    op: '>',
    threshold: 10 * MINUTE,
    cooldownMs: HOUR,
  },
  // hd_detection_slow_rate is a fraction: 0.25 is 25% of detections slow.
  {
    name: 'quality_degradation',
    severity: 'critical',
    metric: 'hd_detection_slow_rate',
    op: '>',
    threshold: 0.25,
    cooldownMs: 3 * HOUR,
  },
];
