/** What a project needs to plug its own system into a drift suite, and to run simulations by hand. */
export type {
  DriftSystem,
  DriftSystemFactory,
  DriftSystemContext,
  SystemTick,
  ParameterBound,
  AlertRuleSpec,
  AlertEvent,
  AlertSeverity,
} from './drift-system.ts';
export { scenarioSchema, type Scenario, type ScenarioInput, type DriftChange } from './scenario-schema.ts';
export { detectorConfigSchema, defaultDetectorConfig, type DetectorConfig } from './detector-config.ts';
export { simulateScenario, type SimulationResult, type SimulationOptions } from './simulate.ts';
export { checkInvariants, type InvariantReport, type Violation } from './invariants.ts';
export { compareSamples, type SampleComparison } from './compare-samples.ts';
export { renderDriftChart } from './chart-svg.ts';
