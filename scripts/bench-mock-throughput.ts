/**
 * Raw throughput of `gauntlet mock-llm` against a bare node:http server returning the same bytes,
 * each in its own process (so neither pays for the other's heap in GC), for four workloads:
 * chat JSON, chat SSE, responses SSE, messages SSE. autocannon (this process) drives one server at a
 * time, rotating which goes first, 5 rounds; the figure is the ratio of medians, with each
 * server's CPU time per request read from /proc (robust to how much of the machine a round got).
 * A third server, the bare one doing the mock's JavaScript per request (`bench-bare-server.ts ... plan`),
 * splits the gap into the mock's own JavaScript and the rest. A fourth, the bare one that also reads
 * and JSON.parses each body (`... parse`), is a side yardstick: the least a server honouring a JSON
 * body does, so mock / (bare + parse) shows what is left once that unavoidable step is counted.
 * Usage: npx tsx scripts/bench-mock-throughput.ts [--rounds 5] [--duration 5] [--out docs/calibration/mock-throughput.out.md]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { BENCH_REQUESTS } from '../harness/stress/mock/__fixtures__/bench-requests.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : dflt);
const ROUNDS = Number(opt('rounds', '5'));
const DURATION = Number(opt('duration', '5'));
const ONLY = opt('only', '');
const root = new URL('..', import.meta.url).pathname;
const OUT = opt('out', join(root, 'docs/calibration/mock-throughput.out.md'));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const WORKLOADS = BENCH_REQUESTS.filter((w) => !ONLY || w.name === ONLY);

/** Spawn a server process and wait for its "listening on URL" line. */
async function start(cmd: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, cmd, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (c) => reject(new Error(`${cmd.join(' ')} exited ${c}`)));
  });
  return { child, url };
}
const stop = (c: ChildProcess) =>
  new Promise<void>((r) => (c.exitCode !== null ? r() : (c.once('exit', () => r()), c.kill('SIGTERM'))));

