// Wall time of the drift simulation: one 30-day scenario (43,200 one-minute steps, all 7 detectors,
// reference system with in-memory SQLite), median of 5, and the whole configured drift suite
// (gauntlet.config.ts, entry 'drift') run as `gauntlet run drift` would. Targets: < 2 s and < 20 s.
// Run: npx tsx scripts/drift-timing.ts
import { loadConfig } from '../harness/config/load-config.ts';
import { runSuites } from '../harness/core/run-suites.ts';
import { defaultDetectorConfig } from '../harness/drift/detector-config.ts';
import { loadScenarios } from '../harness/drift/load-scenarios.ts';
import { simulateScenario } from '../harness/drift/simulate.ts';
import { referenceDriftSystem } from '../sut/autopilot/index.ts';
import { select } from '../sut/planner/index.ts';
import { cpus, loadavg } from 'node:os';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const { scenario } = (await loadScenarios(['suites/drift/sudden-shift.yaml'], process.cwd()))[0]!;
const system = referenceDriftSystem({ select });
const detectorsOnly: number[] = [];
const withSystem: number[] = [];
const withSystemCpu: number[] = [];
for (let i = 0; i < 5; i++) {
  detectorsOnly.push((await simulateScenario({ scenario, seed: 1 + i, detectors: defaultDetectorConfig() })).wallMs);
  const c0 = process.cpuUsage();
  withSystem.push(
    (await simulateScenario({ scenario, seed: 1 + i, detectors: defaultDetectorConfig(), system })).wallMs,
  );
  const c = process.cpuUsage(c0);
  withSystemCpu.push((c.user + c.system) / 1000);
}
const config = await loadConfig(`${process.cwd()}/gauntlet.config.ts`);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const report = await runSuites(config, { only: ['drift'], ci: true });
const suiteMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(
  `machine: ${cpus()[0]?.model} x${cpus().length}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`one 30-day scenario (sudden-shift, 43,200 steps), median of 5 seeds:`);
console.log(`  all 7 detectors, no system:                 ${median(detectorsOnly).toFixed(0)} ms`);
console.log(
  `  all 7 detectors + reference system (SQLite in memory): ${median(withSystem).toFixed(0)} ms wall, ${median(withSystemCpu).toFixed(0)} ms CPU (target < 2000 ms)`,
);
const s = report.suites[0]!;
console.log(
  `whole drift suite (${s.summary}): ${(suiteMs / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU (target < 20 s); verdict ${s.verdict}`,
);
