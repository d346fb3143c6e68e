import http from 'node:http';
import type { StressCallRequest, StressCallResult, StressClient } from '../client-contract.ts';
import { matchedWork } from './matched-work.ts';

/**
 * The yardstick: the least a client can do for one chat completion (one node:http POST over a
 * keep-alive pool, read the whole body, parse it when it is JSON), no retries, cache or breaker.
 * The latency gate measures it interleaved with the client under test against the same mock, so that
 * machine speed and load, which slow both alike, cancel in the ratio of their latencies.
 * `work`: iterations of matchedWork done per call once the body has arrived (the CPU-matched
 * yardstick: as much CPU per call as the client under test did when the baseline was calibrated).
 */
export function yardstickClient(baseURL: string, maxSockets = 64, work = 0): StressClient {
  let sink = 0;
  const url = new URL(`${baseURL.replace(/\/$/, '')}/chat/completions`);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const call = (req: StressCallRequest): Promise<StressCallResult> =>
    new Promise((resolve) => {
      const body = JSON.stringify({
        model: 'gauntlet-mock-1',
        messages: req.messages,
        ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}),
        ...(req.stream ? { stream: true } : {}),
      });
      const r = http.request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...req.headers },
      });
      const failed = (): void => resolve({ outcome: 'failure', failure: 'other', attempts: 1 });
      r.on('error', failed);
      r.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('error', failed);
        res.on('end', () => {
          if (res.statusCode !== 200)
            return resolve({ outcome: 'failure', failure: `http_${res.statusCode ?? 0}`, attempts: 1 });
          try {
            if (!req.stream) JSON.parse(text);
            if (work > 0) sink += matchedWork(work);
            resolve({ outcome: 'success', text, attempts: 1 });
          } catch {
            resolve({ outcome: 'failure', failure: 'malformed_response', attempts: 1 });
          }
        });
      });
      r.end(body);
    });
  return {
    call,
    close: async () => {
      agent.destroy();
      if (sink < 0) throw new Error('unreachable'); // keeps the work observable, so it is not optimised away
    },
  };
}
