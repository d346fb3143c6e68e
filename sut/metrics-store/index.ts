export { MetricsStore, MetricValueError, type MetricsStoreOptions } from './metrics-store.ts';
export { METRIC_TYPES, type KnownMetricType, type MetricRecord, type MetricQuery } from './metric-types.ts';
