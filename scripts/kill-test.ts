/**
 * Kill the baseline and report writers with SIGKILL at random points, many times, and check that
 * every file afterwards parses and is exactly one whole version (old or new), never torn or mixed.
 *
 *   npx tsx scripts/kill-test.ts [kills=100] [seed=1] [atomic|plain]
 *
 * `plain` runs the same kills against ordinary writes, to show the check catches a torn file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createRng } from '../harness/core/rng.ts';
import { versionContent } from './kill-writer-child.ts';

export interface KillTestResult {
  kills: number;
  intact: number;
  torn: number;
  /** Kills that landed after at least one complete write in that child (every kill, since the test waits for one). */
  midStream: number;
  staleTempFiles: number;
}

const child = new URL('./kill-writer-child.ts', import.meta.url).pathname;

function checkFile(file: string, kind: string): { ok: boolean; version: number } {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { version: number };
    return { ok: isDeepStrictEqual(data, versionContent(kind, data.version)), version: data.version };
  } catch {
    return { ok: false, version: -1 };
  }
}

export async function killTest(
  kills: number,
  seed: number,
  mode: 'atomic' | 'plain' = 'atomic',
): Promise<KillTestResult> {
  const rng = createRng(seed);
  const dir = mkdtempSync(join(tmpdir(), 'gauntlet-kill-'));
  const result: KillTestResult = { kills: 0, intact: 0, torn: 0, midStream: 0, staleTempFiles: 0 };
  let version = 0;
  try {
    for (let k = 0; k < kills; k++) {
      const proc = spawn(process.execPath, ['--import', 'tsx', child, dir, String(version), mode], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      // Wait for the first whole write, so that every kill lands in the write loop however slow the machine
      // is (waiting only for 'ready' let a busy machine kill most writers before they wrote anything).
      await new Promise<void>((res) =>
        proc.stdout.on('data', (d: Buffer) => ((out += d.toString()), out.includes('wrote') && res())),
      );
      // A random point in the write loop: 0-60 ms after the first write covers several whole writes.
      await new Promise((r) => setTimeout(r, rng.float() * 60));
      proc.kill('SIGKILL');
      await new Promise((r) => proc.once('exit', r));
      result.kills++;
      if (out.includes('wrote')) result.midStream++;
      for (const [name, kind] of [
        ['bench.json', 'baseline'],
        ['gauntlet.json', 'report'],
      ] as const) {
        if (!readdirSync(dir).includes(name)) continue; // killed before the first write finished
        const c = checkFile(join(dir, name), kind);
        if (c.ok) result.intact++;
        else result.torn++;
        version = Math.max(version, c.version);
      }
      // Temp files a killed writer leaves are never read (they are dot-files with a random suffix).
      result.staleTempFiles = readdirSync(dir).filter((f) => f.endsWith('.tmp')).length;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

if (process.argv[1]?.endsWith('kill-test.ts')) {
  const kills = Number(process.argv[2] ?? 100);
  const seed = Number(process.argv[3] ?? 1);
  const mode = process.argv[4] === 'plain' ? 'plain' : 'atomic';
  const r = await killTest(kills, seed, mode);
  console.log(JSON.stringify(r, null, 2));
  process.exitCode = r.torn === 0 ? 0 : 1;
}
