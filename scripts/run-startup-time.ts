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
 * Interrupted (Ctrl-C, SIGTERM, SIGHUP), it stops its child and removes its probe folder and temporary files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
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
/** The command being timed, in its own process group (bin/gauntlet.js starts a run child of its own). */
let running: ChildProcess | undefined;
/** That group, until the command has ended well: an interrupted command's own children may outlive it. */
let group: number | undefined;

/** Signals the running command's whole process group (no-op when none runs). */
function signalRunning(signal: NodeJS.Signals): void {
  if (group === undefined) return;
  try {
    process.kill(-group, signal);
  } catch {
    // already gone
  }
}

/** Starts a command in a process group of its own, so that an interrupt can stop all of it. */
function start(command: string, args: string[], cwd: string): ChildProcess {
  running = spawn(command, args, { cwd, stdio: 'ignore', detached: true });
  group = running.pid;
  running.on('exit', (code) => {
    running = undefined;
    if (code === 0) group = undefined;
  });
  return running;
}

/** Removes what the script created; safe to call more than once. */
function cleanUp(): void {
  signalRunning('SIGKILL');
  rmSync(probeDir, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
}

/** Stops the running command and waits for its end: an interrupted `gauntlet run` still writes its report into `tmp`. */
async function stopRunning(): Promise<void> {
  const child = running;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const ended = new Promise((r) => child.once('exit', r));
  signalRunning('SIGTERM');
  const timer = setTimeout(() => signalRunning('SIGKILL'), 5000);
  await ended;
  clearTimeout(timer);
}

// A signal ends the process without running `finally`: stop the command, clean up, then end by the same
// signal (its usual exit status). Later signals wait for that (tsx's parent process relays Ctrl-C a second time).
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let interrupted = false;
for (const signal of SIGNALS)
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    void stopRunning().then(() => {
      cleanUp();
      for (const s of SIGNALS) process.removeAllListeners(s);
      process.kill(process.pid, signal);
    });
  });
process.on('exit', cleanUp);

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
    const child = start(
      process.execPath,
      [join(repo, 'bin/gauntlet.js'), 'run', 'startup-probe', '--no-history', '--reports', tmp],
      probeDir,
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
    const child = start(command, args, repo);
    child.on('error', fail);
    child.on('exit', (code) => {
      if (code === 0) done(performance.now() - t0);
      else fail(new Error(`${command} exited ${code}`));
    });
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
  cleanUp();
}
