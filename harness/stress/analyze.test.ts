import { describe, expect, it } from 'vitest';
import { analyzeRun, type AnalyzeInput } from './analyze.ts';
import type { CallSample } from './load-runner.ts';
import type { ServedRecord } from './served-record.ts';
import { sloChecks } from './slo-checks.ts';
import { compareWithBaseline } from './stress-baseline.ts';
import { breakerTimelineSvg } from './timeline-svg.ts';

const S0 = 10_000; // server start on the clock timeline
const sample = (id: number, startMs: number, endMs: number, extra: Partial<CallSample> = {}): CallSample => ({
  id,
  startMs: S0 + startMs,
  endMs: S0 + endMs,
  outcome: 'success',
  attempts: 1,
  cached: false,
  tokenTimes: [],
  ...extra,
});
const rec = (arrivalMs: number, fault = 'none', status = 200): ServedRecord => ({
  seq: 0,
  arrivalMs,
  durationMs: 1,
  route: '/v1/chat/completions',
  phase: 'base',
  fault,
  forced: false,
  stream: false,
  status,
  bytes: 10,
  clientAborted: false,
});

function input(over: Partial<AnalyzeInput>): AnalyzeInput {
  return {
    samples: [],
    records: [],
    serverStartedAt: S0,
    phases: [],
    faultPhases: new Set(),
    transitions: [],
    wallMs: 1000,
    perCallSlo: {},
    ...over,
  };
}