/** A process's user + system CPU time, ms, from /proc/PID/stat (fields 14 and 15, in clock ticks). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function cannon(
  url: string,
  w: (typeof WORKLOADS)[number],
  seconds: number,
): Promise<{ rps: number; total: number }> {
  const r = await autocannon({
    url: `${url}${w.path}`,
    method: 'POST',
    body: JSON.stringify(w.body),
    headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
    connections: 50,
    pipelining: 1,
    duration: seconds,
  });
  if (r.non2xx || r.errors) throw new Error(`autocannon saw ${r.non2xx} non-2xx and ${r.errors} errors against ${url}`);
  return { rps: r.requests.average, total: r.requests.total };
}

const lines: string[] = [];
const log = (s = '') => {
  lines.push(s);
  console.log(s);
};
log(`# gauntlet mock-llm throughput against bare node:http (separate processes)`);
log();
log(
  `Measured ${new Date().toISOString()} on ${cpus().length} x ${cpus()[0]?.model.trim()}, Node ${process.version}; load average at start ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (a shared machine: figures move with its load; each ratio is measured in the same run, alternating).`,
);
log(
  `Command: \`npx tsx scripts/bench-mock-throughput.ts --rounds ${ROUNDS} --duration ${DURATION}\`. autocannon: 50 connections, pipelining 1, ${DURATION} s per round, ${ROUNDS} rounds per server, warm-up round not counted. The mock is \`node bin/gauntlet.js mock-llm\` (healthy profile, 16 tokens); the bare server (scripts/bench-bare-server.ts) answers every request with the bytes the mock sent for the same request (same status, headers, framing: JSON with content-length, SSE chunked in one write as the mock's zero-latency profile sends it). "bare + mock's JS" is that server also running the mock's \`respond()\` per request (body read, JSON.parse, validation, fault decision, the answer's bytes from a prepared frame as the mock makes them) while still writing the fixed bytes: what it adds to bare is the mock's JavaScript; what the mock adds beyond it is everything else (its own writes, records, listeners). "bare + parse" is the bare server that also reads each body and JSON.parses it, nothing else: a side yardstick (the least a server honouring a JSON body does), not the issue's.`,
);
log();
log(
  `| workload | bytes | bare req/s (median) | mock req/s (median) | **ratio of medians** | per-round ratios | CPU µs/req bare | CPU µs/req bare + mock's JS | CPU µs/req mock | CPU ratio bare/mock | CPU ratio bare/(bare + mock's JS) | bare + parse req/s | bare + parse / bare | mock / (bare + parse) | CPU µs/req bare + parse | CPU ratio (bare + parse)/mock |`,
);
log(`|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
const dir = mkdtempSync(join(tmpdir(), 'gauntlet-bench-mock-'));
for (const w of WORKLOADS) {
  const mock = await start([join(root, 'bin/gauntlet.js'), 'mock-llm', '--port', '0']);
  const sample = await fetch(`${mock.url}${w.path}`, {
    method: 'POST',
    body: JSON.stringify(w.body),
    headers: { 'content-type': 'application/json' },
  });
  const file = join(dir, `${w.name.replace(/\W+/g, '-')}.bin`);
  const bytes = Buffer.from(await sample.arrayBuffer());
  writeFileSync(file, bytes);
  const bareArgs = [
    '--import',
    'tsx',
    join(root, 'scripts/bench-bare-server.ts'),
    file,
    sample.headers.get('content-type')!,
  ];
  const bare = await start(bareArgs);
  // The bare server doing the mock's JavaScript per request, still writing the fixed bytes.
  const plan = await start([...bareArgs, 'plan']);
  // The bare server that also reads and JSON.parses each body (a side yardstick, not the issue's).
  const parse = await start([...bareArgs, 'parse']);
  const runs = { bare: [] as number[], parse: [] as number[], plan: [] as number[], mock: [] as number[] };
  const cpu = { bare: [] as number[], parse: [] as number[], plan: [] as number[], mock: [] as number[] };
  const servers = { bare, parse, plan, mock };
  for (const s of Object.values(servers)) await cannon(s.url, w, 2);
  const measure = async (which: keyof typeof servers) => {
    const s = servers[which];
    const c0 = cpuMs(s.child.pid!);
    const r = await cannon(s.url, w, DURATION);
    cpu[which].push(((cpuMs(s.child.pid!) - c0) * 1000) / r.total);
    runs[which].push(r.rps);
  };
  // Each round a different order (bare parse plan mock, parse plan mock bare, ...).
  const order = ['bare', 'parse', 'plan', 'mock'] as const;
  for (let i = 0; i < ROUNDS; i++) for (let k = 0; k < order.length; k++) await measure(order[(i + k) % order.length]!);
  for (const s of Object.values(servers)) await stop(s.child);
  const ratios = runs.mock.map((m, i) => (m / runs.bare[i]!).toFixed(3)).join(', ');
  log(
    `| ${w.name} | ${bytes.length} | ${median(runs.bare).toFixed(0)} | ${median(runs.mock).toFixed(0)} | **${(median(runs.mock) / median(runs.bare)).toFixed(3)}** | ${ratios} | ${median(cpu.bare).toFixed(1)} | ${median(cpu.plan).toFixed(1)} | ${median(cpu.mock).toFixed(1)} | ${(median(cpu.bare) / median(cpu.mock)).toFixed(3)} | ${(median(cpu.bare) / median(cpu.plan)).toFixed(3)} | ${median(runs.parse).toFixed(0)} | ${(median(runs.parse) / median(runs.bare)).toFixed(3)} | ${(median(runs.mock) / median(runs.parse)).toFixed(3)} | ${median(cpu.parse).toFixed(1)} | ${(median(cpu.parse) / median(cpu.mock)).toFixed(3)} |`,
  );
}
log();
log(
  `Load average at end: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(
      ' ',
    )}. CPU µs/req = the server process's user + system time over the requests autocannon completed in the round (/proc/PID/stat; 10 ms ticks).`,
);
writeFileSync(OUT, lines.join('\n') + '\n');
