/** Where the CLI writes; tests pass buffers. */
export interface CliIo {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const processIo = (): CliIo => ({ out: process.stdout, err: process.stderr, cwd: process.cwd(), env: process.env });
