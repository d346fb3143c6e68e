/** Business metric types the reference system records. Any other non-empty string is accepted too. */
export const METRIC_TYPES = [
  'selection_entropy',
  'curator_apply_budget_used_pct',
  'novelty_temporal_kld',
  'hd_detection_slow_rate',
  'autopilot_pred_vs_real_error',
  'llm_breaker_open_ms',
  'autopilot_rollback_rate',
  'drift_detections',
  'drift_detected',
] as const;

export type KnownMetricType = (typeof METRIC_TYPES)[number];

/** One business metric observation. `ts` is milliseconds on the clock the system was given. */
export interface MetricRecord {
  ts: number;
  type: string;
  value: number;
  context?: Record<string, unknown>;
}

export interface MetricQuery {
  type?: string | readonly string[];
  /** Inclusive lower bound on ts. */
  from?: number;
  /** Exclusive upper bound on ts. */
  to?: number;
  limit?: number;
  order?: 'asc' | 'desc';
}
