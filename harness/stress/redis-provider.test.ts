import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { provideRedis } from './redis-provider.ts';
import { has, redisServer } from '../core/__fixtures__/optional-programs.ts';

/** Send one inline Redis command and read the reply line (no client library needed). */
function ping(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = createConnection(Number(port), hostname, () => s.write('PING\r\n'));
    s.once('data', (d) => {
      resolve(d.toString().trim());
      s.destroy();
    });
    s.once('error', reject);
  });
}

const hasRedisServer = has(redisServer);
const hasDocker = Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');

describe('provideRedis', () => {
  it.runIf(hasRedisServer)('starts a local redis-server on a free loopback port and stops it', async () => {
    const r = await provideRedis('auto', { env: {}, containerRuntime: false });
    try {
      expect(r.kind).toBe('redis-server');
      expect(r.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(r.note).toContain('no container runtime');
      expect(await ping(r.url!)).toBe('+PONG');
    } finally {
      await r.stop();
    }
    await expect(ping(r.url!)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('falls back to memory, saying why, when no Redis can start', async () => {
    const r = await provideRedis('auto', {
      env: {},
      containerRuntime: false,
      redisServerBin: '/nonexistent/redis-server',
    });
    expect(r.kind).toBe('memory');
    expect(r.url).toBeUndefined();
    expect(r.note).toMatch(
      /^in-memory cache \(testcontainers: no container runtime .*; redis-server: \/nonexistent\/redis-server not found or not runnable \(ENOENT\)\)$/,
    );
  });

  it('an explicit redis-server mode that cannot start is an error, not a silent fallback', async () => {
    await expect(provideRedis('redis-server', { redisServerBin: '/nonexistent/redis-server' })).rejects.toThrow(
      /not found/,
    );
  });

  // Runs where a container runtime answers (GitHub's ubuntu runners have Docker): the testcontainers path.
  it.runIf(hasDocker)('starts Redis in a container through testcontainers', { timeout: 120_000 }, async () => {
    const r = await provideRedis('testcontainers');
    try {
      expect(r.kind).toBe('testcontainers');
      expect(await ping(r.url!)).toBe('+PONG');
    } finally {
      await r.stop();
    }
  });
});
