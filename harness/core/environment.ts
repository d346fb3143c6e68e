import { cpus } from 'node:os';
import { execFileSync } from 'node:child_process';
import type { RunReport } from './report.ts';

export function gitCommit(cwd: string): string | undefined {
  try {
    return (
      execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() || undefined
    );
  } catch {
    return undefined;
  }
}

export function describeEnvironment(cwd: string, ci: boolean): RunReport['environment'] {
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    ci,
    gitCommit: gitCommit(cwd),
  };
}
