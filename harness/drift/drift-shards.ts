/** A drift suite split over shards: what a shard ships, how the parts join, and how the last run's times balance a split. */
import type { SuiteReport } from '../core/report.ts';
import { driftReport } from './drift-report.ts';
import type { PairRun, ScenarioInfo } from './pair-run.ts';

/** What a drift shard ships to the merge (report `shardPart.data`). */
export interface DriftShardData {
  infos: ScenarioInfo[];
  seeds: number;
  hasSystem: boolean;
  charts: Record<string, string>;
  runs: Array<{ scenario: number; run: PairRun }>;
}

/** Join the shards' parts of one drift suite: every scenario's seeds back together, checks recomputed as one run computes them. */
export function mergeDriftShards(parts: SuiteReport[]): SuiteReport {
  const datas = parts.map((p) => p.shardPart?.data as DriftShardData);
  const first = datas[0]!;
  const runs: PairRun[][] = first.infos.map(() => []);
  const charts: Record<string, string> = {};
  for (const d of datas) {
    Object.assign(charts, d.charts);
    for (const { scenario, run } of d.runs) {
      runs[scenario]!.push({
        ...run,
        detectors: run.detectors.map((x) => ({ id: x.id, threshold: x.threshold ?? Infinity })),
      });
    }
  }
  for (const r of runs) r.sort((a, b) => a.seed - b.seed);
  return driftReport({
    name: parts[0]!.name,
    infos: first.infos,
    runs,
    charts,
    hasSystem: first.hasSystem,
    durationMs: parts.reduce((a, p) => a + p.durationMs, 0),
  });
}

/** Per scenario x seed durations (ms) from the last run's detection checks, to balance a split. */
export function pairDurations(previous: SuiteReport | undefined): Map<string, number> | undefined {
  if (!previous) return undefined;
  const out = new Map<string, number>();
  for (const c of previous.checks) {
    const seeds = (c.details as { seeds?: number[] } | undefined)?.seeds;
    if (!c.name.endsWith(': detection') || !Array.isArray(seeds) || c.durationMs === undefined) continue;
    for (const seed of seeds)
      out.set(`${c.name.slice(0, -': detection'.length)} seed ${seed}`, c.durationMs / seeds.length);
  }
  return out;
}
