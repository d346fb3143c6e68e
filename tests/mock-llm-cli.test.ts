import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers-cli.ts';
import { startMockServer } from '../harness/stress/mock-server.ts';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'gauntlet-mock-cli-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Start `gauntlet mock-llm ARGS` and wait for its URL. */
async function serve(args: string[]): Promise<{ url: string; stop(): Promise<{ code: number | null; err: string }> }> {
  const child = spawn(process.execPath, [join(root, 'bin/gauntlet.js'), 'mock-llm', ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (c) => reject(new Error(`exited ${c}: ${err}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve({ code, err }));
        child.kill('SIGTERM');
      }),
  };
}

const ask = async (url: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
  const r = await fetch(`${url}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-cli-secret-key-0123456789', ...headers },
  });
  return `${r.status}\n${await r.text()}`;
};

describe('gauntlet mock-llm', () => {
  it('--help lists the routes, the fault header, recording and replay', async () => {
    const { code, out } = await runCli(['mock-llm', '--help'], dir);
    expect(code).toBe(0);
    for (const s of [
      '/v1/chat/completions',
      '/v1/responses',
      '/v1/messages',
      '/v1/embeddings',
      'x-gauntlet-fault',
      'times=N',
      '--record <dir>',
      '--upstream <url>',
      '--replay <dir>',
      '--keep-records',
    ])
      expect(out).toContain(s);
  });

  it('prints where it listens, serves, and stops cleanly on SIGTERM', async () => {
    const server = await serve(['--port', '0', '--seed', '3']);
    expect(await fetch(`${server.url}/health`).then((r) => r.json())).toEqual({ status: 'ok' });
    const models = (await fetch(`${server.url}/v1/models`).then((r) => r.json())) as { data: Array<{ id: string }> };
    expect(models.data[0]!.id).toBe('gauntlet-mock-1');
    const { code, err } = await server.stop();
    expect(code).toBe(0);
    expect(err).toContain('mock-llm: served 2 request(s), stopped');
  });

  it('bad combinations are usage errors (exit 2)', async () => {
    expect((await runCli(['mock-llm', '--record', 'x'], dir)).err).toContain('--record needs --upstream');
    expect((await runCli(['mock-llm', '--record', 'x', '--upstream', 'ftp://x'], dir)).code).toBe(2);
    expect((await runCli(['mock-llm', '--replay', 'x', '--record', 'y', '--upstream', 'http://a'], dir)).code).toBe(2);
  });

  it('records from an upstream mock and replays the same bytes (recorder and replayer are gauntlet processes)', async () => {
    const upstream = await startMockServer({ seed: 4 }); // the provider, in this process
    const recorder = await serve(['--record', 'rec', '--upstream', upstream.url]);
    const requests: Array<[string, unknown]> = [
      ['/v1/responses', { model: 'r', input: 'hi', stream: true }],
      ['/v1/messages', { model: 'c', max_tokens: 3, messages: [{ role: 'user', content: 'hi' }] }],
    ];
    const recorded = [];
    for (const [p, b] of requests) recorded.push(await ask(recorder.url, p, b));
    expect((await recorder.stop()).err).toContain('recorded 2 exchange(s) to rec');
    await upstream.close();
    expect(readdirSync(join(dir, 'rec'))).toHaveLength(2);
    const replay = await serve(['--replay', 'rec']);
    for (const [i, [p, b]] of requests.entries()) expect(await ask(replay.url, p, b)).toBe(recorded[i]);
    expect(await ask(replay.url, requests[1]![0], requests[1]![1], { 'x-gauntlet-fault': '529' })).toMatch(
      /^529\n.*overloaded_error/,
    );
    const { code, err } = await replay.stop();
    expect(code).toBe(0);
    expect(err).toContain('replaying 2 recording(s)');
    expect(err).toContain('served 3 request(s), stopped');
  });
});
