/**
 * "A baseline from another machine never fails unchanged code", measured (issue 12):
 *
 *   npx tsx scripts/bench-foreign-baseline.ts [--runs 10] [--repetitions 3] [--time 30] [--clocks cpu,instructions] [--files planner.bench.ts] [--committed-only | --unknown-only]
 *
 * The baseline committed before machine fingerprints existed (saved 2026-11-21 on another machine,
 * kept as harness/bench/__fixtures__/bench-baseline-v1-other-machine.json) against the unchanged
 * reference suite, --runs times per clock, two ways: as committed (its commit is in this
 * repository: the gate measures that commit beside the head and judges that), and with its commit
 * unknown (the gate can only warn "not comparable"); --committed-only: the first way only,
 * --unknown-only: the second only. Counts the
 * runs that failed (the goal is 0) and writes a markdown table to stdout.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateConfig } from '../harness/config/load-config.ts';
import { runSuites } from '../harness/core/run-suites.ts';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const RUNS = Number(arg('runs', '10'));
const K = Number(arg('repetitions', '3'));
const TIME = Number(arg('time', '30'));
const CLOCKS = arg('clocks', 'cpu,instructions').split(',');
const FILES = arg('files', 'planner.bench.ts').split(',');
const fixture = join(root, 'harness/bench/__fixtures__/bench-baseline-v1-other-machine.json');

const dir = await mkdtemp(join(tmpdir(), 'gauntlet-foreign-'));
const asCommitted = join(dir, 'as-committed.json');
const commitUnknown = join(dir, 'commit-unknown.json');
await copyFile(fixture, asCommitted);
const raw = JSON.parse(await readFile(fixture, 'utf8'));
delete raw.provenance.gitCommit;
await writeFile(commitUnknown, JSON.stringify(raw));

const rows: string[] = [];
const t0 = Date.now();
for (const clock of CLOCKS) {
  const ways = [
    ['as committed (its commit measured now)', asCommitted],
    ['commit unknown (warnings only)', commitUnknown],
  ] as const;
  const which = process.argv.includes('--committed-only')
    ? ways.slice(0, 1)
    : process.argv.includes('--unknown-only')
      ? ways.slice(1)
      : ways;
  for (const [label, baseline] of which) {
    let failed = 0;
    let warned = 0;
    const seconds: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const s0 = Date.now();
      const entry = {
        kind: 'bench',
        name: 'foreign',
        dir: 'suites/bench',
        files: FILES,
        baseline,
        history: join(dir, 'history.jsonl'),
        repetitions: K,
        time: TIME,
        calibrationTime: 30,
        clock,
      };
      const config = await validateConfig(
        { seed: r + 1, reporters: [], allowOutsidePaths: true, suites: [entry] },
        join(root, 'gauntlet.config.ts'),
      );
      const suite = (await runSuites(config, { flags: {}, ci: false, reportsDir: join(dir, 'reports') })).suites[0]!;
      if (suite.verdict === 'fail' || suite.verdict === 'error') failed++;
      if (suite.verdict === 'warn') warned++;
      seconds.push((Date.now() - s0) / 1000);
      process.stderr.write(
        `${clock} ${label} ${r + 1}/${RUNS}: ${suite.verdict} (${suite.summary}; ${seconds.at(-1)!.toFixed(0)} s, load ${loadavg()[0]!.toFixed(1)})\n`,
      );
    }
    seconds.sort((a, b) => a - b);
    rows.push(
      `| ${clock} | ${label} | ${RUNS} | **${failed}/${RUNS}** | ${warned}/${RUNS} | ${seconds[(seconds.length - 1) >> 1]!.toFixed(0)} |`,
    );
  }
}

process.stdout.write(
  [
    '# A baseline from another machine against unchanged code',
    '',
    `Command: \`npx tsx scripts/bench-foreign-baseline.ts ${process.argv.slice(2).join(' ')}\``,
    '',
    `Date ${new Date().toISOString().slice(0, 10)}. Machine: ${cpus()[0]?.model.trim()} x ${cpus().length}, Node ${process.version}, load average at the end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')}. Total ${((Date.now() - t0) / 60000).toFixed(1)} min.`,
    '',
    '| clock | baseline | runs | runs failed | runs warning | seconds per run (median) |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n'),
);
