/**
 * This machine's run-to-run noise: `--runs` fresh Node processes each time the calibration workload
 * (harness/bench/calibration-workload.ts) the way a bench run does (median of 30 timed batches after
 * warm-up) and print one median per line. Input of scripts/change-point-calibration.ts.
 *   npx tsx scripts/run-noise.ts --runs 40 > scripts/run-noise.out.json
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] ?? 40) || 40;
const child = `
import { calibrationWorkload } from ${JSON.stringify(new URL('../harness/bench/calibration-workload.ts', import.meta.url).pathname)};
for (let i = 0; i < 200; i++) calibrationWorkload();
const t = [];
for (let b = 0; b < 30; b++) { const t0 = performance.now(); for (let i = 0; i < 20; i++) calibrationWorkload(); t.push((performance.now() - t0) / 20); }
t.sort((a, b) => a - b);
process.stdout.write(String((t[14] + t[15]) / 2));
`;
const medians: number[] = [];
for (let i = 0; i < runs; i++) {
  medians.push(
    Number(
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], { encoding: 'utf8' }),
    ),
  );
  process.stderr.write(`\rrun ${i + 1}/${runs}`);
}
process.stderr.write('\n');
console.log(
  JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      cpu: cpus()[0]?.model,
      nproc: cpus().length,
      loadavg: loadavg(),
      node: process.version,
      medianMs: medians,
    },
    null,
    1,
  ),
);
