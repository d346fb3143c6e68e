/**
 * The main job's start-up and end (docs/calibration/main-job-time.md), without running its suites:
 *  1. start-up: `node bin/gauntlet.js run` with this repository's config plus one first suite that only
 *     notes the time it started (so every configured kind and the config's modules load as in the real
 *     job), found as the main job finds it (no --config), from the command's spawn to that suite's
 *     start, N times;
 *  2. the end: the reporters the config names (console, json, junit, mochawesome, github summary) over a
 *     full run report (default reports/gauntlet.json of the last `gauntlet run`), in this process, N times.
 *  3. `npx gauntlet --version` and `node bin/gauntlet.js --version`, spawn to exit, N times each: what npm's
 *     exec adds before the bin runs, and what loading tsx and the CLI costs one process.
 * Prints medians and every run. Usage: npx tsx scripts/run-startup-time.ts [N=5] [report.json]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { cpus, loadavg } from 'node:os';
import type { RunReport } from '../harness/core/report.ts';
import { resolveReporters } from '../harness/report/registry.ts';

const n = Number(process.argv[2] ?? 5);
const repo = resolve(import.meta.dirname, '..');
const reportFile = resolve(process.argv[3] ?? join(repo, 'reports/gauntlet.json'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const tmp = mkdtempSync(join(tmpdir(), 'gauntlet-startup-'));
const marker = join(tmp, 'started');
// Found as the main job finds its config (no --config: gauntlet.config.ts of the directory it starts in),
// in a folder of the repository so that the repository's config and modules import as in the real job.
const probeDir = join(repo, `.startup-probe-${process.pid}`);
mkdirSync(probeDir);
writeFileSync(
  join(probeDir, 'gauntlet.config.ts'),
  `import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { defineConfig, defineSuiteKind } from '../harness/index.ts';
import repo from '../gauntlet.config.ts';
const probe = defineSuiteKind({
  kind: 'startup-probe',
  description: 'notes when the first suite starts',
  entrySchema: z.strictObject({ kind: z.literal('startup-probe'), name: z.string() }),
  run: async (entry) => {
    writeFileSync(${JSON.stringify(marker)}, String(Date.now()));
    return { kind: 'startup-probe', name: entry.name, verdict: 'pass', durationMs: 0, summary: 'started', checks: [] };
  },
});
export default defineConfig({ ...repo, kinds: [probe], reporters: ['json'], suites: [{ kind: 'startup-probe', name: 'startup-probe' }, ...repo.suites] });
`,
);

function startupOnce(): Promise<number> {
  return new Promise((done, fail) => {
    rmSync(marker, { force: true });
    const t0 = Date.now();
    const child = spawn(
      process.execPath,
      [join(repo, 'bin/gauntlet.js'), 'run', 'startup-probe', '--no-history', '--reports', tmp],
      { cwd: probeDir, stdio: 'ignore' },
    );
    child.on('error', fail);
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`gauntlet run exited ${code}`);
        done(Number(readFileSync(marker, 'utf8')) - t0);
      } catch (e) {
        fail(e);
      }
    });
  });
}

async function reportersOnce(report: RunReport): Promise<number> {
  const dir = mkdtempSync(join(tmp, 'reports-'));
  const out = new Writable({ write: (_c, _e, cb) => cb() });
  // As `npx gauntlet run` on a developer's machine: summary.md in the reports directory, no GitHub job summary.
  const ctx = {
    reportsDir: dir,
    rootDir: repo,
    ci: false,
    out,
    isTTY: false,
    env: {},
  };
  const t0 = performance.now();
  for (const r of resolveReporters(['console', 'json', 'junit', 'mochawesome', 'github']))
    await r.onRunEnd(report, ctx);
  return performance.now() - t0;
}

/** Spawn to exit of a command in the repository (`--version`: the CLI loads, prints and ends). */
function commandOnce(command: string, args: string[]): Promise<number> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd: repo, stdio: 'ignore' });
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done(performance.now() - t0) : fail(new Error(`${command} exited ${code}`)),
    );
  });
}

try {
  // What npx adds before bin/gauntlet.js runs, and what the CLI process costs alone.
  const npx: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < n; i++) {
    npx.push(await commandOnce('npx', ['gauntlet', '--version']));
    cli.push(await commandOnce(process.execPath, [join(repo, 'bin/gauntlet.js'), '--version']));
  }
  const startups: number[] = [];
  for (let i = 0; i < n; i++) startups.push(await startupOnce());
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as RunReport;
  const ends: number[] = [];
  for (let i = 0; i < n; i++) ends.push(await reportersOnce(report));
  console.log(
    JSON.stringify({
      machine: `${cpus()[0]?.model} x${cpus().length}`,
      loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
      n,
      startupToFirstSuiteMs: startups,
      startupMedianMs: median(startups),
      report: reportFile,
      reportersMs: ends.map(Math.round),
      reportersMedianMs: Math.round(median(ends)),
      npxVersionMs: npx.map(Math.round),
      npxVersionMedianMs: Math.round(median(npx)),
      cliVersionMs: cli.map(Math.round),
      cliVersionMedianMs: Math.round(median(cli)),
    }),
  );
} finally {
  rmSync(probeDir, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
}
