import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { parseSeed } from '../global-options.ts';
import type { CommandContext } from '../command-context.ts';

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got '${value}'`);
  return n;
}

export function registerMockLlm(program: Command, cli: CommandContext): void {
  program
    .command('mock-llm')
    .description('serve the seeded mock OpenAI-compatible API on 127.0.0.1 until SIGINT/SIGTERM')
    .option('--port <n>', 'port to listen on (default: 0, a free port)', parsePort)
    .option('--profile <file>', 'fault profile, YAML or JSON (default: healthy, no latency)')
    .option('--seed <n>', 'seed of the fault model (default 1)', parseSeed)
    .addHelpText(
      'after',
      `
Prints "listening on http://127.0.0.1:PORT" when ready. Point an OpenAI client at PORT/v1.
Routes: POST /v1/chat/completions (JSON or SSE), GET /v1/models, GET /health.
Header x-gauntlet-fault forces one fault for one request: none, 429, 503:retry-after-ms=200,
hang, reset, malformed, truncate:3, no-done.`,
    )
    .action(async (opts: { port?: number; profile?: string; seed?: number }) => {
      const { resolve } = await import('node:path');
      const { startMockServer } = await import('../../stress/mock-server.ts');
      const server = await startMockServer({ port: opts.port ?? 0, seed: opts.seed ?? 1, profile: opts.profile ? resolve(cli.io.cwd, opts.profile) : undefined }).catch((e: unknown) => {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES') throw new UsageError(`cannot listen on 127.0.0.1:${opts.port} (${code})`, { cause: e });
        throw e;
      });
      cli.io.out.write(`listening on ${server.url}\n`);
      cli.keepAlive(
        new Promise<void>((done) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void server.close().then(() => {
              cli.io.err.write(`mock-llm: served ${server.records().length} request(s), stopped\n`);
              done();
            });
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        }),
      );
    });
}
