import { fileURLToPath } from 'node:url';
import { defineConfig } from './harness/index.ts';
import { canarySuites } from './suites/canary/index.ts';
import { referenceClientFactory } from './sut/llm-client/factory.ts';
import { defaultStressScenarios } from './suites/stress/scenarios.ts';
import { referenceDriftSystem } from './sut/autopilot/index.ts';
import { select } from './sut/planner/index.ts';

export default defineConfig({
  seed: 1,
  reportsDir: 'reports',
  reporters: ['console', 'json', 'junit', 'mochawesome', 'github'],
  suites: [
    {
      // Golden selection cases against the bundled reference planner (docs/guide/golden.md).
      kind: 'golden',
      name: 'selection',
      dir: 'suites/golden',
      selector: { module: './sut/planner/index.ts', export: 'select', configSchema: 'plannerConfigSchema' },
      selectorConfig: 'sut/config/planner.yaml',
      timeoutMs: 5000,
      coverageSummary: 'reports/coverage-planner/coverage-summary.json',
    },
    {
      // Benchmark regression gate over suites/bench/**/*.bench.ts (docs/guide/bench.md).
      kind: 'bench',
      name: 'bench',
      dir: 'suites/bench',
      baseline: 'baselines/bench.json',
    },
    {
      // 1,000 concurrent LLM calls through the reference client against the seeded mock (docs/guide/stress.md).
      kind: 'stress',
      name: 'llm-client',
      client: referenceClientFactory,
      scenarios: defaultStressScenarios,
      baseline: 'baselines/stress-llm-client.json',
      // A shared machine runs the same code 2-3x slower when its neighbours are busy: only bigger changes count.
      latencyTolerance: 2,
      failureRateRatio: 2,
    },
    // Canary judge: one canary that passes, five bad ones it must stop (docs/guide/canary.md).
    ...canarySuites,
    {
      // 30 simulated days per scenario: detectors against the ground truth, autopilot bounds, alert rules (docs/guide/drift.md).
      kind: 'drift',
      name: 'drift',
      scenarios: ['suites/drift'],
      // Each scenario's business dashboards (HTML + Grafana JSON + its metrics store) go to reports/dashboards (docs/guide/dashboards-and-alerts.md).
      system: referenceDriftSystem({
        select,
        dashboardsDir: fileURLToPath(new URL('./reports/dashboards', import.meta.url)),
      }),
      seeds: 2,
    },
  ],
});
