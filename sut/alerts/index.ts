export { AlertEngine, type AlertFiring, type AlertState } from './alert-engine.ts';
export { DEFAULT_ALERT_RULES, type AlertRule, type AlertSeverity } from './alert-rules.ts';
