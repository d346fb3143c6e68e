/**
 * Writes the committed golden cases in suites/golden/ (the 60+ case dataset, including the 100,
 * 1,000 and 10,000-candidate performance cases), deterministically from fixed seeds.
 *
 *   npx tsx scripts/make-golden-cases.ts          write the cases that do not exist yet; leave existing ones as they are
 *
 * Expectations: cases whose answer follows from the rules alone (greedy temperature, k = 0, empty
 * input, caps that bind at temperature 0, boosts) get a hand-derived expectation here, independent of
 * the planner's code. The others are snapshots: the planner's selection when the case was first
 * written, exactly what `gauntlet golden --update` + `--accept` would record. An existing case file is
 * never rewritten, candidates included: the committed candidates are the data its expectation was
 * recorded for (the seeded generator's output changed with `createRng`'s seeding in 6c10384, so
 * regenerating them under an old expectation would fail 37 of 68 cases). Running it never
 * re-baselines anything; to regenerate a case, delete its file first and review the new expectation.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, isMap, isSeq } from 'yaml';
import { createRng } from '../harness/core/rng.ts';
import { formatCaseJson } from '../harness/golden/case-json.ts';
import { loadPlannerConfig, select, withOverrides, type Candidate, type PlannerConfig } from '../sut/planner/index.ts';

const DIR = join(import.meta.dirname, '..', 'suites', 'golden');
const CATEGORIES = ['news', 'sports', 'tech', 'sponsored', 'fresh'];

interface Expect {
  mode?: 'exact-order' | 'same-set' | 'min-overlap' | 'min-kendall-tau';
  ids?: string[];
  entropy?: number;
  entropyTolerance?: number;
  minOverlap?: number;
  minKendallTau?: number;
  maxLatencyMs?: number;
}
interface Spec {
  name: string;
  description: string;
  seed: number;
  config?: Partial<PlannerConfig>;
  candidates: Candidate[];
  /** Hand-derived ids (and entropy); omitted ids are a snapshot of the planner. */
  expect?: Expect;
  json?: boolean;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** n candidates with normal scores (sd `spread`) and categories drawn from CATEGORIES, from `seed`. */
function generate(
  seed: number,
  n: number,
  opts: { spread?: number; categories?: boolean; prefix?: string } = {},
): Candidate[] {
  const rng = createRng(seed);
  rng.float(); // the first draws of small seeds are poorly mixed in xoroshiro128+; skip a few
  rng.float();
  return Array.from({ length: n }, (_, i) => {
    const c: Candidate = {
      id: `${opts.prefix ?? 'item'}-${String(i).padStart(String(n - 1).length, '0')}`,
      score: round(rng.normal() * (opts.spread ?? 1.5)),
    };
    if (opts.categories ?? true) c.category = CATEGORIES[rng.int(0, CATEGORIES.length - 1)]!;
    return c;
  });
}
const plain = (scores: number[], cats?: Array<string | undefined>): Candidate[] =>
  scores.map((score, i) => ({ id: `c${i}`, score, ...(cats?.[i] ? { category: cats[i] } : {}) }));
