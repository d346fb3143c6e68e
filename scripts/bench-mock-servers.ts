/**
 * Child process of scripts/bench-mock.ts: serves the mock (healthy or a profile) and a bare
 * node:http server returning the mock's exact response bytes, prints both URLs as JSON, and stops on
 * SIGTERM. Kept apart from the load generator so the two do not share one event loop.
 */
import { createServer } from 'node:http';
import { startMockServer } from '../harness/stress/mock-server.ts';

const profile = process.argv[2];
const mock = await startMockServer({ seed: 1, ...(profile ? { profile } : { profile: { completionTokens: 16 } }) });
const body = JSON.stringify({ model: 'gauntlet-mock-1', messages: [{ role: 'user', content: 'hello' }] });
const sample = await fetch(`${mock.url}/v1/chat/completions`, {
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json' },
});
const bytes = Buffer.from(await sample.arrayBuffer());
const headers = { 'content-type': 'application/json', 'content-length': String(bytes.length) };
let bareCount = 0;
const bare = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  bareCount++;
  req.resume();
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(bytes);
  });
});
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
const barePort = (bare.address() as { port: number }).port;
process.stdout.write(
  JSON.stringify({ mock: mock.url, bare: `http://127.0.0.1:${barePort}`, bytes: bytes.length }) + '\n',
);
// "cpu" on stdin: print this process's CPU time (µs) and the requests each server has served.
process.stdin.setEncoding('utf8');
process.stdin.on('data', () => {
  const c = process.cpuUsage();
  process.stdout.write(JSON.stringify({ cpuUs: c.user + c.system, mock: mock.servedCount(), bare: bareCount }) + '\n');
});
process.once('SIGTERM', () => {
  process.stdin.destroy();
  bare.closeAllConnections();
  bare.close();
  void mock.close();
});
