/**
 * The reference for scripts/bench-mock-throughput.ts: a bare node:http server, in its own process,
 * answering every request with one fixed response (the bytes the mock sent for the same request).
 * With `plan`, it also does the mock's own work per request (read the body, `respond()`: parse,
 * fault decision, render, encode the answer to a Buffer) but still writes the fixed bytes: the
 * difference to the bare server is the cost of the mock's JavaScript, the rest is the cost of writing.
 * With `parse`, it only reads the body and JSON.parses it (nothing else of the mock's work): the
 * least any server that honours a JSON request body does, a side yardstick for the mock.
 * Usage: node --import tsx scripts/bench-bare-server.ts FILE CONTENT-TYPE [plan|parse]  (prints its URL).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { createFaultModel } from '../harness/stress/fault-model.ts';
import { AttemptBook } from '../harness/stress/mock/attempts.ts';
import { PreparedFrames } from '../harness/stress/mock/fast-path.ts';
import { respond, type MockCore } from '../harness/stress/mock/respond.ts';
import { healthyProfile } from '../harness/stress/profile-schema.ts';

const bytes = readFileSync(process.argv[2]!);
const contentType = process.argv[3]!;
const plan = process.argv[4] === 'plan';
const parse = process.argv[4] === 'parse';
// The headers the mock sends: JSON with content-length; SSE chunked with no-cache and keep-alive.
// A flat header array, as the mock writes it (Node's cheapest writeHead form).
const headers = contentType.includes('event-stream')
  ? ['content-type', contentType, 'cache-control', 'no-cache', 'connection', 'keep-alive']
  : ['content-type', contentType, 'content-length', String(bytes.length)];

// The mock's state for `plan` (as `gauntlet mock-llm` starts it: healthy profile, seed 1, prepared frames).
const core: MockCore = {
  model: createFaultModel(healthyProfile(), 1),
  seed: 1,
  attempts: new AttemptBook(),
  quota: undefined,
  frames: new PreparedFrames(),
};
let seq = 0;
let encoded = 0;
let parsedCount = 0;
function doTheMocksWork(req: IncomingMessage, body: string): void {
  const o = respond(core, {
    method: 'POST',
    route: req.url ?? '/',
    body,
    header: (name) => req.headers[name] as string | undefined,
    arrivalMs: 0,
    nowMs: 0,
    seq: seq++,
    created: 1_800_000_000,
  });
  for (const step of o.plan.steps) {
    if (typeof step.text === 'string') encoded += Buffer.from(step.text, 'utf8').length;
    else {
      // A prepared frame's bytes: the mock writes them and, once written whole, hands them back.
      encoded += step.text.length;
      core.frames?.returned(step.text);
    }
  }
}

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  if (plan) {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      doTheMocksWork(req, body);
      res.writeHead(200, headers);
      res.end(bytes);
    });
    return;
  }
  if (parse) {
    // The body as the mock reads it: the one chunk a small body arrives in, joined only when there are more.
    let first: Buffer | undefined;
    let more: Buffer[] | undefined;
    req.on('data', (c: Buffer) => {
      if (first === undefined) first = c;
      else (more ??= [first]).push(c);
    });
    req.on('end', () => {
      const raw = more ? Buffer.concat(more) : first;
      if (JSON.parse(raw === undefined ? 'null' : raw.toString('utf8')) !== null) parsedCount++;
      res.writeHead(200, headers);
      res.end(bytes);
    });
    return;
  }
  req.resume();
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(bytes);
  });
});
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}\n`),
);
process.once('SIGTERM', () => {
  if (plan && encoded === 0) process.stderr.write('bench-bare-server: plan mode encoded nothing\n');
  if (parse && parsedCount === 0) process.stderr.write('bench-bare-server: parse mode parsed nothing\n');
  server.closeAllConnections();
  server.close();
});
