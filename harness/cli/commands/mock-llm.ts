import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { DEFAULT_RECORD_WINDOW } from '../../stress/served-record.ts';
import { parseSeed } from '../global-options.ts';
import type { CommandContext } from '../command-context.ts';

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new UsageError(`--port must be an integer from 0 to 65535, got '${value}'`);
  return n;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`--keep-records must be a positive integer, got '${value}'`);
  return Number(value);
}

interface MockLlmOptions {
  port?: number;
  profile?: string;
  seed?: number;
  record?: string;
  upstream?: string;
  replay?: string;
  keepRecords?: number;
}

export function registerMockLlm(program: Command, cli: CommandContext): void {
  program
    .command('mock-llm')
    .description(
      'serve the seeded mock LLM API (OpenAI and Anthropic routes) on 127.0.0.1 until SIGINT/SIGTERM; or record from / replay an upstream',
    )
    .option('--port <n>', 'port to listen on (default: 0, a free port)', parsePort)
    .option('--profile <file>', 'fault profile, YAML or JSON (default: healthy, no latency)')
    .option('--seed <n>', 'seed of the fault model (default 1)', parseSeed)
    .option(
      '--record <dir>',
      'proxy every request to --upstream and write the exchanges to DIR (keys and secrets redacted)',
    )
    .option('--upstream <url>', 'the provider to record from, e.g. https://api.openai.com or http://127.0.0.1:8080')
    .option(
      '--replay <dir>',
      'answer from the recordings in DIR (matched by route and normalised body), with the fault profile on top',
    )
    .option(
      '--keep-records <n>',
      `request records kept in memory (the most recent; older ones are only counted; default ${DEFAULT_RECORD_WINDOW})`,
      parseCount,
    )
    .addHelpText(
      'after',
      `
Prints "listening on http://127.0.0.1:PORT" when ready. OpenAI SDK: baseURL http://127.0.0.1:PORT/v1.
Anthropic SDK: baseURL http://127.0.0.1:PORT.

Routes (every one with the profile's seeded faults, phases and latency; the request's model is echoed):
  POST /v1/chat/completions   chat completions, JSON or SSE; tool calls honouring tool_choice
  POST /v1/responses          OpenAI Responses API, JSON or SSE (response.created ... response.completed)
  POST /v1/messages           Anthropic Messages, JSON or SSE (message_start ... message_stop)
  POST /v1/embeddings         deterministic unit vectors from the seed and the input; dimensions
  GET  /v1/models, GET /health

Header x-gauntlet-fault forces a fault for one request: none, 429, 503:retry-after-ms=200, 529,
hang, reset, malformed, truncate:3, no-done; add ;times=N to fail only the first N attempts of a
logical request (counted by idempotency-key, else x-stainless-retry-count, else the body).
Quotas per API key: 'quota: { requestsPerMinute, tokensPerMinute }' in the profile (429 + x-ratelimit-*).

Record and replay:
  gauntlet mock-llm --record rec/ --upstream https://api.openai.com   # proxy and record
  gauntlet mock-llm --replay rec/ --profile flaky.yaml                # replay, faults on top`,
    )
    .action(async (opts: MockLlmOptions) => {
      const { resolve } = await import('node:path');
      if (opts.record && !opts.upstream)
        throw new UsageError('--record needs --upstream <url> (the provider to record from)');
      if (opts.upstream && !opts.record) throw new UsageError('--upstream is only used with --record <dir>');
      if (opts.record && opts.replay) throw new UsageError('--record and --replay cannot be used together');
      if (opts.upstream && !/^https?:\/\//.test(opts.upstream))
        throw new UsageError(`--upstream must be an http(s) URL, got '${opts.upstream}'`);
      const listenError = (e: unknown): never => {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES')
          throw new UsageError(`cannot listen on 127.0.0.1:${opts.port} (${code})`, { cause: e });
        throw e;
      };
      let url: string;
      let stopServer: () => Promise<string>;
      if (opts.record) {
        const { startRecorder } = await import('../../stress/mock/recorder.ts');
        const rec = await startRecorder({
          dir: resolve(cli.io.cwd, opts.record),
          upstream: opts.upstream!,
          port: opts.port ?? 0,
        }).catch(listenError);
        url = rec.url;
        stopServer = () => rec.close().then(() => `recorded ${rec.recorded()} exchange(s) to ${opts.record}`);
      } else {
        const { startMockServer } = await import('../../stress/mock-server.ts');
        const { replaySource } = await import('../../stress/mock/recorder.ts');
        const source = opts.replay ? await replaySource(resolve(cli.io.cwd, opts.replay)) : undefined;
        const server = await startMockServer({
          port: opts.port ?? 0,
          seed: opts.seed ?? 1,
          profile: opts.profile ? resolve(cli.io.cwd, opts.profile) : undefined,
          recordWindow: opts.keepRecords,
          source,
        }).catch(listenError);
        url = server.url;
        if (source) cli.io.err.write(`mock-llm: replaying ${source.size} recording(s) from ${opts.replay}\n`);
        stopServer = () => server.close().then(() => `served ${server.servedCount()} request(s)`);
      }
      cli.io.out.write(`listening on ${url}\n`);
      cli.keepAlive(
        new Promise<void>((done) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void stopServer().then((what) => {
              cli.io.err.write(`mock-llm: ${what}, stopped\n`);
              done();
            });
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        }),
      );
    });
}
