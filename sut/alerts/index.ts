export { AlertEngine, type AlertFiring, type AlertState } from './alert-engine.ts';
export { DEFAULT_ALERT_RULES, type AlertRule, type AlertSeverity } from './alert-rules.ts';
export { alertPayload, type AlertPayload } from './alert-payload.ts';
export {
  WebhookChannel,
  type AlertChannel,
  type DeliveryResult,
  type WebhookChannelOptions,
} from './webhook-channel.ts';
export { AlertDispatcher, type ChannelStats } from './alert-dispatcher.ts';
export {
  ALERT_DELIVERY,
  ALERT_FIRED,
  ALERT_STATE,
  loadAlertStates,
  loadChannelStats,
  recordDelivery,
  recordFiring,
  saveAlertStates,
} from './alert-state-store.ts';
