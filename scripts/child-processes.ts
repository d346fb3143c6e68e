/**
 * The child processes of the calibration scripts: busy loops that load the machine (and die with
 * this process however it ends), and measuring children whose standard output is one JSON value.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
let armed = false;

/** Kill every live busy loop when this process exits, including on Ctrl-C (exit code 130). */
function arm(): void {
  if (armed) return;
  armed = true;
  process.on('exit', () => {
    for (const h of live) h.kill('SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
}

/** `argv` run pinned to core 0 (`taskset -c 0`) when `pinned`. */
const onCore0 = (argv: string[], pinned: boolean): string[] => (pinned ? ['taskset', '-c', '0', ...argv] : argv);

/** `n` busy loops (`for(;;){}` in node), each pinned to core 0 when `pinned`. Stop them with `stopLoops`. */
export function busyLoops(n: number, pinned = false): ChildProcess[] {
  arm();
  return Array.from({ length: n }, () => {
    const [cmd, ...rest] = onCore0([process.execPath, '-e', 'for(;;){}'], pinned);
    const h = spawn(cmd!, rest, { stdio: 'ignore' });
    live.add(h);
    return h;
  });
}

export function stopLoops(loops: ChildProcess[]): void {
  for (const h of loops) {
    h.kill('SIGKILL');
    live.delete(h);
  }
}

/**
 * Run `argv` (pinned to core 0 when `pinned`) and parse its standard output as JSON; its standard
 * error goes to ours. Rejects when it exits non-zero or runs longer than `timeoutMs`.
 */
export function childJson<T>(argv: string[], o: { timeoutMs: number; pinned?: boolean }): Promise<T> {
  arm();
  const [cmd, ...rest] = onCore0(argv, o.pinned ?? false);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, rest, { stdio: ['ignore', 'pipe', 'inherit'], timeout: o.timeoutMs });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`${argv.join(' ')}: exited ${code ?? signal}`)),
    );
  });
}

/**
 * `script` run again in a fresh node process as the measuring child of one scenario (`--child <seed>
 * --scenario <name>`, `--mode <mode>` when given, then `extra`): its standard output, one JSON value, parsed.
 */
export function scenarioChildJson<T>(
  script: string,
  child: { seed: number; scenario: string; mode?: string; extra?: string[] },
  o: { timeoutMs: number; pinned?: boolean },
): Promise<T> {
  return childJson<T>(
    [
      process.execPath,
      '--import',
      'tsx',
      script,
      '--child',
      String(child.seed),
      '--scenario',
      child.scenario,
      ...(child.mode === undefined ? [] : ['--mode', child.mode]),
      ...(child.extra ?? []),
    ],
    o,
  );
}
