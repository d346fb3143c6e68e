/**
 * Benchmarks of the stress machinery, written to scripts/bench-mock.out.md:
 *  1. the mock's raw throughput against a bare node:http server returning the same bytes
 *     (autocannon, same run, alternating, median of rounds);
 *  2. 1,000 reference-client calls against a fixed 50 ms profile at concurrency 1000 down to 50,
 *     against the ideal (ceil(calls / concurrency) x 50 ms), and the client's own CPU time per call
 *     against a bare node:http call (its transport) and a bare fetch call;
 *  3. the wall time of the full default stress suite (`gauntlet run llm-client`).
 * Usage: npx tsx scripts/bench-mock.ts [--rounds 3] [--duration 5] [--parts 1,2,3]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { Agent, request } from 'node:http';
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createRng } from '../harness/core/rng.ts';
import { createLlmClient, httpTransport } from '../sut/llm-client/index.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ROUNDS = opt('rounds', 3);
const PARTS = (
  args[args.indexOf('--parts') + 1] && args.includes('--parts') ? args[args.indexOf('--parts') + 1]! : '1,2,3'
).split(',');
const DURATION = opt('duration', 5);
const root = new URL('..', import.meta.url).pathname;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function startServers(
  profile?: string,
): Promise<{ child: ChildProcess; mock: string; bare: string; bytes: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts/bench-mock-servers.ts'), ...(profile ? [profile] : [])],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (c) => reject(new Error(`server process exited ${c}`)));
  });
  return { child, ...JSON.parse(line) };
}

/** The server process's CPU time (µs) and request counts, read over its stdin/stdout. */
function serverCpu(child: ChildProcess): Promise<{ cpuUs: number; mock: number; bare: number }> {
  return new Promise((resolve) => {
    child.stdout!.once('data', (d) => resolve(JSON.parse(String(d).split('\n')[0]!)));
    child.stdin!.write('cpu\n');
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

async function cannon(url: string): Promise<number> {
  const r = await autocannon({
    url: `${url}/v1/chat/completions`,
    method: 'POST',
    body: JSON.stringify({ model: 'gauntlet-mock-1', messages: [{ role: 'user', content: 'hello' }] }),
    headers: { 'content-type': 'application/json' },
    connections: 50,
    pipelining: 1,
    duration: DURATION,
  });
  if (r.non2xx || r.errors) throw new Error(`autocannon saw ${r.non2xx} non-2xx and ${r.errors} errors against ${url}`);
  return r.requests.average;
}

const OUT = args.includes('--out') ? args[args.indexOf('--out') + 1]! : join(root, 'scripts/bench-mock.out.md');
const lines: string[] = [];
const log = (s: string) => {
  lines.push(s);
  console.log(s);
};
log(`# Stress machinery benchmarks`);
log('');
log(
  `Measured ${new Date().toISOString()} on ${cpus().length} x ${cpus()[0]?.model.trim()}, Node ${process.version}, load average at start ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (the machine is shared: figures move with its load; ratios are measured in the same run).`,
);
log(`Command: \`npx tsx scripts/bench-mock.ts --rounds ${ROUNDS} --duration ${DURATION}\``);
log('');

// 1. Raw throughput.
if (PARTS.includes('1')) {
  const s = await startServers();
  const mock: number[] = [];
  const bare: number[] = [];
  const cpu = { mock: [] as number[], bare: [] as number[] };
  await cannon(s.bare); // warm-up, not counted
  await cannon(s.mock);
  // Server CPU per request (µs): robust to how much of the machine the run got.
  const measured = async (which: 'mock' | 'bare') => {
    const a = await serverCpu(s.child);
    const rps = await cannon(which === 'mock' ? s.mock : s.bare);
    const b = await serverCpu(s.child);
    cpu[which].push((b.cpuUs - a.cpuUs) / Math.max(1, b[which] - a[which]));
    return rps;
  };
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate which goes first so drift in the machine's load hits both.
    if (i % 2 === 0) {
      bare.push(await measured('bare'));
      mock.push(await measured('mock'));
    } else {
      mock.push(await measured('mock'));
      bare.push(await measured('bare'));
    }
  }
  await stop(s.child);
  log(
    `## 1. Mock raw throughput (non-streaming completion, ${s.bytes} bytes, autocannon 50 connections, ${DURATION} s x ${ROUNDS} rounds each, alternating)`,
  );
  log('');
  log(`| server | req/s per round | median req/s |`);
  log(`|---|---|---|`);
  log(`| bare node:http, same bytes | ${bare.map((x) => x.toFixed(0)).join(', ')} | ${median(bare).toFixed(0)} |`);
  log(`| gauntlet mock | ${mock.map((x) => x.toFixed(0)).join(', ')} | ${median(mock).toFixed(0)} |`);
  log('');
  const ratios = mock.map((m, i) => m / bare[i]!);
  log(
    `Ratio mock / bare: **${(median(mock) / median(bare)).toFixed(3)}** (per round: ${ratios.map((r) => r.toFixed(3)).join(', ')}; target >= 0.8).`,
  );
  log('');
  log(
    `Server CPU per request (the server process's user + system time over the requests it served, per round): bare ${cpu.bare.map((x) => x.toFixed(1)).join(', ')} µs (median ${median(cpu.bare).toFixed(1)}); mock ${cpu.mock.map((x) => x.toFixed(1)).join(', ')} µs (median ${median(cpu.mock).toFixed(1)}). CPU-bound throughput ratio implied: **${(median(cpu.bare) / median(cpu.mock)).toFixed(3)}**.`,
  );
  log('');
}

// 2. 1,000 concurrent calls against fixed 50 ms.
if (PARTS.includes('2')) {
  const s = await startServers(join(root, 'suites/stress/profiles/fixed-50ms.yaml'));
  const messages = [{ role: 'user' as const, content: 'hello' }];
  const signal = new AbortController().signal;
  setMaxListeners(0, signal);
  log(`## 2. 1,000 calls against a fixed 50 ms profile (mock in its own process)`);
  log('');
  log(
    `Ideal = ceil(1000 / concurrency) x 50 ms. Client CPU = process.cpuUsage() (user + system) of the calling process / 1000. The reference client uses httpTransport (node:http, a keep-alive Agent of its own with maxSockets = its concurrency limit); "bare node:http" is the same request with the same kind of Agent and nothing else; "bare fetch" is Node's global fetch (what the client used before). Every HTTP call costs the calling process CPU, so 1,000 calls need (CPU per call x 1000) of one core whatever the concurrency: at concurrency 1000 (ideal 50 ms) that floor alone is CPU-per-call x 1000 / 50 ms times the ideal.`,
  );
  log('');
  log(
    `| caller | concurrency | ideal ms | wall ms per round | median wall ms | ratio to ideal | client CPU per call (median) |`,
  );
  log(`|---|---|---|---|---|---|---|`);
  const body = JSON.stringify({ model: 'm', messages });
  const bareFetch = async (): Promise<void> => {
    const r = await fetch(`${s.mock}/v1/chat/completions`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    await r.text();
  };
  const mockUrl = new URL(s.mock);
  const bareHttp = (agent: Agent): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: mockUrl.hostname,
          port: mockUrl.port,
          path: '/v1/chat/completions',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const cpuPerCall: Record<string, number> = {};
  const CONCURRENCIES = [1000, 500, 200, 100, 50];
  const CALLERS = ['bare fetch', 'bare node:http', 'reference client'] as const;
  const ratios: Record<string, number> = {};
  for (const concurrency of CONCURRENCIES) {
    for (const caller of CALLERS) {
      const walls: number[] = [];
      const cpu: number[] = [];
      // One client (one pool) across the rounds: the warm-up round opens the connections, as
      // fetch's process-wide pool does for the fetch caller.
      const client = createLlmClient({
        transport: httpTransport(`${s.mock}/v1`, { maxSockets: concurrency }),
        random: createRng(concurrency).float,
        maxConcurrency: concurrency,
        timeoutMs: 30_000,
      });
      const agent = new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
      const once = caller === 'bare fetch' ? bareFetch : () => bareHttp(agent);
      for (let round = 0; round < ROUNDS + 1; round++) {
        let next = 0;
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < 1000) {
              const id = next++;
              if (caller !== 'reference client')
                await once().catch(() => once()); // one retry, like the client's
              else {
                const r = await client.call({ id, messages, stream: false, signal });
                if (r.outcome !== 'success') throw new Error(`call ${id}: ${r.outcome} ${r.failure}`);
              }
            }
          }),
        );
        const wall = performance.now() - t0;
        const c = process.cpuUsage(c0);
        if (round === 0) continue; // warm-up (connections, JIT)
        walls.push(wall);
        cpu.push((c.user + c.system) / 1000 / 1000);
      }
      await client.close();
      agent.destroy();
      const ideal = Math.ceil(1000 / concurrency) * 50;
      cpuPerCall[`${caller}@${concurrency}`] = median(cpu);
      ratios[`${caller}@${concurrency}`] = median(walls) / ideal;
      log(
        `| ${caller} | ${concurrency} | ${ideal} | ${walls.map((w) => w.toFixed(0)).join(', ')} | ${median(walls).toFixed(0)} | **${(median(walls) / ideal).toFixed(2)}** | ${median(cpu).toFixed(3)} ms |`,
      );
    }
  }
  await stop(s.child);
  log('');
  const over = (base: string) =>
    CONCURRENCIES.map(
      (c) => `${(cpuPerCall[`reference client@${c}`]! - cpuPerCall[`${base}@${c}`]!).toFixed(3)} ms at ${c}`,
    ).join(', ');
  log(
    `Client-side overhead per call, reference client CPU minus bare node:http CPU (same transport, same run): ${over('bare node:http')} (timeout timer, breaker, semaphore, retry loop, JSON parse, accounting).`,
  );
  log('');
  const holds = CONCURRENCIES.filter((c) => ratios[`reference client@${c}`]! < 1.5);
  log(
    `Reference client under 1.5x the ideal at concurrency: ${holds.length ? holds.join(', ') : 'none measured'}. Transport CPU per call, bare fetch / bare node:http (median over concurrencies): ${(median(CONCURRENCIES.map((c) => cpuPerCall[`bare fetch@${c}`]!)) / median(CONCURRENCIES.map((c) => cpuPerCall[`bare node:http@${c}`]!))).toFixed(2)}x.`,
  );
  log('');
}

