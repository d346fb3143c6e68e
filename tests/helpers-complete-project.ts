/**
 * A small temporary project whose config covers every suite kind with the bundled reference
 * systems: five golden cases on the planner, one tiny benchmark file, a 200-call stress scenario
 * (redis-server when installed), the bundled canaries (simulated and mock-LLM traffic) and two drift
 * scenarios (10-minute steps) on the reference autopilot. Used by the leak and determinism checks.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const at = (p: string) => JSON.stringify(join(repo, p));

export function completeProject(opts: { redis?: 'redis-server' | 'memory' } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'gauntlet-complete-'));
  writeFileSync(join(root, 'package.json'), '{"name":"complete","type":"module","private":true}');
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(repo, join(root, 'node_modules', 'gauntlet'), 'dir');
  for (const d of ['cases', 'bench', 'drift']) mkdirSync(join(root, d));
  for (const n of ['normal-01', 'normal-02', 'caps-sampled', 'explore-half', 'tied-greedy-seeded-order'])
    copyFileSync(join(repo, 'suites/golden', `${n}.yaml`), join(root, 'cases', `${n}.yaml`));
  copyFileSync(join(repo, 'sut/config/planner.yaml'), join(root, 'planner.yaml'));
  // The bundled scenarios in 10-minute steps (4,320 a scenario, not 43,200): the checks here are of
  // handles and reproducibility, which do not depend on the step.
  for (const n of ['control', 'sudden-shift'])
    writeFileSync(
      join(root, 'drift', `${n}.yaml`),
      `${readFileSync(join(repo, 'suites/drift', `${n}.yaml`), 'utf8')}stepMinutes: 10\n`,
    );
  writeFileSync(
    join(root, 'bench', 'sum.bench.ts'),
    `import { bench } from 'gauntlet';\nbench('sum', () => { let s = 0; for (let i = 0; i < 2000; i++) s += i; return s; });\n`,
  );
  writeFileSync(
    join(root, 'gauntlet.config.ts'),
    `import { referenceClientFactory } from ${at('sut/llm-client/factory.ts')};
import { referenceDriftSystem } from ${at('sut/autopilot/index.ts')};
import { select } from ${at('sut/planner/index.ts')};
import { canarySuites } from ${at('suites/canary/index.ts')};

export default {
  seed: 1,
  reporters: ['json'],
  suites: [
    { kind: 'golden', name: 'golden', dir: 'cases', selector: { module: ${at('sut/planner/index.ts')}, export: 'select', configSchema: 'plannerConfigSchema' }, selectorConfig: 'planner.yaml', concurrency: 2, latencyCalls: 1 },
    { kind: 'bench', name: 'bench', dir: 'bench', repetitions: 2, time: 10, warmupTime: 5, calibrationTime: 10, resamples: 1000, confirm: false },
    {
      kind: 'stress', name: 'stress', client: referenceClientFactory, redis: ${JSON.stringify(opts.redis ?? 'redis-server')},
      clientOptions: { timeoutMs: 500, maxAttempts: 2, backoff: { baseMs: 5 } },
      scenarios: [{ name: 'mini', calls: 200, concurrency: 50, profile: { name: 'mini', latency: { ttft: { dist: 'fixed', ms: 2 } }, completionTokens: 4, faults: [{ type: 'status', status: 503, probability: 0.05 }, { type: 'reset', probability: 0.02 }] } }],
    },
    ...canarySuites,
    { kind: 'drift', name: 'drift', scenarios: ['drift'], system: referenceDriftSystem({ select }), seeds: 1 },
  ],
};
`,
  );
  return root;
}
