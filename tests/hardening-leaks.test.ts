/**
 * After a full `gauntlet run` (every kind: golden worker threads, bench processes, the mock server
 * and redis-server for stress, mock-LLM canary traffic, drift), nothing is left behind: no socket,
 * server, timer or worker handle (`process.getActiveResourcesInfo()`), no child process (`ps --ppid`).
 * And repeated runs in one process do not grow the heap (child process with --expose-gc; the
 * 20-run figure comes from `node --expose-gc --import tsx scripts/hardening-memory.ts 20`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../harness/cli/main.ts';
import type { RunReport } from '../harness/core/report.ts';
import { completeProject } from './helpers-complete-project.ts';
import { memoryIo } from './helpers-golden-project.ts';
import { has, redisServer } from '../harness/core/__fixtures__/optional-programs.ts';

// redis-server when installed (a child process to clean up); otherwise a note names the package and the cache is in memory.
const cacheMode = has(redisServer) ? 'redis-server' : 'memory';

const repo = fileURLToPath(new URL('..', import.meta.url));

/**
 * Live child processes. Zombies (state Z: exited, holding no memory, socket or file) are left out:
 * on a cold tsx transform cache (a fresh clone), the golden suite's worker threads start tsx's
 * esbuild service, which exits with its thread but is never reaped, because the thread that spawned
 * it is gone; the kernel reaps it when gauntlet exits. Known, documented, not a resource leak.
 */
function children(): string[] {
  try {
    const rows = execFileSync('ps', ['-o', 'pid=,stat=,comm=', '--ppid', String(process.pid)])
      .toString()
      .trim()
      .split('\n');
    return rows
      .map((r) => r.trim())
      .filter((r) => r && !/\bps$/.test(r) && !/^\d+\s+Z/.test(r))
      .map((r) => r.replace(/^(\d+)\s+\S+\s+/, '$1 '));
  } catch {
    return []; // ps exits 1 when there is no child
  }
}

/** Resources in `after` beyond those in `before`, counted by type. */
function grown(before: string[], after: string[]): string[] {
  const left = [...before];
  return after.filter((r) => {
    const i = left.indexOf(r);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

async function settled(before: string[]): Promise<string[]> {
  let extra = grown(before, process.getActiveResourcesInfo());
  for (let i = 0; i < 40 && (extra.length > 0 || children().length > 0); i++) {
    await new Promise((r) => setTimeout(r, 50));
    extra = grown(before, process.getActiveResourcesInfo());
  }
  return extra;
}

describe('no leaks', () => {
  it('a full run of every kind leaves no handle, timer, worker or child process behind', async () => {
    const root = completeProject({ redis: cacheMode });
    const beforeChildren = children();
    const before = process.getActiveResourcesInfo();
    const io = memoryIo(root, { CI: 'true' });
    const code = await main(['run'], io);
    const report = JSON.parse(readFileSync(join(root, 'reports', 'gauntlet.json'), 'utf8')) as RunReport;
    expect(report.suites.map((s) => s.kind).sort()).toEqual(
      expect.arrayContaining(['bench', 'canary', 'drift', 'golden', 'stress']),
    );
    expect(
      report.suites.every((s) => s.verdict !== 'error'),
      io.text().err + JSON.stringify(report.suites.map((s) => [s.name, s.verdict, s.summary])),
    ).toBe(true);
    expect([0, 1]).toContain(code);
    // With redis-server installed, the stress suite really started it (the cache note names it), so there was a child to clean up.
    if (cacheMode === 'redis-server')
      expect(report.suites.find((s) => s.kind === 'stress')!.notes!.join(' ')).toMatch(/redis-server/);
    expect(await settled(before)).toEqual([]);
    expect(children()).toEqual(beforeChildren);
  }, 90_000);

  it('repeated runs in one process do not grow the heap (4 runs, heap after GC)', async () => {
    if (!existsSync(join(repo, 'node_modules', 'tsx'))) throw new Error('tsx is needed');
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'scripts/hardening-memory.ts', '4', 'golden,stress'],
      { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code, err).toBe(0);
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as {
      heapMb: number[];
      slopeKbPerRun: number;
      dataSlopeKbPerRun: number;
      growthMb: number;
    };
    expect(result.heapMb).toHaveLength(4);
    // A retained run (its records, reports, servers) costs megabytes. Measured: 116-121 KB/run over
    // these 4 runs (mostly compiled code, which levels off: 23 KB/run over the second half of 20
    // runs); with the client's old fetch transport (undici's pool per mock port) 281-300 KB/run.
    // Compiled code (code_space) still grows over 4 runs as the stress suite's later paths are compiled
    // (344 KB from run 2 to 4 in the fresh-clone .ci/run of 2026-11-27): judge the data spaces, where a leak shows.
    expect(result.dataSlopeKbPerRun, out).toBeLessThan(200);
  }, 180_000); // 5 s in CI, 25-49 s beside 8 busy loops: a bound against a hang, not a time limit
});