describe('analyzeRun', () => {
  it('computes TTFT, TPOT and ITL by the stated formulas', () => {
    // Tokens at 100, 110, 130, 160 ms after a start at 0; the call ends at 170; usage says 4 tokens.
    const s = sample(0, 0, 170, { tokenTimes: [S0 + 100, S0 + 110, S0 + 130, S0 + 160], completionTokens: 4 });
    const r = analyzeRun(input({ samples: [s], records: [rec(0)] }));
    // HDR histograms with 3 significant digits: exact to 0.1%.
    const near = (x: number, want: number) => expect(Math.abs(x - want) / want).toBeLessThanOrEqual(0.001);
    near(r.latency.ttft.p50, 100);
    near(r.latency.tpot.p50, 70 / 3); // (170 - 100) / (4 - 1)
    expect(r.latency.itl.count).toBe(3);
    near(r.latency.itl.p50, 20);
    near(r.latency.itl.max, 30);
    near(r.latency.e2e.p50, 170);
  });

  it('counts failures by category, fallbacks, amplification, cache hits, goodput', () => {
    const samples = [
      sample(0, 0, 100),
      sample(1, 0, 900),
      sample(2, 0, 50, { outcome: 'failure', failure: 'http_503', attempts: 3 }),
      sample(3, 0, 1, { outcome: 'fallback', failure: 'breaker_open', attempts: 0 }),
      sample(4, 0, 1, { cached: true, attempts: 0 }),
    ];
    const records = [rec(0), rec(0), rec(1, 'status:503', 503), rec(2, 'status:503', 503), rec(3, 'status:503', 503)];
    const r = analyzeRun(input({ samples, records, wallMs: 2000, perCallSlo: { e2eMs: 500 } }));
    expect(r.failures).toEqual({ http_503: 1, served_by_fallback: 1, rejected_by_breaker: 1 });
    expect(r.serverFaults).toEqual({ none: 2, 'status:503': 3 });
    // 5 server attempts over the 3 calls that sent a request (the cache hit and the breaker rejection did not).
    expect(r.callsReachingServer).toBe(3);
    expect(r.retryAmplification).toBe(1.666667);
    expect(r.cacheHitRate).toBe(0.2);
    expect(r.goodCalls).toBe(2); // 100 ms and the cache hit; 900 ms is over the per-call SLO
    expect(r.goodput).toBe(0.4); // 2 of 5 offered calls
    expect(r.goodputPerSec).toBe(1); // 0.4 x 2.5 calls/s offered (closed loop)
    expect(r.throughputPerSec).toBe(2.5);
    expect(r.errorRate).toBe(0.4);
    expect(r.fallbackRate).toBe(0.2);
  });

  it('goodput does not rise when calls fail fast (open loop: over the offered rate)', () => {
    // Same 10 calls offered at 10/s; with retries all succeed in 1 s, without them 3 fail at once and the run ends sooner.
    const slow = Array.from({ length: 10 }, (_, i) => sample(i, i * 100, i * 100 + 300));
    const fast = slow.map((s, i) =>
      i < 3 ? { ...s, endMs: s.startMs + 1, outcome: 'failure' as const, failure: 'http_503' as const } : s,
    );
    const a = analyzeRun(input({ samples: slow, wallMs: 1200, offeredRatePerSec: 10 }));
    const b = analyzeRun(input({ samples: fast, wallMs: 900, offeredRatePerSec: 10 }));
    expect(a.goodput).toBe(1);
    expect(b.goodput).toBe(0.7);
    expect(b.goodputPerSec).toBeLessThan(a.goodputPerSec);
    expect(b.throughputPerSec).toBeGreaterThan(a.throughputPerSec); // what the old goodput followed
  });

  it('sums tokens and cost over successful calls', () => {
    const samples = [
      sample(0, 0, 10, { promptTokens: 10, completionTokens: 16, costUsd: 0.001 }),
      sample(1, 0, 10, { promptTokens: 12, completionTokens: 16, costUsd: 0.002 }),
      sample(2, 0, 10, { outcome: 'failure', failure: 'timeout', promptTokens: 99 }),
      sample(3, 0, 10, { cached: true, attempts: 0 }),
    ];
    const r = analyzeRun(input({ samples }));
    expect(r.tokens).toEqual({ prompt: 22, completion: 32, costUsd: 0.003, callsWithUsage: 2 });
  });

  it('finds calls returned as a success whose every attempt was truncated, joined by call id', () => {
    const withId = (callId: string, fault = 'none', status = 200, clientAborted = false) => ({
      ...rec(0, fault, status),
      callId,
      clientAborted,
    });
    const samples = [
      sample(0, 0, 10), // complete answer
      sample(1, 0, 10), // no [DONE], accepted: caught
      sample(2, 0, 10), // 503 then a cut stream, accepted: caught
      sample(3, 0, 10), // cut, then a complete retry: fine
      sample(4, 0, 10, { outcome: 'failure', failure: 'truncated_stream' }), // cut and reported: fine
      sample(5, 0, 10), // the client gave up on a complete answer and returned success anyway: caught
      sample(6, 0, 10, { cached: true, attempts: 0 }),
      sample(7, 0, 10), // no record: a client that drops the header
    ];
    const records = [
      withId('0'),
      withId('1', 'no-done'),
      withId('2', 'status:503', 503),
      withId('2', 'truncate'),
      withId('3', 'truncate'),
      withId('3'),
      withId('4', 'truncate'),
      withId('5', 'none', 200, true),
    ];
    const r = analyzeRun(input({ samples, records }));
    expect(r.truncated).toEqual({ attributable: true, callIds: [1, 2, 5], unmatched: 1 });
    expect(r.callsReachingServer).toBe(6); // distinct call ids the server saw
    expect(
      analyzeRun(input({ samples, records: records.map(({ callId: _, ...x }) => x) })).truncated.attributable,
    ).toBe(false);
  });

  it('lines breaker transitions up with fault phases and excludes fault (and grace) time from the error rate', () => {
    const phases = [
      { name: 'warm', startMs: 0, endMs: 1000 },
      { name: 'burst', startMs: 1000, endMs: 2000 },
    ];
    const transitions = [
      { at: S0 + 1300, from: 'closed' as const, to: 'open' as const, cause: 'x' },
      { at: S0 + 2300, from: 'open' as const, to: 'half-open' as const, cause: 'y' },
      { at: S0 + 2350, from: 'half-open' as const, to: 'closed' as const, cause: 'z' },
    ];
    const samples = [
      sample(0, 100, 200),
      sample(1, 900, 1100, { outcome: 'failure', failure: 'http_503' }), // overlaps the burst
      sample(2, 2100, 2110, { outcome: 'fallback', failure: 'breaker_open' }), // in the 500 ms grace
      sample(3, 2600, 2700, { outcome: 'failure', failure: 'timeout' }),
    ];
    const r = analyzeRun(
      input({ samples, phases, faultPhases: new Set(['burst']), transitions, recoveryGraceMs: 500 }),
    );
    expect(r.phases[1]).toEqual({ name: 'burst', startMs: 1000, endMs: 2000, openedAfterMs: 300, closedAfterMs: 350 });
    expect(r.callsOutsideFaults).toBe(2);
    expect(r.errorRateOutsideFaults).toBe(0.5);
    const checks = sloChecks(
      's',
      { breakerOpensWithinMs: 200, breakerClosesWithinMs: 500, maxErrorRateOutsideFaults: 0.01 },
      r,
      new Set(['burst']),
    );
    expect(checks.map((c) => [c.name, c.verdict])).toEqual([
      ['s/slo:error-rate-outside-faults', 'fail'],
      ['s/slo:breaker-opens:burst', 'fail'],
      ['s/slo:breaker-closes:burst', 'pass'],
    ]);
    expect(checks[1]!.reasons[0]).toBe("opened 300 ms after 'burst' began (limit 200 ms)");
    const svg = breakerTimelineSvg('t', r, new Set(['burst']));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('closed → open: x');
    expect((svg.match(/<line [^>]*stroke-width="1"/g) ?? []).length).toBe(3);
  });
});

