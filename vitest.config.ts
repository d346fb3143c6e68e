import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'sut/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Bench suites in tests time on the CPU clock: a process under valgrind costs seconds, and only the
    // instruction clock's own tests (harness/bench/instructions/) need it; they detect valgrind themselves.
    env: { GAUNTLET_NO_VALGRIND: '1' },
    coverage: {
      provider: 'v8',
      include: ['sut/planner/**/*.ts', 'harness/**/*.ts'],
      exclude: ['**/*.test.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'reports/coverage',
    },
  },
});
