import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files whose verdicts rest on measured time (the bench CPU clock, stress latency and yardstick
 * gates, golden latency bounds, run deadlines, hang timeouts, the heap-growth bound): they run one at a time, after the
 * others, so that no second test file competes with them for the CPU.
 */
const TIMED = [
  'harness/bench/*.test.ts',
  'harness/bench/phases/**/*.test.ts',
  'tests/bench-*.test.ts',
  'tests/vitest-bench.test.ts',
  'tests/report-merge-bench-canary.test.ts',
  'harness/stress/contention.test.ts',
  'harness/stress/yardstick/**/*.test.ts',
  'tests/stress-*.test.ts',
  'tests/hardening-hangs.test.ts',
  'tests/hardening-leaks.test.ts',
  'tests/supervision.test.ts',
  'harness/golden/run-golden.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Bench suites in tests time on the CPU clock: a process under valgrind costs seconds, and only the
    // instruction clock's own tests (harness/bench/instructions/) need it; they detect valgrind themselves.
    env: { GAUNTLET_NO_VALGRIND: '1' },
    projects: [
      // Most files wait on child processes (each `gauntlet run` is one) much of the time: two at once
      // keep both cores of a 2-core CI runner busy (vitest's default is one file at a time there).
      {
        extends: true,
        test: {
          name: 'parallel',
          include: ['harness/**/*.test.ts', 'sut/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...TIMED],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'timed', include: TIMED, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
    coverage: {
      provider: 'v8',
      include: ['sut/planner/**/*.ts', 'harness/**/*.ts'],
      exclude: ['**/*.test.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'reports/coverage',
    },
  },
});
