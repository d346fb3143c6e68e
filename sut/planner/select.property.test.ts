import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareGoodnessOfFit } from '../../harness/stats/index.ts';
import { saveCounterexample } from './counterexample.ts';
import { select, type Candidate, type PlannerConfig } from './index.ts';

/**
 * Properties of the planner. Each runs with a fixed fast-check seed (so CI is deterministic); a
 * failure writes the shrunk counterexample to reports/counterexamples/ and names the one command that
 * saves it as a golden case.
 */
const FC_SEED = 20_261_121;
const CATEGORIES = ['a', 'b', 'c'];

const candidatesArb = fc
  .uniqueArray(
    fc.record(
      {
        id: fc.string({ minLength: 1, maxLength: 6 }),
        score: fc.double({ min: -50, max: 50, noNaN: true }),
        category: fc.constantFrom(...CATEGORIES),
      },
      { requiredKeys: ['id', 'score'] },
    ),
    { selector: (c) => c.id, maxLength: 40 },
  )
  .map((cs) => cs as Candidate[]);

const configArb: fc.Arbitrary<PlannerConfig> = fc.record(
  {
    temperature: fc.oneof(fc.constant(0), fc.double({ min: 0.05, max: 100, noNaN: true })),
    k: fc.integer({ min: 0, max: 50 }),
    categoryCaps: fc.dictionary(fc.constantFrom(...CATEGORIES), fc.integer({ min: 0, max: 5 })),
    explorationShare: fc.double({ min: 0, max: 1, noNaN: true }),
  },
  { requiredKeys: ['temperature', 'k'] },
);

function checkProperty(
  name: string,
  predicate: (cs: Candidate[], cfg: PlannerConfig, seed: number) => void,
  numRuns = 300,
): void {
  const details = fc.check(
    fc.property(candidatesArb, configArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (cs, cfg, seed) => {
      predicate(cs, cfg, seed);
    }),
    { seed: FC_SEED, numRuns },
  );
  if (!details.failed) return;
  const [candidates, config, seed] = details.counterexample!;
  const file = saveCounterexample({
    property: name,
    fcSeed: details.seed,
    fcPath: details.counterexamplePath ?? undefined,
    candidates,
    config,
    seed,
    error: String(details.errorInstance),
  });
  throw new Error(
    `property '${name}' failed (fast-check seed ${details.seed}, path ${details.counterexamplePath}): ${String(details.errorInstance)}\n` +
      `shrunk counterexample: ${file}\nsave it as a golden case: npx gauntlet golden --from-counterexample ${file}`,
  );
}

describe('planner properties (fast-check)', () => {
  it('never repeats an id', () => {
    checkProperty('no-repeated-id', (cs, cfg, seed) => {
      const { ids } = select(cs, cfg, seed);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  it('never returns more than min(k, n), and exactly that many when no cap binds', () => {
    checkProperty('size-at-most-min-k-n', (cs, cfg, seed) => {
      const { ids } = select(cs, cfg, seed);
      expect(ids.length).toBeLessThanOrEqual(Math.min(cfg.k, cs.length));
      if (!cfg.categoryCaps || Object.keys(cfg.categoryCaps).length === 0)
        expect(ids.length).toBe(Math.min(cfg.k, cs.length));
    });
  });

  it('respects category caps', () => {
    checkProperty('respects-category-caps', (cs, cfg, seed) => {
      const { ids } = select(cs, cfg, seed);
      const cat = new Map(cs.map((c) => [c.id, c.category]));
      const counts = new Map<string, number>();
      for (const id of ids) {
        const c = cat.get(id);
        expect(c === undefined && !cat.has(id)).toBe(false); // every id is a candidate
        if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      for (const [c, cap] of Object.entries(cfg.categoryCaps ?? {}))
        expect(counts.get(c) ?? 0).toBeLessThanOrEqual(cap);
    });
  });

  it('is deterministic for a seed, and its entropy lies in [0, ln n]', () => {
    checkProperty('deterministic-and-entropy-bounds', (cs, cfg, seed) => {
      const a = select(cs, cfg, seed);
      expect(select(cs, cfg, seed)).toEqual(a);
      expect(a.entropy).toBeGreaterThanOrEqual(0);
      expect(a.entropy).toBeLessThanOrEqual(Math.log(Math.max(1, cs.length)) + 1e-9);
    });
  });
});

/**
 * The sampler is correct: over many seeds, the first pick of Gumbel-top-k is distributed as
 * softmax(score / temperature). Pearson chi-square goodness of fit at ALPHA = 0.001 per score vector,
 * with Bonferroni over the vectors tested; the selection seeds are 0..DRAWS-1 (recorded in the failure
 * message), so a failure replays exactly.
 */
describe('sampler correctness (chi-square on the first pick)', () => {
  const ALPHA = 0.001;
  const DRAWS = 20_000;

  const firstPickTest = (scores: number[], temperature: number) => {
    const cs = scores.map((score, i) => ({ id: `c${i}`, score }));
    const counts = new Array<number>(cs.length).fill(0);
    for (let seed = 0; seed < DRAWS; seed++)
      counts[Number(select(cs, { temperature, k: 1 }, seed).ids[0]!.slice(1))]!++;
    const z = scores.map((s) => s / temperature);
    const m = Math.max(...z);
    const w = z.map((x) => Math.exp(x - m));
    const sum = w.reduce((a, b) => a + b, 0);
    const probs = w.map((x) => x / sum);
    const r = chiSquareGoodnessOfFit(counts, probs);
    if (!r.ok) throw new Error(r.reason);
    return { counts, probs, pValue: r.pValue, statistic: r.statistic };
  };

  it('matches softmax for a fixed score vector', () => {
    const r = firstPickTest([0, 0.5, 1, 1.5, 2, -1], 0.8);
    expect(
      r.pValue,
      `chi2 ${r.statistic}, counts ${r.counts}, expected ${r.probs.map((p) => (p * DRAWS).toFixed(0))}, seeds 0..${DRAWS - 1}`,
    ).toBeGreaterThan(ALPHA);
  });

  it('matches softmax for generated score vectors (fast-check, Bonferroni over runs)', () => {
    const RUNS = 4;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 2, maxLength: 8 }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        (scores, temperature) => {
          const r = firstPickTest(scores, temperature);
          // Expected counts below 5 make Pearson's approximation unreliable: skip such vectors.
          if (r.probs.some((p) => p * DRAWS < 5)) return;
          expect(
            r.pValue,
            `chi2 ${r.statistic}, counts ${r.counts}, scores ${scores}, T ${temperature}`,
          ).toBeGreaterThan(ALPHA / RUNS);
        },
      ),
      { seed: FC_SEED, numRuns: RUNS },
    );
  });

  it('detects a wrong sampler (the test can fail)', () => {
    // Drawing in proportion to softmax(2 * score / T) instead must be rejected.
    const cs = [0, 0.5, 1, 1.5, 2, -1].map((score, i) => ({ id: `c${i}`, score }));
    const counts = new Array<number>(cs.length).fill(0);
    for (let seed = 0; seed < DRAWS; seed++)
      counts[Number(select(cs, { temperature: 0.4, k: 1 }, seed).ids[0]!.slice(1))]!++;
    const w = cs.map((c) => Math.exp(c.score / 0.8));
    const sum = w.reduce((a, b) => a + b, 0);
    const r = chiSquareGoodnessOfFit(
      counts,
      w.map((x) => x / sum),
    );
    expect(r.ok && r.pValue).toBeLessThan(ALPHA);
  });
});
