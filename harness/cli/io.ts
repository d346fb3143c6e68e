import { Writable } from 'node:stream';
/** Where the CLI writes; tests pass buffers. */
export interface CliIo {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const processIo = (): CliIo => ({
  out: process.stdout,
  err: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});

/** An io that keeps what is printed in memory: for running the CLI in-process (tests, fuzzing). */
export function bufferedIo(cwd: string, env: NodeJS.ProcessEnv = {}): CliIo & { text(): { out: string; err: string } } {
  const chunks = { out: '', err: '' };
  const sink = (key: 'out' | 'err') =>
    new Writable({
      write(chunk, _enc, cb) {
        chunks[key] += String(chunk);
        cb();
      },
    });
  return { out: sink('out'), err: sink('err'), cwd, env, text: () => ({ ...chunks }) };
}
