/**
 * Can the latency ratios a stress baseline stored be compared with this run's? Pure: what the
 * baseline recorded about where and how it was measured in, the differences that matter out (an
 * empty list means comparable).
 *
 * The yardstick gate's ratio (client / yardstick latency) cancels the machine's speed and load only
 * up to a point: on a quarter of a core of this machine it rose by +8% to +69% for unchanged code
 * (docs/calibration/stress.md, part A3). So a ratio stored on another machine (CPU model, core
 * count, Node, OS or architecture differ) or under a very different load is not judged as if it had
 * been measured here: the gate measures the baseline's commit now instead (latency-gate.ts), or,
 * when that commit is not in the repository, warns.
 */
import { availableParallelism, cpus, release } from 'node:os';
import { z } from 'zod';
import type { Provenance } from '../baselines/baseline-file.ts';
import type { Contention } from './contention.ts';

/** The machine a stress baseline was measured on: the parts of bench's fingerprint that set a latency ratio. */
export const stressMachineSchema = z.object({
  /** CPU model string (os.cpus()[0].model). */
  cpu: z.string(),
  /** Cores this process may use (os.availableParallelism(): a process pinned with taskset sees its share). */
  cores: z.number().int().positive(),
  node: z.string(),
  /** `platform release`, e.g. `linux 6.1.0-18-amd64`. */
  os: z.string(),
  arch: z.string(),
});
export type StressMachine = z.output<typeof stressMachineSchema>;

export function currentMachine(): StressMachine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    node: process.version,
    os: `${process.platform} ${release()}`,
    arch: process.arch,
  };
}

/**
 * Largest ratio between the load phase's CPU contention factor in a run and in its baseline (either
 * direction) at which the stored ratios are trusted. On one machine the stored ratios drifted up as
 * the ratio grew: x0.8-1.6 (quiet runs, part A1) gave A/A shifts within -10% to +14%; x2.6-3.0 (runs
 * beside a CPU hog, tuning seeds 7101-7103 of part C) +5% to +13% against a tolerance of 15%; x6.6
 * failed 9 of 40 A/A runs (part B section 1). Beyond 2 the gate compares like with like instead
 * (docs/calibration/stress.md).
 */
export const SAME_MACHINE_CONTENTION_SPREAD = 2;

const LABELS: Record<keyof StressMachine, string> = {
  cpu: 'CPU model',
  cores: 'core count',
  node: 'Node version',
  os: 'OS',
  arch: 'architecture',
};

/**
 * How the baseline's machine differs from this one. A baseline written before the machine was
 * recorded is judged by its provenance (CPU model, Node, platform and architecture); its core count
 * and OS release are unknown and not counted as differences.
 */
export function machineDifferences(
  stored: { machine?: StressMachine | undefined; provenance: Provenance },
  here: StressMachine,
): string[] {
  if (stored.machine) {
    const m = stored.machine;
    return (Object.keys(LABELS) as Array<keyof StressMachine>)
      .filter((k) => m[k] !== here[k])
      .map((k) => `${LABELS[k]}: ${m[k]} in the baseline, ${here[k]} here`);
  }
  const p = stored.provenance;
  const out: string[] = [];
  if (p.cpu !== here.cpu) out.push(`CPU model: ${p.cpu} in the baseline, ${here.cpu} here`);
  if (p.node !== here.node) out.push(`Node version: ${p.node} in the baseline, ${here.node} here`);
  const platform = `${process.platform}-${here.arch}`;
  if (p.platform !== platform) out.push(`platform: ${p.platform} in the baseline, ${platform} here`);
  return out;
}

/** How this scenario's load ran under another CPU contention than the baseline's, beyond what one machine shows. */
export function conditionDifferences(
  stored: Contention | undefined,
  now: Contention | undefined,
  spread = SAME_MACHINE_CONTENTION_SPREAD,
): string[] {
  if (!stored || !now) return [];
  const r = now.factor / stored.factor;
  if (r <= spread && r >= 1 / spread) return [];
  return [
    `CPU contention during the load x${now.factor.toFixed(2)} now, x${stored.factor.toFixed(2)} in the baseline (${r.toFixed(2)}x; one machine: within ${spread}x)`,
  ];
}
