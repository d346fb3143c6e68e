import { VirtualClock } from '../core/clock.ts';
import type { DetectorConfig, DetectorId } from './detector-config.ts';
import type { DriftSystemFactory, ParameterBound, AlertRuleSpec } from './drift-system.ts';
import { generateStream, HOUR_MS, type DriftEpisode } from './generate-stream.ts';
import { checkInvariants, withSystemError, type InvariantReport, type TickRecord } from './invariants.ts';
import type { Scenario } from './scenario-schema.ts';
import { scoreDetector, unionAlarms, type DetectorScore } from './scoring.ts';
import { crossValidatedResiduals, fitSeasonalProfile, type SeasonalProfile } from './seasonal-profile.ts';
import { createStreamingMonitors } from './streaming-detectors.ts';
import { runWindowedDetectors, type Calibration } from './windowed-detectors.ts';

export interface DetectorTrace {
  id: DetectorId;
  kind: 'windowed' | 'streaming';
  threshold: number;
  calibration?: Calibration;
  /** Statistic over time (windowed: each evaluation; streaming: the largest value in each hour). */
  times: number[];
  values: number[];
  alarms: number[];
}

export interface SimulationResult {
  scenario: string;
  seed: number;
  stepMs: number;
  steps: number;
  referenceMs: number;
  endMs: number;
  episodes: DriftEpisode[];
  profile: Pick<SeasonalProfile, 'mean' | 'sd'>;
  /** The input stream by hour: mean, min and max of each hour's values. */
  hourly: { mean: number[]; min: number[]; max: number[] };
  detectors: DetectorTrace[];
  scores: DetectorScore[];
  /** Score of the default set (alarms when any member alarms). */
  defaultSet: DetectorScore;
  defaultSetIds: DetectorId[];
  /** Present when a system was simulated. */
  system?: {
    bounds: Record<string, ParameterBound>;
    alertRules: readonly AlertRuleSpec[];
    initialParams: Record<string, number>;
    trace: TickRecord[];
    invariants: InvariantReport;
  };
  wallMs: number;
}

export interface SimulationOptions {
  scenario: Scenario;
  seed: number;
  detectors: DetectorConfig;
  system?: DriftSystemFactory;
  /** Control interval of the system (its `tick`), in minutes. Default 60. */
  tickMinutes?: number;
  /** Start of the virtual clock (ms). Default 0, a Thursday in UTC: profiles use hours since start, not the calendar. */
  startMs?: number;
  signal?: AbortSignal;
}

/**
 * Simulate one scenario for one seed on a virtual clock: generate the stream, step the system
 * (observe every step, tick every control interval; the clock is set, never slept on), run the
 * streaming detectors on every residual and the windowed ones every `everyHours`, then score the
 * alarms against the ground truth and check the invariants on the whole trace.
 */
