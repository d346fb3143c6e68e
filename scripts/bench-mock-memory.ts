/**
 * Memory of a long-running `gauntlet mock-llm` at full speed: autocannon (this process) drives the
 * four routes, streaming and not, with 50 connections for --minutes; the mock's RSS is read from
 * /proc every --every seconds. The mock keeps a bounded window of request records (262,144 by
 * default; --keep-records), so RSS must level off once the window is full.
 * Usage: npx tsx scripts/bench-mock-memory.ts [--minutes 10] [--every 30] [--keep-records N] [--out FILE]
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, getPriority, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : dflt);
const MINUTES = Number(opt('minutes', '10'));
const EVERY = Number(opt('every', '30'));
const KEEP = opt('keep-records', '');
const root = new URL('..', import.meta.url).pathname;
const OUT = opt('out', join(root, 'docs/calibration/mock-memory.out.md'));

const child = spawn(
  process.execPath,
  [join(root, 'bin/gauntlet.js'), 'mock-llm', '--port', '0', ...(KEEP ? ['--keep-records', KEEP] : [])],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise<string>((resolve) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (\S+)/.exec(out);
    if (m) resolve(m[1]!);
  });
});
const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
const json = (b: unknown) => JSON.stringify(b);
const requests = [
  {
    method: 'POST' as const,
    path: '/v1/chat/completions',
    body: json({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] }),
  },
  {
    method: 'POST' as const,
    path: '/v1/chat/completions',
    body: json({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }], stream: true }),
  },
  {
    method: 'POST' as const,
    path: '/v1/responses',
    body: json({ model: 'gpt-4o-mini', input: 'hello', stream: true }),
  },
  {
    method: 'POST' as const,
    path: '/v1/messages',
    body: json({ model: 'claude', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }], stream: true }),
  },
  { method: 'POST' as const, path: '/v1/embeddings', body: json({ model: 'e', input: 'hello', dimensions: 64 }) },
];
const samples: Array<{ s: number; rss: number; served: number }> = [{ s: 0, rss: rssMb(), served: 0 }];
let served = 0;
const t0 = performance.now();
const timer = setInterval(
  () => samples.push({ s: Math.round((performance.now() - t0) / 1000), rss: rssMb(), served }),
  EVERY * 1000,
);
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  // The callback form returns the running instance, whose 'response' events count what was served.
  const instance = autocannon(
    { url, headers: { 'content-type': 'application/json' }, requests, connections: 50, duration: MINUTES * 60 },
    (err, r) => (err ? reject(err) : resolve(r)),
  );
  instance.on('response', () => served++);
});
clearInterval(timer);
samples.push({ s: Math.round((performance.now() - t0) / 1000), rss: rssMb(), served });
child.kill('SIGTERM');

const nice = getPriority();
// A small chart (mermaid xychart, rendered by GitHub) where people would rather look than read the table.
const chart = [
  '```mermaid',
  'xychart-beta',
  `  title "mock-llm RSS (MB) over ${MINUTES} minutes"`,
  `  x-axis "minutes" [${samples.map((x) => (x.s / 60).toFixed(EVERY % 60 === 0 ? 0 : 1)).join(', ')}]`,
  `  y-axis "RSS (MB)" 0 --> ${Math.ceil(Math.max(...samples.map((x) => x.rss)) / 50) * 50}`,
  `  line [${samples.map((x) => x.rss.toFixed(1)).join(', ')}]`,
  '```',
];
const lines = [
  `# gauntlet mock-llm memory over a ${MINUTES}-minute run at full speed`,
  '',
  `Measured ${new Date().toISOString()} on ${cpus().length} x ${cpus()[0]?.model.trim()}, Node ${process.version}; load average at end ${loadavg()
    .map((x) => x.toFixed(1))
    .join(
      ' ',
    )} (a shared machine)${nice > 0 ? `; full speed at nice ${nice} on a shared ${cpus().length}-core machine (the soak yields to other work, so its request rate is not a throughput figure)` : ''}.`,
  `Command: \`npx tsx scripts/bench-mock-memory.ts --minutes ${MINUTES} --every ${EVERY}${KEEP ? ` --keep-records ${KEEP}` : ''}\`. autocannon, 50 connections, cycling chat JSON, chat SSE, responses SSE, messages SSE and embeddings; ${result.requests.total} requests (${result.requests.average.toFixed(0)} req/s average), ${result.non2xx} non-2xx, ${result.errors} errors.`,
  '',
  ...chart,
  '',
  '| seconds | requests served | mock RSS (MB) |',
  '|---|---|---|',
  ...samples.map((x) => `| ${x.s} | ${x.served} | ${x.rss.toFixed(1)} |`),
  '',
  `RSS after the first sample past 1 minute: ${samples.find((x) => x.s >= 60)?.rss.toFixed(1) ?? 'n/a'} MB; at the end: ${samples.at(-1)!.rss.toFixed(1)} MB; maximum ${Math.max(...samples.map((x) => x.rss)).toFixed(1)} MB.`,
];
writeFileSync(OUT, lines.join('\n') + '\n');
console.log(lines.join('\n'));
