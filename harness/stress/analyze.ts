import type { BreakerState } from './client-contract.ts';
import type { PhaseSpan } from './fault-model.ts';
import { summarizeLatencies, type LatencySummary } from './latency-summary.ts';
import type { CallSample } from './load-runner.ts';
import { truncatedSuccesses, type TruncatedSuccesses } from './resilience.ts';
import type { ServedRecord } from './served-record.ts';

/** A breaker transition placed on the server's timeline (ms since server start). */
export interface TimedTransition {
  atMs: number;
  from: BreakerState;
  to: BreakerState;
  cause: string;
}

/** A phase; for a fault phase, what the breaker did around it. */
export interface PhaseBreakerReaction extends PhaseSpan {
  /** First opening at or after the phase start (and before its end), ms after the start. */
  openedAfterMs?: number;
  /** First return to closed at or after the phase end, ms after the end. */
  closedAfterMs?: number;
}

export interface StressResults {
  calls: number;
  wallMs: number;
  /** Calls completed per second of wall time (every outcome). */
  throughputPerSec: number;
  /** The load offered: the scenario's `ratePerSec` (open loop), else calls / wall time (closed loop). */
  offeredPerSec: number;
  /** Share of the offered calls that succeeded and met every per-call SLO (see METRIC_FORMULAS). */
  goodput: number;
  /** goodput x offered load: calls per second served well. */
  goodputPerSec: number;
  goodCalls: number;
  successRate: number;
  /** Calls that did not succeed (failure or fallback), over all calls. */
  errorRate: number;
  /** The same, over calls that started and ended outside every fault phase (and its recovery grace). */
  errorRateOutsideFaults: number;
  callsOutsideFaults: number;
  fallbackRate: number;
  /** Server attempts per client call that reached the server (see METRIC_FORMULAS). */
  retryAmplification: number;
  serverAttempts: number;
  /** Calls that sent at least one request (not a cache hit, not rejected by the breaker before sending). */
  callsReachingServer: number;
  /** Tokens and cost of the successful calls, as the client reported them. */
  tokens: { prompt: number; completion: number; costUsd: number; callsWithUsage: number };
  /** Calls returned as a success although their answer was cut, lacked [DONE] or was malformed. */
  truncated: TruncatedSuccesses;
  /** Calls answered from the client's cache, over all calls. */
  cacheHitRate: number;
  /** The longest any call took (ms), whatever its outcome: a hang the client does not cut shows here, not in `latency` (successes only). */
  slowestCallMs: number;
  latency: { e2e: LatencySummary; ttft: LatencySummary; tpot: LatencySummary; itl: LatencySummary };
  /** Per category: `timeout`, `http_<status>`, `connection_reset`, `malformed_response`, `truncated_stream`, `other`, `rejected_by_breaker`, `served_by_fallback`. */
  failures: Record<string, number>;
  /** What the server injected, by fault label. */
  serverFaults: Record<string, number>;
  phases: PhaseBreakerReaction[];
  transitions: TimedTransition[];
  /** Server outcomes per time bucket, for the timeline chart. */
  buckets: Array<{ startMs: number; total: number; errors: number }>;
}

/** Formulas of the counted figures, stated in every report beside the latency ones. */
export const METRIC_FORMULAS = {
  goodput:
    'goodput = calls that succeeded within the per-call SLOs (e2eMs, ttftMs) / calls offered (failing fast never raises it; this is the figure SLOs and the baseline judge); goodput_per_s = goodput x offered load (ratePerSec when open loop; closed loop: calls / wall time, which shrinks when calls fail fast, so it is shown, not judged)',
  retryAmplification:
    'retry amplification = server attempts (generation routes) / client calls that reached the server (cache hits and calls the breaker rejected before sending are left out)',
  tokens:
    'tokens and cost = sums over successful calls of the usage and cost the client reported; per call = sum / successful calls that reported usage',
  truncated:
    'truncated-accepted = successful calls whose every server attempt was cut, ended without [DONE] / message_stop, or was malformed (joined by the x-gauntlet-call-id header)',
};

/** Latency formulas, stated in every report because tools differ. */
export const LATENCY_FORMULAS = {
  e2e: 'end-to-end = time the client call returned - time it was made (retries, backoff and client queueing included); successful calls, cache hits included',
  ttft: 'TTFT = arrival of the first non-empty content delta - time the call was made (streaming, successful calls)',
  tpot: 'TPOT = (call end - first token arrival) / (output tokens - 1), per call with >= 2 output tokens (output tokens from usage, else deltas counted)',
  itl: 'ITL = arrival of content delta k - arrival of delta k-1, every gap of every successful streaming call pooled',
};

export interface AnalyzeInput {
  samples: CallSample[];
  /** The server's records; `callId` (the x-gauntlet-call-id header) when the server keeps it. */
  records: Array<ServedRecord & { callId?: string }>;
  /** Server start on the clock timeline the samples use. */
  serverStartedAt: number;
  phases: PhaseSpan[];
  /** Names of the phases that inject faults. */
  faultPhases: ReadonlySet<string>;
  transitions: Array<{ at: number; from: BreakerState; to: BreakerState; cause: string }>;
  wallMs: number;
  /** The scenario's open-loop arrival rate, when it has one. */
  offeredRatePerSec?: number;
  perCallSlo: { e2eMs?: number; ttftMs?: number };
  /** Calls ending this long after a fault phase still count as inside it (the breaker's allowed recovery). */
  recoveryGraceMs?: number;
  bucketMs?: number;
}

/** Turn raw call samples and server records into the stress figures. Pure. */
/** Requests that ask for a generation (chat, responses, messages, embeddings), not /v1/models or /health. */
const isGeneration = (route: string) => route.startsWith('/v1/') && route !== '/v1/models';

