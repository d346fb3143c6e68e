import { describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { createRng } from '../core/rng.ts';
import { startMockServer } from './mock-server.ts';
import { resourcesGrown } from './resources.ts';

function request(
  url: string,
  opts: {
    method?: string;
    path: string;
    body?: string | Buffer;
    agent: http.Agent;
    abortAfterFirstChunk?: boolean;
    headers?: Record<string, string>;
  },
): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      `${url}${opts.path}`,
      {
        method: opts.method ?? 'POST',
        agent: opts.agent,
        headers: { 'content-type': 'application/json', ...opts.headers },
      },
      (res) => {
        if (opts.abortAfterFirstChunk) {
          res.once('data', () => {
            req.destroy();
            resolve(res.statusCode ?? 0);
          });
        } else {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        }
        res.on('error', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(-1));
    req.end(opts.body);
  });
}

function garbage(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.end(bytes));
    s.on('data', () => {});
    s.on('error', () => resolve());
    s.on('close', () => resolve());
  });
}

describe('mock server under bad input', () => {
  it('survives 3,000 malformed, oversized, misrouted, garbage and abandoned requests, then answers /health', async () => {
    const before = process.getActiveResourcesInfo();
    const server = await startMockServer({
      seed: 3,
      profile: {
        maxBodyBytes: 2048,
        latency: { ttft: { dist: 'fixed', ms: 1 }, perToken: { dist: 'fixed', ms: 1 } },
        completionTokens: 50,
      },
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    const rng = createRng(42);
    const expected: Record<string, number[]> = {
      json: [400],
      big: [413, -1],
      route: [404],
      abort: [200],
      hang: [200, -1],
      fields: [400],
    };
    const seen: Record<string, number[]> = {};
    const jobs: Array<() => Promise<void>> = [];
    for (let i = 0; i < 3000; i++) {
      const k = rng.int(0, 6);
      const bytes = Buffer.from(Array.from({ length: rng.int(1, 200) }, () => rng.int(0, 255)));
      jobs.push(async () => {
        let kind: string;
        let status: number;
        if (k === 0)
          [kind, status] = ['json', await request(server.url, { path: '/v1/chat/completions', body: bytes, agent })];
        else if (k === 1)
          [kind, status] = [
            'big',
            await request(server.url, {
              path: '/v1/chat/completions',
              body: Buffer.alloc(4096 + rng.int(0, 100_000), 120),
              agent,
            }),
          ];
        else if (k === 2)
          [kind, status] = [
            'route',
            await request(server.url, {
              method: rng.int(0, 1) ? 'GET' : 'DELETE',
              path: `/v${rng.int(0, 9)}/x${bytes.toString('hex').slice(0, 8)}`,
              agent,
            }),
          ];
        else if (k === 3) {
          const body = JSON.stringify({ messages: [{ role: 'user', content: 'x' }], stream: true });
          [kind, status] = [
            'abort',
            await request(server.url, { path: '/v1/chat/completions', body, agent, abortAfterFirstChunk: true }),
          ];
        } else if (k === 4) {
          await garbage(server.port, bytes);
          return;
        } else if (k === 5)
          [kind, status] = [
            'fields',
            await request(server.url, {
              path: '/v1/chat/completions',
              body: JSON.stringify({ messages: rng.int(0, 1) ? [] : 'nope' }),
              agent,
            }),
          ];
        else {
          // A hanging request that the client abandons after 5 ms.
          const req = http.request(`${server.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'x-gauntlet-fault': 'hang' },
          });
          req.on('error', () => {});
          req.end('{"messages":[{"role":"user","content":"x"}]}');
          await new Promise((r) => setTimeout(r, 5));
          req.destroy();
          kind = 'hang';
          status = -1;
        }
        (seen[kind] ??= []).push(status);
      });
    }
    for (let i = 0; i < jobs.length; i += 100) await Promise.all(jobs.slice(i, i + 100).map((j) => j()));
    for (const [kind, statuses] of Object.entries(seen)) {
      if (kind === 'hang') continue;
      for (const s of statuses) expect(expected[kind], `${kind} answered ${s}`).toContain(s);
    }
    expect(await request(server.url, { method: 'GET', path: '/health', agent })).toBe(200);
    const recs = server.records();
    expect(recs.filter((r) => r.status === 413).length).toBe(seen.big!.filter((s) => s === 413).length);
    expect(
      recs.filter((r) => r.route === '/v1/chat/completions' && r.stream && r.clientAborted).length,
    ).toBeGreaterThan(0);
    agent.destroy();
    await server.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(resourcesGrown(before, process.getActiveResourcesInfo())).toEqual([]);
  });
});