/** Ids by descending score, stable: the greedy order (temperature 0, or a temperature far below the score gaps). */
const byScore = (cs: Candidate[], boost: (c: Candidate) => number = () => 0) =>
  cs
    .map((c, i) => ({ c, i, s: c.score + boost(c) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.c.id);

function specs(): Spec[] {
  const out: Spec[] = [];
  // Normal scenarios, varied scores and sizes.
  const normal: Array<[number, number]> = [
    [6, 3],
    [8, 5],
    [10, 5],
    [12, 4],
    [15, 5],
    [20, 7],
    [25, 5],
    [30, 10],
    [40, 8],
    [50, 5],
    [8, 2],
    [12, 6],
  ];
  normal.forEach(([n, k], i) =>
    out.push({
      name: `normal-${String(i + 1).padStart(2, '0')}`,
      description: `${n} candidates with varied scores, k = ${k}`,
      seed: 100 + i,
      config: { k },
      candidates: generate(1000 + i, n),
    }),
  );
  // Tied scores.
  out.push({
    name: 'tied-all-equal',
    description: 'six equal scores: every order equally likely, entropy ln 6',
    seed: 7,
    config: { k: 3 },
    candidates: plain([1, 1, 1, 1, 1, 1]),
    expect: { entropy: Math.log(6) },
  });
  out.push({
    name: 'tied-pairs',
    description: 'scores tied in pairs',
    seed: 8,
    config: { k: 4 },
    candidates: plain([3, 3, 2, 2, 1, 1, 0, 0]),
  });
  out.push({
    name: 'tied-all-zero',
    description: 'all scores zero',
    seed: 9,
    config: { k: 5 },
    candidates: plain(Array(10).fill(0)),
  });
  out.push({
    name: 'tied-negative',
    description: 'tied negative scores',
    seed: 10,
    config: { k: 2 },
    candidates: plain([-2, -2, -2, -5]),
  });
  out.push({
    name: 'tied-top-three-greedy',
    description: 'temperature 0: the three tied maxima are selected, in a seeded order',
    seed: 11,
    config: { temperature: 0, k: 3 },
    candidates: plain([5, 5, 5, 1, 0]),
    expect: { mode: 'same-set', ids: ['c0', 'c1', 'c2'], entropy: Math.log(3) },
  });
  out.push({
    name: 'tied-greedy-seeded-order',
    description: 'temperature 0 with all scores tied: the order comes from the seed alone',
    seed: 12,
    config: { temperature: 0, k: 4 },
    candidates: plain([2, 2, 2, 2]),
  });
  out.push({
    name: 'tied-at-cutoff-greedy',
    description: 'temperature 0, the k-th place is a three-way tie: the first pick is fixed, half the set at least',
    seed: 13,
    config: { temperature: 0, k: 2 },
    candidates: plain([9, 7, 7, 7, 1]),
    expect: { mode: 'min-overlap', minOverlap: 0.5 },
  });
  // Empty candidate sets, k = 0, k > n.
  out.push({
    name: 'empty-candidates',
    description: 'no candidates: empty selection, entropy 0',
    seed: 1,
    config: { k: 5 },
    candidates: [],
    expect: { ids: [], entropy: 0 },
  });
  out.push({
    name: 'empty-candidates-k0',
    description: 'no candidates and k = 0',
    seed: 2,
    config: { k: 0 },
    candidates: [],
    expect: { ids: [], entropy: 0 },
  });
  out.push({
    name: 'k0-small',
    description: 'k = 0 selects nothing (entropy still reported)',
    seed: 3,
    config: { k: 0 },
    candidates: plain([1, 2, 3]),
    expect: { ids: [] },
  });
  out.push({
    name: 'k0-large',
    description: 'k = 0 over 50 candidates',
    seed: 4,
    config: { k: 0 },
    candidates: generate(2001, 50),
    expect: { ids: [] },
  });
  out.push({
    name: 'k0-with-caps',
    description: 'k = 0 with caps and boosts',
    seed: 5,
    config: { k: 0, categoryCaps: { news: 1 }, boosts: { ids: { c0: 3 } } },
    candidates: plain([1, 2, 3], ['news', 'news', 'tech']),
    expect: { ids: [] },
  });
  out.push({
    name: 'k-greater-than-n',
    description: 'k = 10 over 3 candidates: all three',
    seed: 6,
    config: { k: 10 },
    candidates: plain([0.5, 1.5, -1]),
    expect: { mode: 'same-set', ids: ['c0', 'c1', 'c2'] },
  });
  out.push({
    name: 'k-greater-than-n-greedy',
    description: 'k > n at temperature 0: all, by score',
    seed: 7,
    config: { k: 8, temperature: 0 },
    candidates: plain([0.5, 1.5, -1, 0.7]),
    expect: { ids: ['c1', 'c3', 'c0', 'c2'] },
  });
  out.push({
    name: 'k-greater-than-n-single',
    description: 'one candidate, k = 5',
    seed: 8,
    config: { k: 5 },
    candidates: plain([42]),
    expect: { ids: ['c0'], entropy: 0 },
  });
  out.push({
    name: 'k-greater-than-n-caps',
    description: 'k > n but a cap binds: fewer than n',
    seed: 9,
    config: { k: 10, temperature: 0 },
    candidates: plain([4, 3, 2, 1], ['sponsored', 'sponsored', 'sponsored', 'news']),
    expect: { ids: ['c0', 'c3'] },
  });
  out.push({
    name: 'k-equals-n',
    description: 'k = n: everything, order seeded',
    seed: 10,
    config: { k: 6 },
    candidates: generate(2002, 6),
    expect: { mode: 'same-set' },
  });
  // Boundary temperatures.
  const spaced = plain([0.3, 0.9, 0.1, 0.6, 0.8, 0.2, 0.5]);
  out.push({
    name: 'temperature-zero-greedy',
    description: 'temperature 0 is greedy: by score',
    seed: 21,
    config: { temperature: 0, k: 4 },
    candidates: spaced,
    expect: { ids: byScore(spaced).slice(0, 4), entropy: 0 },
  });
  out.push({
    name: 'temperature-1e-6',
    description: 'a tiny temperature: score gaps of 0.1 dwarf the noise, greedy order',
    seed: 22,
    config: { temperature: 1e-6, k: 5 },
    candidates: spaced,
    expect: { ids: byScore(spaced).slice(0, 5) },
  });
  out.push({
    name: 'temperature-1e-3',
    description: 'temperature 0.001, gaps of 0.1 (100 nats): greedy order',
    seed: 23,
    config: { temperature: 1e-3, k: 7 },
    candidates: spaced,
    expect: { ids: byScore(spaced) },
  });
  out.push({
    name: 'temperature-0.1',
    description: 'a low temperature',
    seed: 24,
    config: { temperature: 0.1, k: 4 },
    candidates: generate(2003, 12),
  });
  out.push({
    name: 'temperature-10',
    description: 'a high temperature',
    seed: 25,
    config: { temperature: 10, k: 4 },
    candidates: generate(2004, 12),
  });
  out.push({
    name: 'temperature-1e3',
    description: 'temperature 1000: nearly uniform',
    seed: 26,
    config: { temperature: 1e3, k: 5 },
    candidates: generate(2005, 20),
  });
  out.push({
    name: 'temperature-1e6',
    description: 'temperature 1e6: entropy within 1e-9 of ln 20',
    seed: 27,
    config: { temperature: 1e6, k: 5 },
    candidates: generate(2006, 20),
    expect: { entropy: Math.log(20), entropyTolerance: 1e-9 },
  });
  const huge = plain([1e6, 2e6, -3e6, 5e5]);
  out.push({
    name: 'temperature-huge-scores',
    description: 'scores in the millions at temperature 1: greedy',
    seed: 28,
    config: { k: 4 },
    candidates: huge,
    expect: { ids: byScore(huge), entropy: 0 },
  });
  // Category caps that bind.
  const capped = plain([10, 9, 8, 7, 6, 5], ['sponsored', 'sponsored', 'news', 'news', 'news', 'tech']);
  out.push({
    name: 'caps-base-sponsored',
    description: 'the base config caps sponsored at 1: the second sponsored item is skipped',
    seed: 31,
    config: { temperature: 0, k: 3 },
    candidates: capped,
    expect: { ids: ['c0', 'c2', 'c3'] },
  });
  out.push({
    name: 'caps-zero-excludes',
    description: 'a cap of 0 excludes a category',
    seed: 32,
    config: { temperature: 0, k: 3, categoryCaps: { news: 0 } },
    candidates: capped,
    expect: { ids: ['c0', 'c5'] },
  });
  out.push({
    name: 'caps-several-categories',
    description: 'caps on two categories bind at once',
    seed: 33,
    config: { temperature: 0, k: 4, categoryCaps: { news: 1 } },
    candidates: capped,
    expect: { ids: ['c0', 'c2', 'c5'] },
  });
  out.push({
    name: 'caps-fewer-than-k',
    description: 'every candidate in a capped category: fewer than k',
    seed: 34,
    config: { temperature: 0, k: 5, categoryCaps: { a: 1, b: 2 } },
    candidates: plain([1, 2, 3, 4, 5], ['a', 'a', 'b', 'b', 'b']),
    expect: { ids: ['c4', 'c3', 'c1'] },
  });
  out.push({
    name: 'caps-override-lifts-base',
    description: 'a case override lifts the base sponsored cap',
    seed: 35,
    config: { temperature: 0, k: 3, categoryCaps: { sponsored: 5 } },
    candidates: capped,
    expect: { ids: ['c0', 'c1', 'c2'] },
  });
  out.push({
    name: 'caps-sampled',
    description: 'caps binding under sampling (temperature 1)',
    seed: 36,
    config: { k: 6, categoryCaps: { news: 2, tech: 1 } },
    candidates: generate(2007, 30),
  });
  out.push({
    name: 'caps-sampled-many',
    description: 'caps on every category, k = 10 of 40',
    seed: 37,
    config: { k: 10, categoryCaps: { news: 2, sports: 2, tech: 2, sponsored: 1, fresh: 2 } },
    candidates: generate(2008, 40),
  });
  // Config overrides: boosts, exploration, temperature and k together.
  const flat = plain([1, 1, 1, 1], [undefined, 'fresh', undefined, 'news']);
  out.push({
    name: 'boost-base-fresh',
    description: 'the base config boosts fresh by 0.25: at temperature 0 it wins a tie',
    seed: 41,
    config: { temperature: 0, k: 1 },
    candidates: flat,
    expect: { ids: ['c1'], entropy: 0 },
  });
  out.push({
    name: 'boost-id',
    description: 'an id boost lifts one candidate',
    seed: 42,
    config: { temperature: 0, k: 2, boosts: { ids: { c3: 1 } } },
    candidates: flat,
    expect: { ids: ['c3', 'c1'] },
  });
  out.push({
    name: 'boost-negative',
    description: 'a negative category boost demotes',
    seed: 43,
    config: { temperature: 0, k: 4, boosts: { categories: { fresh: -2.5 } } },
    candidates: plain([3, 4, 2, 1], [undefined, 'fresh', undefined, undefined]),
    expect: { ids: ['c0', 'c2', 'c1', 'c3'] },
  });
  out.push({
    name: 'boost-additive',
    description: 'category and id boosts add up',
    seed: 44,
    config: { temperature: 0, k: 1, boosts: { categories: { news: 0.5 }, ids: { c3: 0.5 } } },
    candidates: plain([1.9, 1.5, 1.2, 1], [undefined, 'fresh', undefined, 'news']),
    expect: { ids: ['c3'] },
  });
  out.push({
    name: 'boost-sampled',
    description: 'boosts under sampling',
    seed: 45,
    config: { k: 5, boosts: { categories: { tech: 1 }, ids: { 'item-03': 2 } } },
    candidates: generate(2009, 20),
  });
  out.push({
    name: 'override-temperature-and-k',
    description: 'temperature and k overridden together',
    seed: 46,
    config: { temperature: 0.5, k: 8 },
    candidates: generate(2010, 25),
  });
  out.push({
    name: 'explore-half',
    description: 'exploration share 0.5: 2 of 4 slots uniform',
    seed: 47,
    config: { k: 4, explorationShare: 0.5 },
    candidates: generate(2011, 20),
  });
  out.push({
    name: 'explore-full',
    description: 'exploration share 1: every slot uniform',
    seed: 48,
    config: { k: 5, explorationShare: 1 },
    candidates: generate(2012, 20),
  });
  out.push({
    name: 'explore-greedy-head',
    description: 'temperature 0 with exploration 0.4: the greedy head is fixed',
    seed: 49,
    config: { temperature: 0, k: 5, explorationShare: 0.4 },
    candidates: spaced,
    expect: { mode: 'min-overlap', minOverlap: 0.6 },
  });
  out.push({
    name: 'explore-with-caps',
    description: 'exploration respects caps',
    seed: 50,
    config: { k: 6, explorationShare: 0.5, categoryCaps: { news: 1 } },
    candidates: generate(2013, 15),
  });
  // Odd inputs.
  out.push({
    name: 'negative-scores',
    description: 'all scores negative',
    seed: 51,
    config: { k: 4 },
    candidates: generate(2014, 10).map((c) => ({ ...c, score: -Math.abs(c.score) - 1 })),
  });
  out.push({
    name: 'wide-score-spread',
    description: 'scores spread over +-50',
    seed: 52,
    config: { k: 5 },
    candidates: generate(2015, 15, { spread: 20 }),
  });
  out.push({
    name: 'unicode-ids',
    description: 'ids in several scripts',
    seed: 53,
    config: { k: 3 },
    candidates: ['café', 'naïve', '東京', 'Ωmega', 'emoji-🙂', 'plain'].map((id, i) => ({
      id,
      score: round(i * 0.37),
    })),
  });
  out.push({
    name: 'no-categories',
    description: 'candidates without categories',
    seed: 54,
    config: { k: 4 },
    candidates: generate(2016, 12, { categories: false }),
  });
  out.push({
    name: 'one-dominant',
    description: 'one score far above the rest is picked first',
    seed: 55,
    config: { k: 3 },
    candidates: [...generate(2017, 9, { spread: 0.5 }), { id: 'star', score: 40 }],
  });
  // Expectation modes beyond exact order.
  out.push({
    name: 'mode-same-set',
    description: 'only the set matters',
    seed: 61,
    config: { k: 5 },
    candidates: generate(2018, 12),
    expect: { mode: 'same-set' },
  });
  out.push({
    name: 'mode-min-overlap',
    description: 'at least 60% overlap with the reference',
    seed: 62,
    config: { k: 5 },
    candidates: generate(2019, 12),
    expect: { mode: 'min-overlap', minOverlap: 0.6 },
  });
  out.push({
    name: 'mode-min-kendall-tau',
    description: 'Kendall tau at least 0.8 with the reference order',
    seed: 63,
    config: { k: 6 },
    candidates: generate(2020, 14),
    expect: { mode: 'min-kendall-tau', minKendallTau: 0.8 },
  });
  out.push({
    name: 'mode-entropy-tolerance',
    description: 'entropy within 1e-12 of the reference',
    seed: 64,
    config: { k: 3 },
    candidates: generate(2021, 9),
    expect: { entropyTolerance: 1e-12 },
  });
  // Performance cases (JSON: the loader parses them with JSON.parse). Latency bounds are ~50-100x the
  // quiet-machine median, to catch an accidental O(n^2) or O(n log n) -> O(n^2) on loaded CI machines
  // without crying wolf; scripts/bench-golden.ts measures the real figures.
  out.push({
    name: 'perf-100',
    description: '100 candidates, k = 10',
    seed: 71,
    config: { k: 10 },
    candidates: generate(3001, 100),
    expect: { maxLatencyMs: 10 },
    json: true,
  });
  out.push({
    name: 'perf-100-caps',
    description: '100 candidates, k = 20, caps and boosts',
    seed: 72,
    config: { k: 20, categoryCaps: { news: 4, sports: 4 }, boosts: { categories: { tech: 0.5 } } },
    candidates: generate(3002, 100),
    expect: { maxLatencyMs: 10 },
    json: true,
  });
  out.push({
    name: 'perf-1000',
    description: '1,000 candidates, k = 25',
    seed: 73,
    config: { k: 25 },
    candidates: generate(3003, 1000),
    expect: { maxLatencyMs: 25 },
    json: true,
  });
  out.push({
    name: 'perf-10000',
    description: '10,000 candidates, k = 50',
    seed: 74,
    config: { k: 50 },
    candidates: generate(3004, 10_000),
    expect: { maxLatencyMs: 250 },
    json: true,
  });
  out.push({
    name: 'perf-10000-explore',
    description: '10,000 candidates, k = 100, exploration 0.1, caps',
    seed: 75,
    config: { k: 100, explorationShare: 0.1, categoryCaps: { sponsored: 5 } },
    candidates: generate(3005, 10_000),
    expect: { maxLatencyMs: 250 },
    json: true,
  });
  return out;
}

function toYaml(data: Record<string, unknown>): string {
  const doc = new Document(data);
  const cands = doc.get('candidates', true);
  if (isSeq(cands)) for (const item of cands.items) if (isMap(item)) item.flow = true;
  const ids = doc.getIn(['expect', 'ids'], true);
  if (isSeq(ids)) ids.flow = true;
  return doc.toString({ flowCollectionPadding: true, lineWidth: 120 });
}

const base = await loadPlannerConfig();
let written = 0;
let kept = 0;
for (const spec of specs()) {
  const file = join(DIR, `${spec.name}.${spec.json ? 'json' : 'yaml'}`);
  if (existsSync(file)) {
    kept++;
    continue;
  }
  const actual = select(spec.candidates, withOverrides(base, spec.config), spec.seed);
  const e = spec.expect ?? {};
  const data: Record<string, unknown> = { name: spec.name, description: spec.description, seed: spec.seed };
  if (spec.config) data.config = spec.config;
  data.candidates = spec.candidates;
  data.expect = { mode: e.mode ?? 'exact-order', ...e, ids: e.ids ?? actual.ids, entropy: e.entropy ?? actual.entropy };
  writeFileSync(file, spec.json ? formatCaseJson(data) : toYaml(data));
  written++;
}
console.log(`wrote ${written} new case(s) to ${DIR}; left ${kept} existing case(s) as they are`);
