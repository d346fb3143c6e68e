import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import type { Machine } from './history-record.ts';

/** This machine, fingerprinted by what makes timings comparable across runs. */
export function currentMachine(): Machine {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown';
  const cores = cpus().length;
  const memGiB = Math.round(totalmem() / 2 ** 30);
  const nodeMajor = process.version.split('.')[0]!;
  const fingerprint = createHash('sha256')
    .update([cpu, cores, memGiB, process.platform, process.arch, nodeMajor].join('|'))
    .digest('hex')
    .slice(0, 12);
  return { fingerprint, cpu, cores, platform: process.platform, arch: process.arch, node: process.version };
}

/** The branch being run: GitHub's variables in Actions, else git's current branch; undefined when detached or unknown. */
export function currentBranch(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_HEAD_REF) return env.GITHUB_HEAD_REF;
  if (env.GITHUB_REF_NAME) return env.GITHUB_REF_NAME;
  try {
    const name = execFileSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], {
      cwd,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return name && name !== 'HEAD' ? name : undefined;
  } catch {
    return undefined;
  }
}
