/**
 * Reference benchmarks of the selection planner: Gumbel-top-k over 100 and 10,000 candidates, and
 * loading + validating the business-logic YAML.
 *
 * Workload parameter for calibration (scripts/bench-calibration.ts): PLANNER_BENCH_SLOWDOWN=0.02
 * makes "select 100 candidates (x50)" do 2% more selections per operation (51 instead of 50), a
 * real slowdown of the benchmark's own work, with no hook in the harness. Multiples of 0.02.
 */
import { bench, createRng } from 'gauntlet';
import {
  select,
  loadPlannerConfig,
  defaultPlannerConfigFile,
  type Candidate,
  type PlannerConfig,
} from '../../sut/planner/index.ts';

const CATEGORIES = ['news', 'fresh', 'sponsored', 'sport', 'culture'];

function candidates(n: number, seed: number): Candidate[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `c${i}`,
    score: rng.normal(),
    category: CATEGORIES[rng.int(0, CATEGORIES.length - 1)],
  }));
}

const config: PlannerConfig = await loadPlannerConfig();
const small = candidates(100, 1);
const large = candidates(10_000, 2);

const BATCH = 50;
const slowdown = Number(process.env.PLANNER_BENCH_SLOWDOWN ?? 0);
const smallCalls = BATCH + Math.round(BATCH * (Number.isFinite(slowdown) ? slowdown : 0));
let seed = 0;
let sink = 0;

bench('select 100 candidates (x50)', () => {
  for (let i = 0; i < smallCalls; i++) sink += select(small, config, ++seed).ids.length;
});

bench(
  'select 10,000 candidates',
  () => {
    sink += select(large, config, ++seed).ids.length;
  },
  { memory: true },
);

bench('load and validate planner.yaml', async () => {
  const c = await loadPlannerConfig(defaultPlannerConfigFile);
  sink += c.k;
});

export { sink };
