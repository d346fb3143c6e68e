import { main } from '../harness/cli/main.ts';
import { memoryIo } from './helpers-golden-project.ts';

/** Run the CLI in-process with buffered output: the exit code and what it printed. */
export async function runCli(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo(cwd, env);
  const code = await main(args, io);
  return { code, ...io.text() };
}
