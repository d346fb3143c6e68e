import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { GoldenCaseError } from '../core/errors.ts';
import { formatFieldPath } from '../io/read-data-file.ts';
import { loadCase } from './load-cases.ts';

/**
 * Fuzzing the case loader: every malformed case file must end in a GoldenCaseError (exit code 2)
 * naming the file and the field, never in a crash or another kind of error.
 */
const root = mkdtempSync(join(tmpdir(), 'golden-fuzz-'));
let counter = 0;

const validCase = () => ({
  name: 'c',
  description: 'd',
  seed: 1,
  config: { k: 2 },
  timeoutMs: 1000,
  candidates: [
    { id: 'a', score: 1, category: 'x' },
    { id: 'b', score: 2 },
  ],
  expect: { mode: 'exact-order', ids: ['a', 'b'], entropy: 0.5, maxLatencyMs: 5 },
});
type Path = Array<string | number>;

function setPath(obj: any, path: Path, value: unknown): void {
  let o = obj;
  for (const p of path.slice(0, -1)) o = o[p];
  const last = path[path.length - 1]!;
  if (value === DELETE) delete o[last];
  else o[last] = value;
}
const DELETE = Symbol('delete');

const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant([1]), fc.constant({ a: 1 }));
const notNumber = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.constant([1]), fc.constant({ a: 1 }));
const notArray = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant({ a: 1 }));
const notObject = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant([1, 2]));
const wrongTypes: Array<[Path, fc.Arbitrary<unknown>]> = [
  [['name'], notString],
  [['description'], notString],
  [['seed'], fc.oneof(notNumber, fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }))],
  [['timeoutMs'], fc.oneof(notNumber, fc.integer({ max: 0 }))],
  [['config'], notObject],
  [['candidates'], notArray],
  [['candidates', 0], notObject],
  [['candidates', 0, 'id'], fc.oneof(notString, fc.constant(''))],
  [['candidates', 1, 'score'], notNumber],
  [['candidates', 0, 'category'], notString],
  [['expect'], notObject],
  [['expect', 'ids'], notArray],
  [['expect', 'ids', 1], notString],
  [['expect', 'entropy'], notNumber],
  [['expect', 'maxLatencyMs'], fc.oneof(notNumber, fc.integer({ max: 0 }))],
];

type Mutation = { path: Path; value: unknown; yamlOnly?: boolean };
const mutation = fc.oneof(
  fc
    .constantFrom<Path>(
      ['name'],
      ['seed'],
      ['candidates'],
      ['candidates', 0, 'id'],
      ['candidates', 1, 'score'],
      ['expect', 'ids'],
    )
    .map((path) => ({ path, value: DELETE })),
  fc.constantFrom(...wrongTypes).chain(([path, arb]) => arb.map((value) => ({ path, value }))),
  fc
    .tuple(fc.constantFrom<Path>([], ['candidates', 0], ['expect']), fc.string({ minLength: 1, maxLength: 8 }))
    .filter(
      ([, k]) =>
        ![
          'name',
          'description',
          'seed',
          'config',
          'timeoutMs',
          'candidates',
          'expect',
          'id',
          'score',
          'category',
          'mode',
          'ids',
          'entropy',
          'entropyTolerance',
          'maxLatencyMs',
          'minOverlap',
          'minKendallTau',
          '__proto__',
        ].includes(k),
    )
    .map(([parent, key]) => ({ path: [...parent, key], value: 1 })),
  fc
    .string({ maxLength: 12 })
    .filter((m) => !['exact-order', 'same-set', 'min-overlap', 'min-kendall-tau'].includes(m))
    .map((value) => ({ path: ['expect', 'mode'], value })),
  fc
    .constantFrom(NaN, Infinity, -Infinity)
    .map((value) => ({ path: ['candidates', 0, 'score'], value, yamlOnly: true })),
  fc.constant({ path: ['candidates', 1, 'id'], value: 'a' }),
) as fc.Arbitrary<Mutation>;

async function load(text: string, ext: string) {
  const name = `case-${counter++}.${ext}`;
  writeFileSync(join(root, name), text);
  return {
    name,
    result: await loadCase(join(root, name), root).then(
      (c) => ({ ok: true as const, c }),
      (e: unknown) => ({ ok: false as const, e }),
    ),
  };
}

