export { Autopilot, type AutopilotOptions, type Adjustment } from './autopilot.ts';
export {
  boundedStep,
  DEFAULT_BOUNDS,
  validateBounds,
  type Bound,
  type AutopilotParams,
  type ParamName,
  type Limiter,
} from './bounds.ts';
export { referenceDriftSystem, type ReferenceSystemOptions, type SelectFn } from './reference-system.ts';
