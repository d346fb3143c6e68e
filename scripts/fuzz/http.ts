/**
 * HTTP requests to the mock LLM server: generated methods, paths, headers and bodies (valid chat
 * requests with odd fields, random JSON, random bytes, oversized bodies, forced faults other than
 * `hang`). A 2xx is a valid result, a 4xx a clear error (with a JSON error body); a 5xx or a broken
 * connection that the request did not force, a timeout, or a dead server is a crash.
 */
import fc from 'fast-check';
import http from 'node:http';
import { startMockServer } from '../../harness/stress/mock-server.ts';
import { parseForcedFault } from '../../harness/stress/fault-model.ts';
import { anyValue, draw } from './generate.ts';
import { newTally, type Tally } from './outcome.ts';

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const validChat = fc.record(
  {
    model: fc.oneof(fc.constant('gpt-4o-mini'), anyValue),
    messages: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.array(
          fc.record({
            role: fc.constantFrom('user', 'system', 'assistant', 'tool', 'x'),
            content: fc.oneof(fc.string({ maxLength: 40 }), anyValue),
          }),
          { minLength: 1, maxLength: 4 },
        ),
      },
      { weight: 1, arbitrary: anyValue },
    ),
    stream: fc.oneof(fc.boolean(), anyValue),
    max_tokens: fc.oneof(fc.integer({ min: -5, max: 64 }), anyValue),
    max_completion_tokens: fc.oneof(fc.integer({ min: -5, max: 64 }), anyValue),
    stream_options: fc.oneof(fc.record({ include_usage: fc.oneof(fc.boolean(), anyValue) }), anyValue),
    temperature: anyValue,
    n: anyValue,
  },
  { requiredKeys: ['messages'] },
);

const forced = fc.oneof(
  fc.constantFrom(
    'none',
    '429',
    '500',
    '503',
    '503:retry-after-ms=5',
    'reset',
    'malformed',
    'truncate:1',
    'no-done',
    '999',
    '',
  ),
  fc.string({ maxLength: 12 }),
);

const request: fc.Arbitrary<Req> = fc
  .record({
    method: fc.oneof(
      { weight: 8, arbitrary: fc.constant('POST') },
      { weight: 2, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
    ),
    path: fc.oneof(
      { weight: 8, arbitrary: fc.constant('/v1/chat/completions') },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          '/health',
          '/v1/models',
          '/v1/chat/completions?x=1',
          '/v1/chat/completions/',
          '/',
          '/v1/../health',
          '/%00',
          '/v1/chat/completions#a',
        ),
      },
      { weight: 1, arbitrary: fc.webPath() },
    ),
    fault: fc.option(forced, { freq: 3 }),
    contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
    body: fc.oneof(
      { weight: 8, arbitrary: validChat.map((b) => Buffer.from(JSON.stringify(b))) },
      { weight: 2, arbitrary: anyValue.map((v) => Buffer.from(JSON.stringify(v) ?? 'undefined')) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 200_000 }).map((n) => Buffer.alloc(n, 'x')) },
    ),
  })
  .map(({ method, path, fault, contentType, body }) => {
    const headers: Record<string, string> = {};
    if (contentType) headers['content-type'] = contentType;
    // A forced hang holds the request until the client gives up: the hang test covers it.
    if (fault !== null && parseForcedFault(fault)?.type !== 'hang') headers['x-gauntlet-fault'] = fault;
    return { method, path, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body };
  });

function send(url: string, r: Req, agent: http.Agent): Promise<{ status: number; body: string; error?: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      `${url}${r.path}`,
      { method: r.method, agent, headers: r.headers, timeout: 5000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => body.length < 4096 && (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', (e) => resolve({ status: res.statusCode ?? 0, body, error: e.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout after 5 s')));
    req.on('error', (e) => resolve({ status: -1, body: '', error: e.message }));
    req.end(r.body);
  });
}

/** Send `runs` generated requests (50 in flight) to one mock server, then check it still answers /health. */
export async function fuzzMockServer(runs: number, seed: number): Promise<Tally> {
  const t = newTally('HTTP requests to the mock LLM server');
  const server = await startMockServer({
    seed,
    profile: { maxBodyBytes: 65_536, latency: { ttft: { dist: 'fixed', ms: 0 } }, completionTokens: 4 },
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
  const reqs = draw(request, runs, seed);
  const one = async (r: Req) => {
    t.inputs++;
    const res = await send(server.url, r, agent);
    const fault = r.headers['x-gauntlet-fault'];
    const f = fault === undefined ? undefined : parseForcedFault(fault);
    const broken = f?.type === 'reset' || f?.type === 'truncate' || f?.type === 'malformed' || f?.type === 'no-done';
    const bigBody = (r.body?.length ?? 0) > 65_536;
    if (res.status >= 200 && res.status < 300) t.valid++;
    else if (res.status >= 400 && res.status < 500 && (r.method === 'HEAD' || /"error"/.test(res.body))) {
      t.clearError++;
      t.fieldOrLine++;
    } else if ((res.status >= 500 && f?.type === 'status') || (res.status === -1 && (broken || bigBody))) t.valid++;
    else {
      t.crash++;
      if (t.examples.length < 5)
        t.examples.push(
          `${res.status} ${res.error ?? ''} <- ${r.method} ${r.path} ${JSON.stringify(r.headers)} ${r.body?.subarray(0, 80).toString()}`,
        );
    }
  };
  for (let i = 0; i < reqs.length; i += 50) await Promise.all(reqs.slice(i, i + 50).map(one));
  const health = await send(server.url, { method: 'GET', path: '/health', headers: {} }, agent);
  if (health.status !== 200) {
    t.crash++;
    t.examples.push(`server no longer answers /health: ${health.status} ${health.error ?? ''}`);
  }
  agent.destroy();
  await server.close();
  return t;
}
