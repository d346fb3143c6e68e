/**
 * What loading gauntlet.config.ts costs a run (docs/calibration/run-startup.md):
 *  1. `loadConfig` of this repository's config, each in a fresh process (imports the harness, the
 *     built-in kinds and the user's modules), N times;
 *  2. `gauntlet run` end to end on a project with one trivial suite whose config imports this
 *     repository's config (so it costs the same to load), N times: the wall time a user waits.
 * Prints medians. Usage: npx tsx scripts/run-config-load.ts [N=3]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const n = Number(process.argv[2] ?? 3);
const repo = resolve(import.meta.dirname, '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const tsx = ['--import', 'tsx'];

const loadOnce = `const t0 = performance.now();
const { loadConfig } = await import(${JSON.stringify(pathToFileURL(join(repo, 'harness/config/load-config.ts')).href)});
await loadConfig(${JSON.stringify(join(repo, 'gauntlet.config.ts'))});
console.log(performance.now() - t0);`;
const dir = mkdtempSync(join(tmpdir(), 'gauntlet-config-load-'));
writeFileSync(join(dir, 'package.json'), '{"type":"module","private":true}');
writeFileSync(join(dir, 'load.mts'), loadOnce);
const loads = Array.from({ length: n }, () =>
  Number(
    execFileSync(process.execPath, [...tsx, join(dir, 'load.mts')], { cwd: repo })
      .toString()
      .trim(),
  ),
);

// A project whose config imports the repository's (its kinds, sut modules) and runs one trivial suite.
const harness = pathToFileURL(join(repo, 'harness/index.ts')).href;
const zod = pathToFileURL(join(repo, 'node_modules/zod/index.js')).href;
writeFileSync(
  join(dir, 'gauntlet.config.ts'),
  `import { z } from '${zod}';
import { defineConfig, defineSuiteKind } from '${harness}';
import repo from ${JSON.stringify(pathToFileURL(join(repo, 'gauntlet.config.ts')).href)};
void repo;
const noop = defineSuiteKind({
  kind: 'noop',
  description: 'does nothing',
  entrySchema: z.strictObject({ kind: z.literal('noop'), name: z.string() }),
  run: async (entry) => ({ kind: 'noop', name: entry.name, verdict: 'pass', durationMs: 0, summary: 'nothing', checks: [] }),
});
export default defineConfig({ kinds: [noop], reporters: ['json'], history: { enabled: false }, suites: [{ kind: 'noop', name: 'noop' }] });
`,
);
const runs = Array.from({ length: n }, () => {
  const t0 = performance.now();
  execFileSync(process.execPath, [join(repo, 'bin/gauntlet.js'), 'run'], { cwd: dir, stdio: 'ignore' });
  return performance.now() - t0;
});
console.log(
  JSON.stringify({
    n,
    loadConfigMs: loads.map(Math.round),
    loadConfigMedianMs: Math.round(median(loads)),
    gauntletRunMs: runs.map(Math.round),
    gauntletRunMedianMs: Math.round(median(runs)),
  }),
);