describe('the slowest call', () => {
  it('counts every outcome, and the maxCallMs SLO fails a call the client did not cut', () => {
    const samples = [
      sample(0, 0, 120),
      sample(1, 0, 30_050, { outcome: 'failure', failure: 'timeout' }), // a hang waited out for 30 s, then failed
      sample(2, 10, 90),
    ];
    const r = analyzeRun(input({ samples }));
    expect(r.slowestCallMs).toBe(30_050);
    expect(r.latency.e2e.max).toBeLessThan(200); // successes only: the hang is not there
    const [check] = sloChecks('chaos', { maxCallMs: 10_000 }, r, new Set());
    expect(check).toMatchObject({ name: 'chaos/slo:slowest-call', verdict: 'fail' });
    expect(check!.reasons[0]).toMatch(/^30050(\.0)? ms > 10000(\.0)? ms$/);
    const cut = analyzeRun(input({ samples: [sample(0, 0, 120), sample(1, 0, 1_050, { attempts: 2 })] }));
    expect(sloChecks('chaos', { maxCallMs: 10_000 }, cut, new Set())[0]!.verdict).toBe('pass');
  });
});

describe('compareWithBaseline', () => {
  const base = {
    calls: 1000,
    e2eSample: Array.from({ length: 200 }, (_, i) => 100 + i / 2),
    ttftSample: [],
    metrics: {},
    failures: { http_503: 5 },
  };
  const policy = { latencyTolerance: 0.5, alpha: 0.001 };
  it('passes an identical run and fails a doubled latency and a tenfold error rate', () => {
    expect(compareWithBaseline('s', base, base, policy).every((c) => c.verdict === 'pass')).toBe(true);
    const worse = { ...base, e2eSample: base.e2eSample.map((x) => x * 2), failures: { http_503: 50, timeout: 1 } };
    const checks = compareWithBaseline('s', base, worse, policy);
    expect(checks.map((c) => [c.name, c.verdict, c.change])).toEqual([
      ['s/baseline:e2e-latency', 'fail', 'regressed'],
      ['s/baseline:failures:http_503', 'fail', 'regressed'],
      ['s/baseline:failures:timeout', 'pass', 'unchanged'],
    ]);
  });
  it('compares retry amplification, cache hit rate, goodput, tokens, cost and throughput', () => {
    const metrics = {
      server_attempts: 1100,
      calls_reaching_server: 1000,
      cache_hit_rate: 0.3,
      goodput: 0.99,
      throughput_per_s: 200,
      prompt_tokens: 10_000,
      completion_tokens: 16_000,
      cost_usd: 0.26,
      calls_with_usage: 1000,
    };
    const b = { ...base, metrics };
    const rest = (cs: ReturnType<typeof compareWithBaseline>) =>
      cs.filter((c) => !c.name.includes('latency') && !c.name.includes('failures')).map((c) => [c.name, c.verdict]);
    expect(rest(compareWithBaseline('s', b, b, policy))).toEqual([
      ['s/baseline:retry-amplification', 'pass'],
      ['s/baseline:cache-hit-rate', 'pass'],
      ['s/baseline:goodput', 'pass'],
      ['s/baseline:tokens-per-call', 'pass'],
      ['s/baseline:cost-per-call', 'pass'],
      ['s/baseline:throughput', 'pass'],
    ]);
    // 1,600 attempts over 1,000 calls that reached the server; 16% of calls failing fast; prompts twice as long.
    const worse = {
      ...b,
      metrics: {
        ...metrics,
        server_attempts: 1600,
        cache_hit_rate: 0.1,
        goodput: 0.84,
        throughput_per_s: 90,
        prompt_tokens: 20_000,
        cost_usd: 0.4,
      },
    };
    expect(rest(compareWithBaseline('s', b, worse, policy))).toEqual([
      ['s/baseline:retry-amplification', 'fail'],
      ['s/baseline:cache-hit-rate', 'fail'],
      ['s/baseline:goodput', 'fail'],
      ['s/baseline:tokens-per-call', 'fail'],
      ['s/baseline:cost-per-call', 'fail'],
      ['s/baseline:throughput', 'warn'], // 90 < 200 / 1.5
    ]);
  });
  it('retry amplification leaves out calls that never reached the server (cache hits, breaker rejections)', () => {
    // Half the calls are cache hits: 1,100 attempts over 500 calls that reached the server is 2.2, not 1.1.
    const b = { ...base, metrics: { server_attempts: 1100, calls_reaching_server: 1000 } };
    const now = { ...base, metrics: { server_attempts: 1100, calls_reaching_server: 500 } };
    const [c] = compareWithBaseline('s', b, now, policy).filter((x) => x.name.endsWith('retry-amplification'));
    expect([c!.verdict, c!.metrics!.value, c!.metrics!.baseline]).toEqual(['fail', 2.2, 1.1]);
  });
  it('reads a baseline written before goodput, calls_reaching_server and contention', () => {
    const old = { ...base, metrics: { server_attempts: 1100, throughput_per_s: 200, goodput_per_s: 190 } };
    const now = {
      ...base,
      metrics: { server_attempts: 1100, calls_reaching_server: 500, throughput_per_s: 200, goodput: 0.95 },
      contention: { factor: 2, cpuMs: 1, waitMs: 1 },
    };
    const got = compareWithBaseline('s', old, now, policy);
    expect(got.find((c) => c.name === 's/baseline:goodput')!.metrics!.baseline).toBe(0.95); // 190 / 200
    expect(got.find((c) => c.name === 's/baseline:retry-amplification')!.metrics!.value).toBe(1.1); // over every call, as the old baseline counted
    expect(got.find((c) => c.name === 's/baseline:e2e-latency')!.details).toMatchObject({
      gate: 'absolute',
      fallback: expect.stringMatching(/yardstick gate not applied/),
    }); // no contention in the old baseline
  });
  it('contention gate: twice as slow with the CPU twice as crowded passes; 25% slower at the same contention fails', () => {
    const tol = { ...policy, latencyTolerance: 2, contentionTolerance: 0.2 };
    const k = (factor: number) => ({ contention: { factor, cpuMs: 400, waitMs: 400 * (factor - 1) } });
    const b = { ...base, ...k(1.5) };
    const busy = { ...base, e2eSample: base.e2eSample.map((x) => x * 2), ...k(3) };
    const slower = { ...base, e2eSample: base.e2eSample.map((x) => x * 1.25), ...k(1.5) };
    const slowerOnBusy = { ...base, e2eSample: base.e2eSample.map((x) => x * 2.5), ...k(3) };
    const verdict = (now: typeof b) => compareWithBaseline('s', b, now, tol)[0]!;
    expect(verdict(busy).verdict).toBe('pass');
    expect(verdict(busy).details).toMatchObject({ gate: 'contention' });
    expect(verdict(slower).verdict).toBe('fail');
    expect(verdict(slowerOnBusy).verdict).toBe('fail');
    expect(verdict(slowerOnBusy).reasons[0]).toMatch(/x3\.00 now, x1\.50 for the baseline\), shifted by \+25\.\d%/);
    // The absolute rule with tolerance 2 misses both +25% cases.
    expect(compareWithBaseline('s', b, slowerOnBusy, { ...tol, latencyGate: 'absolute' })[0]!.verdict).toBe('pass');
  });
  it('scales the baseline by the machine-speed factor: twice as slow on a machine twice as slow passes', () => {
    const slowMachine = { ...base, e2eSample: base.e2eSample.map((x) => x * 2) };
    const [c] = compareWithBaseline('s', base, slowMachine, { ...policy, speedFactor: 2 });
    expect([c!.verdict, c!.metrics!.speed_factor]).toEqual(['pass', 2]);
  });
  it('never counts a shift under the floor (loopback latencies of a few ms)', () => {
    const fast = { ...base, e2eSample: base.e2eSample.map((x) => x / 10) }; // median ~15 ms
    const slower = { ...fast, e2eSample: fast.e2eSample.map((x) => x + 30) };
    expect(compareWithBaseline('s', fast, slower, { ...policy, latencyFloorMs: 50 })[0]!.verdict).toBe('pass');
    expect(compareWithBaseline('s', fast, slower, { ...policy, latencyFloorMs: 0 })[0]!.verdict).toBe('fail');
  });
  it('tolerates a small shift (below the tolerance) even when significant', () => {
    const slower = { ...base, e2eSample: base.e2eSample.map((x) => x + 20) };
    expect(compareWithBaseline('s', base, slower, policy)[0]!.verdict).toBe('pass');
  });
});
