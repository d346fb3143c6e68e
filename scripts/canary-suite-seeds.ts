/**
 * Do the bundled canary suites decide as they declare beyond the default seed? Runs one suite over
 * seeds 1..N (simulated traffic, seconds) and prints how many decided as expected, with the first
 * exceptions. Optionally with another request count, to size a suite.
 *
 *   npx tsx scripts/canary-suite-seeds.ts canary-identical [requests] [seeds]
 *   npx tsx scripts/canary-suite-seeds.ts canary-identical 6000 100   # 92/100 (2026-11-27)
 */
import canaryKind, { canaryEntrySchema } from '../harness/canary/kind.ts';
import { suiteContextFor } from '../harness/core/__fixtures__/suite-context.ts';
import { canarySuites } from '../suites/canary/index.ts';

const [name, requests, seeds] = [process.argv[2], Number(process.argv[3] ?? 0), Number(process.argv[4] ?? 100)];
const suite = canarySuites.find((s) => s.name === name);
if (!suite) {
  process.stderr.write(`unknown suite ${name}; one of: ${canarySuites.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}
const entry = canaryEntrySchema.parse({ ...suite, ...(requests ? { requests } : {}) });
const misses: string[] = [];
for (let seed = 1; seed <= seeds; seed++) {
  const r = await canaryKind.run(
    entry,
    suiteContextFor('.', { reportsDir: 'reports', ci: true, seed, seedOverride: seed }),
  );
  if (!/as expected$/.test(r.summary)) misses.push(`seed ${seed}: ${r.summary}`);
}
console.log(`${name} (${entry.requests} requests): ${seeds - misses.length}/${seeds} seeds decided as expected`);
for (const m of misses.slice(0, 10)) console.log(`  ${m}`);
