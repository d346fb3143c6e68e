/** The golden suite kind's public API (re-exported by the package root). */
export type { SelectFunction } from './selector.ts';
export type { SelectorSpec } from './entry-schema.ts';
export type { GoldenEntry } from './entry-schema.ts';
export type { GoldenCaseData, Expectation, ExpectationMode } from './case-schema.ts';
export { goldenCaseSchema, EXPECTATION_MODES } from './case-schema.ts';
export {
  rankingDiff,
  kendallTauOfPermutation,
  type RankingDiff,
  type MovedId,
  type RankDelta,
} from './ranking-diff.ts';
export { renderRankingDiff } from './render-diff.ts';
