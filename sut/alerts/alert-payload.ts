import type { AlertFiring } from './alert-engine.ts';
import type { AlertRule, AlertSeverity } from './alert-rules.ts';

/** What a channel delivers for one fired alert (the webhook's JSON body). */
export interface AlertPayload {
  name: string;
  severity: AlertSeverity;
  /** ISO time of the firing, on the system's clock. */
  time: string;
  /** Which system fired it (e.g. "reference-system/drift seed 1"). */
  source: string;
  description: string;
  /** The metric the rule watches and, when known, the other latest metric values. */
  metricValues: Record<string, number>;
  recommendedAction: string;
  dashboardLink?: string;
}

/** Words for the reference system's rules; a rule not listed gets a generic description. */
const RULE_TEXT: Record<string, { description: string; action: string }> = {
  diversity_loss: {
    description: 'Selection entropy fell below its floor: selections concentrate on few categories.',
    action: 'Check the autopilot temperature and exploration share; look for a drifted category score.',
  },
  curator_budget_exhausted: {
    description: 'The curator used over 90% of its daily change budget.',
    action: 'Review curator proposals; raise the budget only if the demotions are warranted.',
  },
  llm_degraded: {
    description: 'The LLM circuit breaker has been open for over 10 minutes.',
    action: 'Check the LLM provider status and error rate; the service runs on fallbacks meanwhile.',
  },
  quality_degradation: {
    description: 'Over 25% of detections are slow.',
    action: 'Look for an LLM outage or overload; consider shedding low-priority detections.',
  },
};

/** The payload of one firing of `rule`. */
export function alertPayload(
  firing: AlertFiring,
  rule: AlertRule,
  where: { source: string; dashboardLink?: string; metrics?: Record<string, number> },
): AlertPayload {
  const text = RULE_TEXT[rule.name] ?? {
    description: `${rule.metric} ${rule.op} ${rule.threshold}`,
    action: `Investigate ${rule.metric}.`,
  };
  return {
    name: rule.name,
    severity: firing.severity,
    time: new Date(firing.atMs).toISOString(),
    source: where.source,
    description: text.description,
    metricValues: { ...where.metrics, [rule.metric]: firing.value },
    recommendedAction: text.action,
    ...(where.dashboardLink ? { dashboardLink: where.dashboardLink } : {}),
  };
}
