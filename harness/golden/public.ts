/** The golden suite kind's public API (re-exported by the package root). */
export type { SelectFunction, SelectorSpec } from './selector.ts';
export type { GoldenEntry } from './run-golden.ts';
export type { GoldenCaseData, Expectation, ExpectationMode } from './case-schema.ts';
export { goldenCaseSchema, EXPECTATION_MODES } from './case-schema.ts';
export { rankingDiff, kendallTauOfPermutation, type RankingDiff, type MovedId, type RankDelta } from './ranking-diff.ts';
export { renderRankingDiff } from './render-diff.ts';
