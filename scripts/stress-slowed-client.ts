/**
 * The slowed reference clients the stress gate calibrations judge (stress-gate-calibration.ts,
 * stress-gate-remeasure.ts): "+25% delay", every call returning a quarter of its own duration later
 * (a timer for all but the last ms, then a busy wait, so sub-millisecond calls are delayed precisely
 * too); "+25% CPU", every call then running a fixed loop of `cpuIters` iterations.
 */
import { realClock } from '../harness/core/clock.ts';
import type { StressClientFactory } from '../harness/stress/client-contract.ts';
import { referenceClientFactory } from '../sut/llm-client/factory.ts';

/** A loop of `iters` iterations: the same CPU work every time (the optimiser cannot drop it: its result is used). */
export function spin(iters: number): number {
  let x = 0;
  for (let i = 0; i < iters; i++) x += Math.sqrt(i + x * 1e-9);
  return x;
}

let sink = 0;
/** Whether the loops ran (read it once at the end, so they stay observable). */
export const spun = () => sink > 0;

/** Wait `ms` of wall time: a timer for all but the last ms, then a busy wait (timers are late by up to ~1 ms). */
async function preciseDelay(ms: number): Promise<void> {
  const end = performance.now() + ms;
  if (ms > 2) await realClock.sleep(ms - 1);
  while (performance.now() < end);
}

/** The reference client made slower: every call `delay` (default 25%) later (`delay`), or a fixed CPU cost per call (`cpu`); `aa`: unchanged. */
export const slowedClient =
  (mode: string, cpuIters = 0, delay = 0.25): StressClientFactory =>
  async (o) => {
    const inner = await referenceClientFactory(o);
    if (mode === 'aa') return inner;
    return {
      call: async (req) => {
        const t0 = performance.now();
        const r = await inner.call(req);
        if (mode === 'delay') await preciseDelay((performance.now() - t0) * delay);
        else sink += spin(cpuIters);
        return r;
      },
      onBreakerTransition: inner.onBreakerTransition?.bind(inner),
      close: () => inner.close(),
    };
  };
