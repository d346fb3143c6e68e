import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** Which Redis a suite got. */
export type RedisKind = 'testcontainers' | 'redis-server' | 'memory';

export interface ProvidedRedis {
  kind: RedisKind;
  url?: string;
  /** Why this one (what was tried and failed before it). */
  note: string;
  stop(): Promise<void>;
}

export type RedisMode = 'auto' | 'testcontainers' | 'redis-server' | 'memory';

/**
 * Start a Redis for a stress suite: a testcontainers container when a container runtime answers,
 * else a local `redis-server` process on a free loopback port, else none (the client caches in memory).
 */
export async function provideRedis(
  mode: RedisMode,
  opts: {
    redisServerBin?: string;
    env?: NodeJS.ProcessEnv;
    /** Override the detection of a container runtime (tests). */ containerRuntime?: boolean;
  } = {},
): Promise<ProvidedRedis> {
  const tried: string[] = [];
  const env = opts.env ?? process.env;
  const runtime =
    opts.containerRuntime ??
    Boolean(env.DOCKER_HOST || existsSync('/var/run/docker.sock') || existsSync(`${env.HOME}/.docker/run/docker.sock`));
  if (mode === 'auto' || mode === 'testcontainers') {
    if (mode === 'testcontainers' || runtime) {
      try {
        return await startContainer();
      } catch (e) {
        tried.push(`testcontainers: ${(e as Error).message.split('\n')[0]}`);
        if (mode === 'testcontainers') throw e;
      }
    } else tried.push('testcontainers: no container runtime (no DOCKER_HOST, no docker.sock)');
  }
  if (mode === 'auto' || mode === 'redis-server') {
    try {
      return await startRedisServer(opts.redisServerBin ?? 'redis-server', tried);
    } catch (e) {
      tried.push(`redis-server: ${(e as Error).message}`);
      if (mode === 'redis-server') throw e;
    }
  }
  return {
    kind: 'memory',
    note: tried.length ? `in-memory cache (${tried.join('; ')})` : 'in-memory cache (configured)',
    stop: async () => {},
  };
}

async function startContainer(): Promise<ProvidedRedis> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('redis:7-alpine')
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
    .withStartupTimeout(60_000)
    .start();
  return {
    kind: 'testcontainers',
    url: `redis://${container.getHost()}:${container.getMappedPort(6379)}`,
    note: 'Redis 7 in a container (testcontainers)',
    stop: async () => void (await container.stop()),
  };
}

/** A free TCP port on 127.0.0.1 (bound then released; a tiny race is possible, hence the retry). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function startRedisServer(bin: string, tried: string[]): Promise<ProvidedRedis> {
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      const child = await spawnReady(bin, port);
      return {
        kind: 'redis-server',
        url: `redis://127.0.0.1:${port}`,
        note: `local redis-server process on 127.0.0.1:${port}${tried.length ? ` (${tried.join('; ')})` : ''}`,
        stop: () => stopChild(child),
      };
    } catch (e) {
      lastError = e as Error;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') break;
    }
  }
  throw lastError ?? new Error('could not start');
}

function spawnReady(bin: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      bin,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const timer = setTimeout(() => fail(new Error(`not ready after 10 s: ${out.slice(-200)}`)), 10_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(
        Object.assign(new Error(`${bin} not found or not runnable (${(e as NodeJS.ErrnoException).code})`), {
          code: (e as NodeJS.ErrnoException).code,
        }),
      );
    });
    child.once('exit', (code) => fail(new Error(`exited with code ${code}: ${out.slice(-200)}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve(child);
      }
    });
    child.stderr.on('data', (d: Buffer) => void (out += d.toString()));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