export function analyzeRun(input: AnalyzeInput): StressResults {
  const { samples, records, serverStartedAt: s0, wallMs } = input;
  const n = samples.length;
  const ok = samples.filter((s) => s.outcome === 'success');
  const e2e = ok.map((s) => s.endMs - s.startMs);
  const streamed = ok.filter((s) => s.tokenTimes.length > 0);
  const ttft = streamed.map((s) => s.tokenTimes[0]! - s.startMs);
  const tpot: number[] = [];
  const itl: number[] = [];
  for (const s of streamed) {
    const tokens = s.completionTokens ?? s.tokenTimes.length;
    if (tokens >= 2) tpot.push((s.endMs - s.tokenTimes[0]!) / (tokens - 1));
    for (let k = 1; k < s.tokenTimes.length; k++) itl.push(s.tokenTimes[k]! - s.tokenTimes[k - 1]!);
  }
  const { e2eMs, ttftMs } = input.perCallSlo;
  const good = ok.filter(
    (s) =>
      (e2eMs === undefined || s.endMs - s.startMs <= e2eMs) &&
      (ttftMs === undefined || s.tokenTimes.length === 0 || s.tokenTimes[0]! - s.startMs <= ttftMs),
  );

  const faultSpans = input.phases.filter((p) => input.faultPhases.has(p.name));
  const grace = input.recoveryGraceMs ?? 0;
  const overlapsFault = (s: CallSample) =>
    faultSpans.some((p) => s.startMs - s0 < p.endMs + grace && s.endMs - s0 >= p.startMs);
  const outside = samples.filter((s) => !overlapsFault(s));

  const failures: Record<string, number> = {};
  const bump = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);
  for (const s of samples) {
    if (s.outcome === 'failure') bump(failures, s.failure ?? 'other');
    if (s.outcome === 'fallback') bump(failures, 'served_by_fallback');
    if (s.failure === 'breaker_open') bump(failures, 'rejected_by_breaker');
  }
  const chat = records.filter((r) => isGeneration(r.route));
  const serverFaults: Record<string, number> = {};
  for (const r of chat) bump(serverFaults, r.fault);

  const transitions: TimedTransition[] = input.transitions.map((t) => ({
    atMs: round(t.at - s0),
    from: t.from,
    to: t.to,
    cause: t.cause,
  }));
  const phases: PhaseBreakerReaction[] = input.phases.map((p) => {
    if (!input.faultPhases.has(p.name)) return { ...p };
    const opened = transitions.find((t) => t.to === 'open' && t.atMs >= p.startMs && t.atMs < p.endMs);
    const closed = transitions.find((t) => t.to === 'closed' && t.atMs >= p.endMs);
    return {
      ...p,
      ...(opened ? { openedAfterMs: round(opened.atMs - p.startMs) } : {}),
      ...(closed ? { closedAfterMs: round(closed.atMs - p.endMs) } : {}),
    };
  });

  const bucketMs = input.bucketMs ?? 250;
  const buckets: StressResults['buckets'] = [];
  for (const r of chat) {
    const i = Math.max(0, Math.floor(r.arrivalMs / bucketMs));
    while (buckets.length <= i) buckets.push({ startMs: buckets.length * bucketMs, total: 0, errors: 0 });
    buckets[i]!.total++;
    if (r.status !== 200 || (r.fault !== 'none' && r.fault !== 'rejected')) buckets[i]!.errors++;
  }

  const truncated = truncatedSuccesses(samples, chat);
  const reached = truncated.attributable
    ? new Set(chat.map((r) => r.callId).filter((id) => id !== undefined)).size
    : samples.filter((s) => s.attempts > 0).length;
  const tokens = { prompt: 0, completion: 0, costUsd: 0, callsWithUsage: 0 };
  for (const s of ok) {
    if (s.promptTokens === undefined && s.completionTokens === undefined) continue;
    tokens.callsWithUsage++;
    tokens.prompt += s.promptTokens ?? 0;
    tokens.completion += s.completionTokens ?? 0;
    tokens.costUsd += s.costUsd ?? 0;
  }
  tokens.costUsd = Math.round(tokens.costUsd * 1e9) / 1e9;

  const seconds = wallMs / 1000;
  const offered = input.offeredRatePerSec ?? (seconds > 0 ? n / seconds : 0);
  const goodput = ratio(good.length, n);
  return {
    calls: n,
    wallMs: round(wallMs),
    throughputPerSec: round(n / seconds),
    offeredPerSec: round(offered),
    goodput,
    goodputPerSec: round(goodput * offered),
    goodCalls: good.length,
    successRate: ratio(ok.length, n),
    errorRate: ratio(n - ok.length, n),
    errorRateOutsideFaults: ratio(outside.filter((s) => s.outcome !== 'success').length, outside.length),
    callsOutsideFaults: outside.length,
    fallbackRate: ratio(samples.filter((s) => s.outcome === 'fallback').length, n),
    retryAmplification: ratio(chat.length, reached),
    serverAttempts: chat.length,
    callsReachingServer: reached,
    tokens,
    truncated,
    cacheHitRate: ratio(samples.filter((s) => s.cached).length, n),
    slowestCallMs: round(samples.reduce((m, s) => Math.max(m, s.endMs - s.startMs), 0)),
    latency: {
      e2e: summarizeLatencies(e2e),
      ttft: summarizeLatencies(ttft),
      tpot: summarizeLatencies(tpot),
      itl: summarizeLatencies(itl),
    },
    failures,
    serverFaults,
    phases,
    transitions,
    buckets,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 1e6) / 1e6);
