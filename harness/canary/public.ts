/** Canary: what a project's config and suites use. */
export { judgeCanary, type JudgeInput } from './judge.ts';
export { SequentialCanaryJudge, type SequentialJudgment, type SequentialLook } from './sequential.ts';
export { judgeConfigSchema, type JudgeConfig, type JudgeConfigInput } from './judge-config.ts';
export {
  canaryExitCode,
  type CanaryJudgment,
  type MetricJudgment,
  type CanaryVerdict,
  type CanaryDecision,
  type Classification,
  type SettleEstimate,
  type AllowanceStatement,
  type ChangeInterval,
} from './judgment.ts';
export {
  readMetricExport,
  readExport,
  type MetricSamples,
  type MetricExport,
  type ExportOptions,
  type ExportFormat,
} from './metric-export.ts';
export { judgeExportFiles, type ExportFiles } from './judge-files.ts';
export { runCanary, type CanaryRun, type RunCanaryOptions } from './run-canary.ts';
export { mockServerTraffic, type ClientVersion, type MockServerTrafficOptions } from './mock-server-traffic.ts';
export { simulatedTraffic, latencyErrorModel, type VersionModel, type LatencyErrorModel } from './simulated-traffic.ts';
export type { TrafficSource, TrafficSession, TrafficRequest, Observation, Arm } from './traffic.ts';
export { renderCanaryChart } from './chart.ts';
