/**
 * The bundled reference system under test: a seeded Gumbel-top-k selection planner.
 * gauntlet's golden suite loads this module by path (`selector` in gauntlet.config.ts).
 */
export { select } from './select.ts';
export { softmaxEntropy } from './entropy.ts';
export { plannerConfigSchema, loadPlannerConfig, defaultPlannerConfigFile, withOverrides } from './config.ts';
export { PlannerInputError } from './errors.ts';
export type { Candidate, Selection, PlannerConfig, PlannerBoosts } from './types.ts';