describe('malformed case files (fast-check)', () => {
  it('a valid case loads (the fuzzer mutates a good file)', async () => {
    expect((await load(stringify(validCase()), 'yaml')).result.ok).toBe(true);
    expect((await load(JSON.stringify(validCase()), 'json')).result.ok).toBe(true);
  });

  it('every targeted defect is a GoldenCaseError naming the file and the field', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, fc.boolean(), async (m, asJson) => {
        const data = validCase();
        setPath(data, m.path, m.value);
        const json = asJson && !m.yamlOnly;
        const { name, result } = await load(json ? JSON.stringify(data) : stringify(data), json ? 'json' : 'yaml');
        expect(result.ok, `${formatFieldPath(m.path)} = ${String(m.value)} loaded`).toBe(false);
        const e = (result as { e: unknown }).e;
        expect(e).toBeInstanceOf(GoldenCaseError);
        const g = e as GoldenCaseError;
        expect(g.exitCode).toBe(2);
        expect(g.location.file).toBe(name);
        expect(g.location.field).toBeTruthy();
        // The named field is the defect or an ancestor of it (a missing key or an unknown key names its parent).
        const named = g.location.field === '(root)' ? '' : g.location.field!;
        expect(
          formatFieldPath(m.path).startsWith(named) || named.startsWith(formatFieldPath(m.path.slice(0, -1))),
        ).toBe(true);
        expect(g.describe()).toContain(name);
      }),
      { seed: 4242, numRuns: 300 },
    );
  });

  it('arbitrary damage (truncation, flipped characters, garbage) never crashes: it loads or is a GoldenCaseError naming the file', async () => {
    const good = [stringify(validCase()), JSON.stringify(validCase(), null, 2)];
    const damaged = fc.oneof(
      fc
        .tuple(fc.constantFrom(0, 1), fc.nat())
        .map(([i, cut]) => ({ text: good[i]!.slice(0, cut % good[i]!.length), ext: i ? 'json' : 'yaml' })),
      fc.tuple(fc.constantFrom(0, 1), fc.nat(), fc.string({ minLength: 1, maxLength: 3 })).map(([i, at, s]) => {
        const t = good[i]!;
        const p = at % t.length;
        return { text: t.slice(0, p) + s + t.slice(p + 1), ext: i ? 'json' : 'yaml' };
      }),
      fc.tuple(fc.string({ maxLength: 200 }), fc.constantFrom('yaml', 'json')).map(([text, ext]) => ({ text, ext })),
    );
    await fc.assert(
      fc.asyncProperty(damaged, async ({ text, ext }) => {
        const { name, result } = await load(text, ext);
        if (result.ok) return;
        expect(result.e).toBeInstanceOf(GoldenCaseError);
        expect((result.e as GoldenCaseError).exitCode).toBe(2);
        expect((result.e as GoldenCaseError).location.file).toBe(name);
      }),
      { seed: 4343, numRuns: 300 },
    );
  });
});

describe('large candidate lists (fast path)', () => {
  const big = (mutate: (cs: Array<Record<string, unknown>>) => void) => {
    const candidates: Array<Record<string, unknown>> = Array.from({ length: 300 }, (_, i) => ({
      id: `c${i}`,
      score: i / 7,
      ...(i % 3 ? { category: 'x' } : {}),
    }));
    mutate(candidates);
    return JSON.stringify({ name: 'big', seed: 1, candidates });
  };
  it('loads a well-formed list and still names the field of any defect', async () => {
    const ok = await load(
      big(() => {}),
      'json',
    );
    expect(ok.result.ok && ok.result.c.candidates).toHaveLength(300);
    const defects: Array<[(cs: Array<Record<string, unknown>>) => void, string]> = [
      [(cs) => (cs[250]!.id = 'c3'), 'candidates[250].id'],
      [(cs) => (cs[299]!.score = '1'), 'candidates[299].score'],
      [(cs) => (cs[7]!.extra = 1), 'candidates[7]'],
      [(cs) => (cs[8]!.category = ''), 'candidates[8].category'],
    ];
    for (const [mutate, field] of defects) {
      const { result } = await load(big(mutate), 'json');
      expect(result.ok).toBe(false);
      expect((result as { e: GoldenCaseError }).e.location.field).toBe(field);
    }
  });
});