export async function simulateScenario(o: SimulationOptions): Promise<SimulationResult> {
  const t0 = performance.now();
  const { scenario, seed, detectors: cfg } = o;
  const startMs = o.startMs ?? 0;
  const stream = generateStream(scenario, seed);
  const { values, stepMs, referenceSteps } = stream;
  const steps = values.length;
  const profile = fitSeasonalProfile(values, referenceSteps, stepMs, { seasonal: cfg.deseasonalise });
  const residuals = new Float64Array(steps);
  for (let i = 0; i < steps; i++) residuals[i] = profile.residual(i * stepMs, values[i]!);

  // Streaming detectors see every residual of the monitored period.
  const monitors = createStreamingMonitors(cfg);
  const streamTraces: DetectorTrace[] = monitors.map((m) => ({
    id: m.id,
    kind: 'streaming',
    threshold: m.threshold,
    times: [],
    values: [],
    alarms: [],
  }));
  const stepsPerHour = Math.max(1, Math.round(HOUR_MS / stepMs));
  const hourMax = new Float64Array(monitors.length).fill(-Infinity);

  const clock = new VirtualClock(startMs);
  const system = o.system?.({ clock, seed, scenario: scenario.name });
  const tickSteps = Math.max(1, Math.round(((o.tickMinutes ?? 60) * 60_000) / stepMs));
  const trace: TickRecord[] = [];
  const initialParams = system?.initialParams() ?? {};
  const hourly = { mean: [] as number[], min: [] as number[], max: [] as number[] };
  let hSum = 0;
  let hMin = Infinity;
  let hMax = -Infinity;
  let systemError: { atMs: number; message: string } | undefined;
  try {
    for (let i = 0; i < steps; i++) {
      const t = (i + 1) * stepMs;
      const x = values[i]!;
      clock.set(startMs + i * stepMs);
      system?.observe(x);
      hSum += x;
      if (x < hMin) hMin = x;
      if (x > hMax) hMax = x;
      if (i >= referenceSteps) {
        const r = residuals[i]!;
        for (let d = 0; d < monitors.length; d++) {
          const m = monitors[d]!;
          if (m.update(r)) streamTraces[d]!.alarms.push(t);
          const s = m.statistic();
          if (s > hourMax[d]!) hourMax[d] = s;
        }
      }
      if ((i + 1) % stepsPerHour === 0) {
        hourly.mean.push(hSum / stepsPerHour);
        hourly.min.push(hMin);
        hourly.max.push(hMax);
        hSum = 0;
        hMin = Infinity;
        hMax = -Infinity;
        if (i >= referenceSteps) {
          for (let d = 0; d < monitors.length; d++) {
            streamTraces[d]!.times.push(t);
            streamTraces[d]!.values.push(hourMax[d]!);
            hourMax[d] = -Infinity;
          }
        }
      }
      if (system && systemError === undefined && (i + 1) % tickSteps === 0) {
        clock.set(startMs + t);
        await clock.advance(0);
        try {
          const tick = await system.tick();
          trace.push({ atMs: t, params: { ...tick.params }, metrics: { ...tick.metrics }, alerts: tick.alerts });
        } catch (e) {
          // A system that crashes mid-trace is a finding, not a harness error: keep the trace so far.
          systemError = { atMs: t, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
        }
        if (o.signal?.aborted) throw o.signal.reason;
      }
    }
  } finally {
    await system?.close?.();
  }

  const calibrationResiduals = crossValidatedResiduals(values, referenceSteps, stepMs, { seasonal: cfg.deseasonalise });
  const windowed = runWindowedDetectors(residuals, calibrationResiduals, referenceSteps, stepMs, cfg);
  const detectorTraces: DetectorTrace[] = [
    ...windowed.map((w): DetectorTrace => ({
      id: w.id,
      kind: 'windowed',
      threshold: w.calibration.threshold,
      calibration: w.calibration,
      times: w.times,
      values: w.values,
      alarms: w.alarms,
    })),
    ...streamTraces,
  ];
  const endMs = steps * stepMs;
  const scoringWindow = {
    monitorFromMs: referenceSteps * stepMs,
    endMs,
    graceMs: cfg.windowHours * HOUR_MS,
    deadlineMs:
      scenario.expect.detectWithinHours === undefined ? undefined : scenario.expect.detectWithinHours * HOUR_MS,
  };
  const scores = detectorTraces.map((d) => scoreDetector(d.id, d.alarms, stream.episodes, scoringWindow));
  const inSet = detectorTraces.filter((d) => cfg.defaultSet.includes(d.id));
  const defaultSet = scoreDetector(
    'default set',
    unionAlarms(inSet.map((d) => d.alarms)),
    stream.episodes,
    scoringWindow,
  );

  return {
    scenario: scenario.name,
    seed,
    stepMs,
    steps,
    referenceMs: referenceSteps * stepMs,
    endMs,
    episodes: stream.episodes,
    profile: { mean: profile.mean, sd: profile.sd },
    hourly,
    detectors: detectorTraces,
    scores,
    defaultSet,
    defaultSetIds: [...cfg.defaultSet],
    ...(system
      ? {
          system: {
            bounds: system.bounds,
            alertRules: system.alertRules,
            initialParams,
            trace,
            invariants: withSystemError(
              checkInvariants(trace, system.bounds, system.alertRules, initialParams),
              systemError,
            ),
          },
        }
      : {}),
    wallMs: performance.now() - t0,
  };
}
