/**
 * `gauntlet/vitest`: gauntlet inside a vitest project. Golden suites as vitest tests
 * (`goldenTests`); vitest benchmark files need nothing here: the bench suite runs them unchanged.
 */
export { goldenTests, GoldenCaseFailure, type GoldenTestsOptions } from './golden-tests.ts';