// 3. Full default stress suite.
if (PARTS.includes('3') && !args.includes('--skip-suite')) {
  const dir = mkdtempSync(join(tmpdir(), 'gauntlet-bench-suite-'));
  const t0 = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [join(root, 'bin/gauntlet.js'), 'run', 'llm-client', '--reporter', 'json', '--reports', dir],
      { cwd: root, stdio: 'ignore', env: { ...process.env, CI: 'true' } },
    );
    child.once('exit', resolve);
  });
  const wall = performance.now() - t0;
  const report = JSON.parse(readFileSync(join(dir, 'gauntlet.json'), 'utf8')) as {
    durationMs: number;
    verdict: string;
    suites: Array<{ checks: Array<{ name: string; durationMs?: number }> }>;
  };
  log(`## 3. Full default stress suite`);
  log('');
  log(
    `\`node bin/gauntlet.js run llm-client\` (4 scenarios, 3,000 calls): **${(wall / 1000).toFixed(1)} s** wall including process start (suite ${(report.durationMs / 1000).toFixed(1)} s; verdict ${report.verdict}, exit code ${code}; target < 60 s).`,
  );
  log('');
  log(`| scenario | seconds |`);
  log(`|---|---|`);
  for (const c of report.suites[0]!.checks.filter((c) => c.name.endsWith('/run')))
    log(`| ${c.name.replace('/run', '')} | ${((c.durationMs ?? 0) / 1000).toFixed(1)} |`);
  log('');
}
log(
  `Load average at end: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}.`,
);
writeFileSync(OUT, lines.join('\n') + '\n');
