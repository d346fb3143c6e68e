/**
 * Tests too slow for `npm test` (whole valgrind processes, dozens of bench processes) run with
 * GAUNTLET_SLOW_TESTS=1. Without it, `slowTestsOn` prints why `what` skips (when `applies`: a test
 * that would skip anyway for a missing program says that instead) and returns false.
 */
export function slowTestsOn(what: string, cost: string, applies = true): boolean {
  const on = Boolean(process.env.GAUNTLET_SLOW_TESTS);
  if (!on && applies) console.log(`skipped: ${what} runs with GAUNTLET_SLOW_TESTS=1 (${cost})`);
  return on;
}
