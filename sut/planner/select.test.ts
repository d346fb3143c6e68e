import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../harness/core/errors.ts';
import {
  loadPlannerConfig,
  PlannerInputError,
  select,
  softmaxEntropy,
  withOverrides,
  type Candidate,
  type PlannerConfig,
} from './index.ts';

const base: PlannerConfig = { temperature: 1, k: 3 };
const cands = (scores: number[], category?: (i: number) => string | undefined): Candidate[] =>
  scores.map((score, i) => ({ id: `c${i}`, score, ...(category?.(i) !== undefined ? { category: category(i) } : {}) }));

describe('select', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const c = cands([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(select(c, base, 7)).toEqual(select(c, base, 7));
    const distinct = new Set(Array.from({ length: 20 }, (_, s) => select(c, base, s).ids.join(',')));
    expect(distinct.size).toBeGreaterThan(1);
  });

  it('returns min(k, n) distinct ids, nothing for k = 0 or no candidates', () => {
    expect(select(cands([1, 2]), { ...base, k: 5 }, 1).ids).toHaveLength(2);
    expect(select(cands([1, 2, 3]), { ...base, k: 0 }, 1).ids).toEqual([]);
    expect(select([], base, 1)).toEqual({ ids: [], entropy: 0, exploredIds: [] });
  });

  it('is greedy at temperature 0 and breaks ties among equal scores at random', () => {
    expect(select(cands([3, 9, 1, 7]), { temperature: 0, k: 4 }, 5).ids).toEqual(['c1', 'c3', 'c0', 'c2']);
    const firsts = new Set(
      Array.from({ length: 40 }, (_, s) => select(cands([5, 5, 5, 1]), { temperature: 0, k: 1 }, s).ids[0]),
    );
    expect([...firsts].sort()).toEqual(['c0', 'c1', 'c2']);
  });

  it('with a very low temperature follows the scores', () => {
    expect(select(cands([0.1, 0.5, 0.3]), { temperature: 1e-6, k: 3 }, 3).ids).toEqual(['c1', 'c2', 'c0']);
  });

  it('respects category caps and fills the rest from other categories', () => {
    const c = cands([10, 9, 8, 1, 0], (i) => (i < 3 ? 'a' : 'b'));
    const s = select(c, { temperature: 0, k: 4, categoryCaps: { a: 1 } }, 1);
    expect(s.ids).toEqual(['c0', 'c3', 'c4']);
  });

  it('applies boosts per category and per id, additively', () => {
    const c = cands([1, 1, 1], (i) => (i === 2 ? 'fresh' : undefined));
    expect(select(c, { temperature: 0, k: 1, boosts: { ids: { c1: 0.5 } } }, 1).ids).toEqual(['c1']);
    expect(
      select(c, { temperature: 0, k: 1, boosts: { ids: { c1: 0.5 }, categories: { fresh: 0.6 } } }, 1).ids,
    ).toEqual(['c2']);
  });

  it('fills floor(share * k) slots by exploration, after the Gumbel picks', () => {
    const c = cands([100, 99, 98, 0, 0, 0, 0, 0]);
    const s = select(c, { temperature: 0, k: 4, explorationShare: 0.5 }, 11);
    expect(s.ids.slice(0, 2)).toEqual(['c0', 'c1']);
    expect(s.exploredIds).toHaveLength(2);
    expect(s.ids.slice(2)).toEqual(s.exploredIds);
    expect(new Set(s.ids).size).toBe(4);
  });

  it('reports the softmax entropy in nats', () => {
    expect(select(cands([2, 2, 2, 2]), base, 1).entropy).toBeCloseTo(Math.log(4), 12);
    expect(select(cands([2, 2, 1]), { temperature: 0, k: 1 }, 1).entropy).toBeCloseTo(Math.log(2), 12);
    // p = softmax([0, ln 3]) = [1/4, 3/4]
    expect(softmaxEntropy([0, Math.log(3)])).toBeCloseTo(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), 12);
  });

  it('refuses NaN or infinite scores and duplicate ids, naming the field', () => {
    expect(() => select(cands([1, NaN]), base, 1)).toThrow(PlannerInputError);
    expect(() => select(cands([1, NaN]), base, 1)).toThrow(/score must be a finite number/);
    try {
      select(
        [
          { id: 'a', score: 1 },
          { id: 'a', score: 2 },
        ],
        base,
        1,
      );
      expect.unreachable();
    } catch (e) {
      expect((e as PlannerInputError).location.field).toBe('candidates[1].id');
    }
    expect(() => select(cands([Infinity]), base, 1)).toThrow(/candidates\[0\]|finite/);
    expect(() => select(cands([1e308]), { temperature: 1e-10, k: 1 }, 1)).toThrow(/overflows/);
    expect(() => select(cands([1]), { temperature: -1, k: 1 }, 1)).toThrow(/temperature/);
  });
});

describe('planner config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'planner-config-'));
  it('loads the bundled config', async () => {
    const cfg = await loadPlannerConfig();
    expect(cfg.temperature).toBeGreaterThan(0);
    expect(cfg.k).toBeGreaterThan(0);
  });
  it('names file and field of a bad value', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'temperature: 1\nk: 2.5\n');
    await expect(loadPlannerConfig(file)).rejects.toThrow(InputError);
    await expect(loadPlannerConfig(file)).rejects.toMatchObject({ location: { file, field: 'k', line: 2 } });
    writeFileSync(file, 'temperature: 1\nk: 2\nexploration: 0.1\n');
    await expect(loadPlannerConfig(file)).rejects.toThrow(/exploration/);
  });
  it('merges overrides key by key', () => {
    const merged = withOverrides({ temperature: 1, k: 3, categoryCaps: { a: 1 } }, { k: 2, categoryCaps: { b: 2 } });
    expect(merged).toMatchObject({ temperature: 1, k: 2, categoryCaps: { a: 1, b: 2 } });
  });
});
