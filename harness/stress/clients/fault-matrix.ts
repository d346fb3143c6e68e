import { realClock, type Clock } from '../../core/clock.ts';
import { FORCE_FAULT_HEADER } from '../fault-model.ts';
import { startMockServer, type MockServer } from '../mock-server.ts';
import type { FaultProfileInput } from '../profile-schema.ts';
import type { StressClientFactory } from '../client-contract.ts';

/** A client under test in the matrix: a stress-suite factory and its clientOptions. */
export interface MatrixClient {
  name: string;
  factory: StressClientFactory;
  options: Record<string, unknown>;
  /**
   * What a complete answer is: `text`, the mock's full 6-token answer; `embedding`, any success the
   * adapter returns when the served body was whole (a cut or malformed JSON body must not succeed).
   */
  answer?: 'text' | 'embedding';
}

/** One column: a forced fault (the x-gauntlet-fault header) or a server profile (slow, quota). */
export interface MatrixFault {
  label: string;
  header?: string;
  profile?: FaultProfileInput;
  /** Before the call: use up the key's token quota (so the call meets a quota 429). */
  drainQuota?: boolean;
}

/** What one call did: its outcome category, its attempts, and whether a cut answer passed as a success. */
export interface MatrixCell {
  /** `success`, `fallback:<category>` or the failure category (`http_503`, `truncated_stream`, ...). */
  outcome: string;
  /** Attempts the client reported; `served` is what the mock counted (they differ if the client miscounts). */
  attempts: number;
  served: number;
  /** The call succeeded with less than the full answer. */
  acceptedTruncated: boolean;
}

const TOKENS = 6;
/** The mock's full answer at TOKENS output tokens. */
export const FULL_ANSWER = Array.from({ length: TOKENS }, (_, i) => `tok${i}`).join(' ');
/** The per-call budget handed to the factories: three attempts of ~300 ms each, so a hang ends fast. */
export const MATRIX_CALL_TIMEOUT_MS = 900;
/**
 * The budget for cells with no hang and no slow server (the tests' cells): three attempts of 2 s
 * each, so a first attempt slowed by a busy runner is not timed out and retried (a 300 ms attempt
 * was, in a CI run of npm test: "none" counted 2 attempts).
 */
export const MATRIX_PROMPT_CALL_TIMEOUT_MS = 6_000;

/** Every fault kind the fault model has, plus times=N recovery, a slow server and a per-key quota. */
export const MATRIX_FAULTS: MatrixFault[] = [
  { label: 'none', header: 'none' },
  ...[408, 429, 500, 503, 504, 529].map((s) => ({ label: String(s), header: `${s}:retry-after-ms=1` })),
  { label: '503;times=2', header: '503:retry-after-ms=1;times=2' },
  { label: '529;times=2', header: '529:retry-after-ms=1;times=2' },
  { label: 'hang', header: 'hang' },
  { label: 'reset', header: 'reset' },
  { label: 'malformed', header: 'malformed' },
  { label: 'cut stream (truncate:2)', header: 'truncate:2' },
  { label: 'no terminal event (no-done)', header: 'no-done' },
  { label: 'slow (TTFT 1 s)', profile: { latency: { ttft: { dist: 'fixed', ms: 1_000 } } } },
  {
    label: 'quota 429',
    // 30,000 tokens a minute (500 a second), drained first: the call (~604 tokens, max_tokens 600)
    // is refused with Retry-After ~1.2 s (2 s where only whole seconds are sent), then fits.
    profile: { quota: { tokensPerMinute: 30_000 } },
    drainQuota: true,
  },
];

let nextId = 0;

/** Run one client against a fresh mock with one fault, once, within `callTimeoutMs` a call. */
export async function runMatrixCell(
  client: MatrixClient,
  fault: MatrixFault,
  stream: boolean,
  callTimeoutMs = MATRIX_CALL_TIMEOUT_MS,
): Promise<MatrixCell> {
  // The clock asks the server for its count; the server is not there yet while it starts.
  const started: { server?: MockServer } = {};
  const server = await startMockServer({
    seed: 1,
    profile: { completionTokens: TOKENS, ...fault.profile },
    ...(fault.drainQuota ? { clock: thawingClock(() => started.server?.servedCount() ?? 0) } : {}),
  });
  started.server = server;
  const stress = await client.factory({
    baseURL: `${server.url}/v1`,
    seed: 1,
    clock: realClock,
    options: client.options,
    callTimeoutMs,
  });
  try {
    if (fault.drainQuota) {
      const res = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        // Every client sends its key (default 'gauntlet') as a bearer token: @anthropic-ai/sdk 1.x
        // does too, not x-api-key.
        headers: { 'content-type': 'application/json', authorization: 'Bearer gauntlet' },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }], max_tokens: 1_000_000 }),
      });
      await res.arrayBuffer();
    }
    const before = server.servedCount();
    const r = await stress.call({
      id: nextId++,
      messages: [{ role: 'user', content: 'x' }],
      // Above the 6-token answer: it is what the quota counts, so every client's call costs the same.
      maxTokens: 600,
      stream,
      signal: AbortSignal.timeout(10_000),
      ...(fault.header ? { headers: { [FORCE_FAULT_HEADER]: fault.header } } : {}),
    });
    return {
      outcome: r.outcome === 'success' ? 'success' : r.outcome === 'fallback' ? `fallback:${r.failure}` : r.failure!,
      attempts: r.attempts,
      served: server.servedCount() - before,
      acceptedTruncated:
        r.outcome === 'success' &&
        (client.answer === 'embedding' ? /^(truncate|malformed)/.test(fault.header ?? '') : r.text !== FULL_ANSWER),
    };
  } finally {
    await stress.close();
    await server.close();
  }
}

/**
 * The quota's clock stands still until the call's first attempt has been answered (the drain and
 * that attempt are the first two requests), then runs in real time: however slow the machine, the
 * first attempt meets the drained quota, and a retry that waits out Retry-After fits.
 */
function thawingClock(served: () => number): Clock {
  let thawedAt: number | undefined;
  return {
    now() {
      if (thawedAt === undefined && served() >= 2) thawedAt = realClock.now();
      return thawedAt === undefined ? 0 : realClock.now() - thawedAt;
    },
    sleep: realClock.sleep,
  };
}

/** A cell as the calibration table shows it: `http_503 ×3`, `success ×1`, **accepted a cut answer**. */
export function formatCell(c: MatrixCell): string {
  const served = c.served === c.attempts ? '' : ` (mock saw ${c.served})`;
  const text = `${c.outcome} ×${c.attempts}${served}`;
  return c.acceptedTruncated ? `**${text}, accepted a cut answer**` : text;
}
