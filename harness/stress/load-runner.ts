import { setMaxListeners } from 'node:events';
import type { Clock } from '../core/clock.ts';
import type { Rng } from '../core/rng.ts';
import type { FailureCategory, StressCallResult, StressClient } from './client-contract.ts';
import { CALL_ID_HEADER } from './resilience.ts';

export interface LoadPlan {
  calls: number;
  /** Calls in flight at once, at most. */
  concurrency: number;
  /** Open-loop arrivals at this rate (calls start at i / rate), still capped by `concurrency`. Omitted: all start as soon as a slot is free. */
  ratePerSec?: number;
  stream: boolean;
  maxTokens?: number;
  /** Distinct prompts; calls draw from them, so repeats can hit the cache. */
  promptPool: number;
  /** Prefix of every prompt (keeps scenarios' cache keys apart). */
  promptPrefix: string;
}

/** One client call as the harness saw it; times are on the clock's timeline. */
export interface CallSample {
  id: number;
  startMs: number;
  endMs: number;
  outcome: StressCallResult['outcome'];
  failure?: FailureCategory;
  attempts: number;
  cached: boolean;
  completionTokens?: number;
  promptTokens?: number;
  /** What the client says the call cost (successful calls). */
  costUsd?: number;
  /** Arrival time of each content delta (streaming). */
  tokenTimes: number[];
}

/** Drive `plan.calls` calls through the client and return what happened to each. Never throws for a failed call. */
export async function runLoad(
  client: StressClient,
  plan: LoadPlan,
  clock: Clock,
  rng: Rng,
  runSignal: AbortSignal,
): Promise<CallSample[]> {
  // Every call in flight listens on the signal: give them a child signal without the listener limit, so a
  // concurrency above 10 prints no MaxListenersExceededWarning into the report, whoever passed the signal.
  const child = new AbortController();
  setMaxListeners(0, child.signal);
  const forward = () => child.abort(runSignal.reason);
  if (runSignal.aborted) forward();
  else runSignal.addEventListener('abort', forward, { once: true });
  const signal = child.signal;
  const prompts = Array.from({ length: plan.calls }, () => rng.int(0, plan.promptPool - 1));
  const samples: CallSample[] = new Array(plan.calls);
  const t0 = clock.now();
  let next = 0;

  const one = async (id: number): Promise<void> => {
    const tokenTimes: number[] = [];
    const startMs = clock.now();
    let r: StressCallResult;
    try {
      r = await client.call({
        id,
        messages: [
          {
            role: 'user',
            content: `${plan.promptPrefix} question ${prompts[id]}: summarise the benefits of retries with jitter.`,
          },
        ],
        maxTokens: plan.maxTokens,
        stream: plan.stream,
        signal,
        onToken: () => void tokenTimes.push(clock.now()),
        headers: { [CALL_ID_HEADER]: String(id) },
      });
    } catch {
      // A client should return its failures; one that throws is counted as `other`.
      r = { outcome: 'failure', failure: 'other', attempts: 0 };
    }
    samples[id] = {
      id,
      startMs,
      endMs: clock.now(),
      outcome: r.outcome,
      ...(r.failure ? { failure: r.failure } : {}),
      attempts: r.attempts,
      cached: r.cached === true,
      completionTokens: r.usage?.completionTokens,
      promptTokens: r.usage?.promptTokens,
      ...(r.costUsd !== undefined ? { costUsd: r.costUsd } : {}),
      tokenTimes,
    };
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      if (signal.aborted) return;
      const id = next++;
      if (id >= plan.calls) return;
      if (plan.ratePerSec) {
        const due = t0 + (id * 1000) / plan.ratePerSec;
        const wait = due - clock.now();
        if (wait > 0) await clock.sleep(wait, signal).catch(() => {});
        if (signal.aborted) return;
      }
      await one(id);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.calls) }, worker));
  } finally {
    runSignal.removeEventListener('abort', forward);
  }
  return samples.filter(Boolean);
}
