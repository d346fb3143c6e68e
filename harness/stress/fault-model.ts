import { createRng, type Rng } from '../core/rng.ts';
import { ERROR_STATUSES, type ErrorStatus, type Fault, type FaultProfile, type Latency } from './profile-schema.ts';

/** What the server does with one request: which fault (if any) and how slowly. */
export interface FaultDecision {
  /** Phase in force at arrival (`base` outside every phase). */
  phase: string;
  fault: Fault | null;
  /** True when the fault came from the `x-gauntlet-fault` header rather than the dice. */
  forced: boolean;
  ttftMs: number;
  /** One delay per output token after the first (shared and frozen in spirit: do not mutate). */
  tokenDelaysMs: readonly number[];
  completionTokens: number;
}

/** A phase boundary on the server's timeline, for lining faults up with a client's breaker. */
export interface PhaseSpan {
  name: string;
  startMs: number;
  endMs: number;
}

/** Request header that forces one fault for one request (deterministic tests). */
export const FORCE_FAULT_HEADER = 'x-gauntlet-fault';

/** Draw one delay from a latency distribution. Log-normal: exp(ln(median) + sigma * Z). */
export function drawLatency(d: Latency, rng: Rng): number {
  switch (d.dist) {
    case 'fixed':
      return d.ms;
    case 'uniform':
      return d.minMs + (d.maxMs - d.minMs) * rng.float();
    case 'lognormal': {
      const v = d.medianMs * Math.exp(d.sigma * rng.normal());
      return d.maxMs === undefined ? v : Math.min(v, d.maxMs);
    }
  }
}

/** Phases laid end to end from time 0 (server start). */
export function phaseSpans(profile: FaultProfile): PhaseSpan[] {
  let t = 0;
  return profile.phases.map((p) => {
    const span = { name: p.name, startMs: t, endMs: t + p.durationMs };
    t = span.endMs;
    return span;
  });
}

/** The `x-gauntlet-fault` header: a fault, and optionally `;times=N` (fail only the first N attempts of one logical request). */
export function parseForcedHeader(value: string): { spec: string; times: number | undefined } {
  const [spec, ...opts] = value.split(';');
  let times: number | undefined;
  for (const o of opts) {
    const m = /^\s*times\s*=\s*(\d+)\s*$/i.exec(o);
    if (m) times = Number(m[1]);
  }
  return { spec: spec!.trim(), times };
}

/**
 * Parse a forced fault: `none`, `429`, `503:retry-after-ms=200`, `hang`, `reset`, `malformed`,
 * `truncate:3`, `no-done`. Returns undefined for an unknown value (the header is then ignored).
 */
export function parseForcedFault(value: string): Fault | null | undefined {
  const [head, arg] = value.trim().toLowerCase().split(':', 2) as [string, string | undefined];
  if (head === 'none') return null;
  if (head === 'hang' || head === 'reset' || head === 'malformed' || head === 'no-done')
    return { type: head, probability: 1 };
  if (head === 'truncate') {
    const n = arg === undefined ? 2 : Number(arg);
    return Number.isInteger(n) && n >= 0 ? { type: 'truncate', probability: 1, afterChunks: n } : undefined;
  }
  const status = Number(head);
  if (!(ERROR_STATUSES as readonly number[]).includes(status)) return undefined;
  const m = arg ? /^retry-after-ms=(\d+)$/.exec(arg) : null;
  if (arg && !m) return undefined;
  return {
    type: 'status',
    status: status as ErrorStatus,
    probability: 1,
    ...(m ? { retryAfterMs: Number(m[1]) } : {}),
  };
}

export interface FaultModel {
  readonly profile: FaultProfile;
  readonly phases: PhaseSpan[];
  /** Decide the fate of a request arriving `tMs` after server start. */
  /** `tokens` fixes the output token count (a tool call's argument pieces), overriding the profile's and maxTokens. */
  decide(tMs: number, opts?: { forced?: string; maxTokens?: number; tokens?: number }): FaultDecision;
}

/**
 * The seeded fault model shared by the HTTP mock server and the msw handlers. Draws happen in
 * arrival order, so the same seed and the same arrival order give the same faults.
 */
export function createFaultModel(profile: FaultProfile, seed: number): FaultModel {
  const rng = createRng(seed);
  const phases = phaseSpans(profile);
  const fixedDelays = new Map<object, Map<number, number[]>>();
  return {
    profile,
    phases,
    decide(tMs, opts = {}) {
      let i = -1;
      for (let k = 0; k < phases.length; k++) {
        const p = phases[k]!;
        if (tMs >= p.startMs && tMs < p.endMs) {
          i = k;
          break;
        }
      }
      const phase = i >= 0 ? profile.phases[i]! : undefined;
      const latency = phase?.latency ?? profile.latency;
      const faults = phase?.faults ?? profile.faults;
      // Always draw the same number of values per request, so a forced fault does not shift the
      // random stream of the requests after it.
      const u = rng.float();
      let fault: Fault | null = null;
      let acc = 0;
      for (const f of faults) {
        acc += f.probability;
        if (u < acc) {
          fault = f;
          break;
        }
      }
      let forced = false;
      if (opts.forced !== undefined) {
        const parsed = parseForcedFault(opts.forced);
        if (parsed !== undefined) {
          fault = parsed;
          forced = true;
        }
      }
      const completionTokens =
        opts.tokens ?? Math.max(1, Math.min(profile.completionTokens, opts.maxTokens ?? Infinity));
      const ttftMs = drawLatency(latency.ttft, rng);
      // A fixed per-token delay draws nothing: share one array per (delay, count) instead of allocating.
      const per = latency.perToken;
      let tokenDelaysMs: number[];
      if (per.dist === 'fixed') {
        // Keyed by count within the latency block object (a phase's or the profile's).
        let byCount = fixedDelays.get(per);
        if (!byCount) fixedDelays.set(per, (byCount = new Map()));
        tokenDelaysMs =
          byCount.get(completionTokens) ??
          byCount
            .set(
              completionTokens,
              Array.from({ length: completionTokens - 1 }, () => per.ms),
            )
            .get(completionTokens)!;
      } else {
        tokenDelaysMs = [];
        for (let k = 1; k < completionTokens; k++) tokenDelaysMs.push(drawLatency(per, rng));
      }
      return { phase: phase?.name ?? 'base', fault, forced, ttftMs, tokenDelaysMs, completionTokens };
    },
  };
}
