/**
 * Between measure and compare: what each scenario's e2e-latency check judges the head against
 * (latency-gate.ts LatencyBasis). After a scenario's load it decides whether the stored ratios are
 * comparable with this run (comparability.ts); when they are not and the baseline's commit is in
 * the repository, or `--against` names a commit, that commit's client is measured in the same
 * yardstick rounds as the head. The commit's worktree is opened once per suite and removed at the end.
 */
import { errorHeadline } from '../../core/errors.ts';
import { conditionDifferences, currentMachine, machineDifferences } from '../comparability.ts';
import type { LatencyBasis } from '../latency-gate.ts';
import { commitExists } from '../../bench/worktree.ts';
import { openReferenceCommit, type ReferenceCommit } from '../reference-commit.ts';
import type { ScenarioOutcome } from '../run-scenario.ts';
import type { StressBaseline } from '../stress-baseline.ts';
import type { Scenario, StressEntry } from '../suite-schema.ts';
import type { YardstickMeasurement } from '../yardstick/measure-yardstick.ts';

/** The other commit's client for one scenario's rounds. */
export interface ReferenceClient {
  label: string;
  factory: ReferenceCommit['factory'];
  clientOptions: Record<string, unknown>;
}

type Decision =
  | { kind: 'stored' }
  | { kind: 'measure'; ref: string; label: (commit: string) => string; why: string }
  | { kind: 'not-comparable'; why: string[]; unmeasured: string };

export interface LatencyBasisPlanner {
  /** After the scenario's load: the client to measure beside the head in the rounds, if any. */
  reference(sc: Scenario, outcome: ScenarioOutcome): Promise<ReferenceClient | undefined>;
  /** After the rounds: what the scenario's latency check judges against. */
  basis(sc: Scenario, yardstick: YardstickMeasurement | undefined): LatencyBasis;
  /**
   * For confirming a flag raised against the stored ratios (phases/confirm.ts): the baseline commit's
   * client for this scenario, or why it cannot be measured here.
   */
  baselineClient(sc: Scenario): Promise<ReferenceClient | { unmeasured: string }>;
  /** One line per suite on which comparison ran, for the report's notes. */
  notes(): string[];
  dispose(): Promise<void>;
}

export function latencyBasisPlanner(o: {
  entry: StressEntry;
  stored: StressBaseline | undefined;
  rootDir: string;
  against: string | undefined;
}): LatencyBasisPlanner {
  const machine = o.stored ? machineDifferences(o.stored, currentMachine()) : [];
  const decided = new Map<string, Decision>();
  const labels = new Map<string, string>();
  const notes = new Set<string>();
  let opened: Promise<ReferenceCommit> | undefined;

  function decide(sc: Scenario, outcome: ScenarioOutcome): Decision {
    if (o.entry.latencyGate !== 'yardstick' || sc.target) return { kind: 'stored' };
    if (o.against)
      return { kind: 'measure', ref: o.against, label: (c) => `${o.against} (${c.slice(0, 10)})`, why: '--against' };
    const base = o.stored?.scenarios[sc.name];
    if (!o.stored || !base?.yardstick) return { kind: 'stored' };
    const why = [...machine, ...conditionDifferences(base.contention, outcome.contention)];
    if (why.length === 0) return { kind: 'stored' };
    const commit = o.stored.provenance.gitCommit;
    if (commit === undefined)
      return { kind: 'not-comparable', why, unmeasured: 'it records no commit to measure here' };
    if (!commitExists(o.rootDir, commit))
      return {
        kind: 'not-comparable',
        why,
        unmeasured: `its commit ${commit.slice(0, 10)} is not in this repository, so it could not be measured here (a shallow clone? fetch it, e.g. actions/checkout with fetch-depth: 0)`,
      };
    return { kind: 'measure', ref: commit, label: (c) => `baseline commit ${c.slice(0, 10)}`, why: why.join('; ') };
  }

  const open = (ref: string, label: (commit: string) => string) =>
    (opened ??= openReferenceCommit(o.rootDir, ref, o.entry.name, label));

  return {
    async reference(sc, outcome) {
      let d = decide(sc, outcome);
      if (d.kind === 'measure') {
        const m = d;
        try {
          const ref = await open(m.ref, m.label);
          decided.set(sc.name, d);
          labels.set(sc.name, ref.label);
          notes.add(
            `${sc.name}: e2e latency judged against ${ref.label}, measured now in the same rounds as the head (${m.why})`,
          );
          return { label: ref.label, factory: ref.factory, clientOptions: ref.clientOptions(sc.name) };
        } catch (e) {
          if (o.against) throw e; // asked for explicitly: the suite errors
          d = {
            kind: 'not-comparable',
            why: [m.why],
            unmeasured: `its commit ${m.ref.slice(0, 10)} could not be measured here: ${errorHeadline(e)}`,
          };
        }
      }
      decided.set(sc.name, d);
      if (d.kind === 'not-comparable')
        notes.add(
          `${sc.name}: e2e latency not judged: the baseline is not comparable with this run (${d.why.join('; ')}), and ${d.unmeasured}`,
        );
      return undefined;
    },
    basis(sc, yardstick) {
      const d = decided.get(sc.name) ?? { kind: 'stored' };
      if (d.kind === 'not-comparable') return d;
      if (d.kind === 'stored' || !yardstick?.reference) return { kind: 'stored' };
      return {
        kind: 'same-run',
        label: labels.get(sc.name) ?? 'the baseline commit',
        why: d.why,
        logRatios: yardstick.reference.logRatios,
        headMs: yardstick.reference.headMs,
      };
    },
    async baselineClient(sc) {
      const commit = o.stored?.provenance.gitCommit;
      if (commit === undefined) return { unmeasured: 'the baseline records no commit to measure here' };
      if (!commitExists(o.rootDir, commit))
        return {
          unmeasured: `the baseline's commit ${commit.slice(0, 10)} is not in this repository (a shallow clone? fetch it, e.g. actions/checkout with fetch-depth: 0)`,
        };
      try {
        const ref = await open(commit, (c) => `baseline commit ${c.slice(0, 10)}`);
        return { label: ref.label, factory: ref.factory, clientOptions: ref.clientOptions(sc.name) };
      } catch (e) {
        return {
          unmeasured: `the baseline's commit ${commit.slice(0, 10)} could not be measured here: ${errorHeadline(e)}`,
        };
      }
    },
    notes: () => [...notes],
    async dispose() {
      const ref = await opened?.catch(() => undefined);
      await ref?.dispose();
    },
  };
}
