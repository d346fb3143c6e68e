/**
 * Generated inputs for the boundary fuzzer: mutations of a valid document (one field replaced,
 * removed or added, written as YAML or JSON), damaged text (truncated, spliced bytes), and plain
 * garbage (random strings, random JSON, YAML traps). fast-check draws them from a seed.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

/** Values that break naive code: non-finite numbers, huge sizes, wrong types, prototype keys. */
const nasty = fc.constantFrom<unknown>(
  NaN,
  Infinity,
  -Infinity,
  -0,
  1e308,
  -1,
  0,
  0.5,
  2 ** 53 + 1,
  -(2 ** 31),
  '',
  ' ',
  'x'.repeat(2000),
  '../../etc/passwd',
  '/etc/passwd',
  '<img src=x onerror=alert(1)>',
  '\u0000',
  '\u202e',
  null,
  [],
  {},
  [[[]]],
  { __proto__: { polluted: 1 } },
  { constructor: { prototype: {} } },
  true,
  false,
  '1e999',
  '0x10',
);

export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

/** YAML and JSON texts that are valid syntax traps or outright bombs. */
const traps = fc.constantFrom(
  '',
  '\n',
  '---\n---\n',
  '~',
  'null',
  '[]',
  '{}',
  '"just a string"',
  '42',
  '.nan',
  '.inf',
  '-.inf',
  'a: &a [*a]',
  'a: &a [1]\nb: *a\nc: *b',
  '!!binary aGVsbG8=',
  '!!js/function "function(){}"',
  '? [a, b]\n: c',
  'a: 1\na: 2',
  '{"a": 1, "a": 2}',
  '%YAML 9.9\n---\na: 1',
  'a: !!float .nan',
  '\ufeff{"name": 1}',
  '\t- x',
  'x: [' + '['.repeat(500),
  '{'.repeat(2000),
  `l0: &l0 [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [*l${i}, *l${i}, *l${i}, *l${i}, *l${i}, *l${i}, *l${i}, *l${i}, *l${i}]`).join('\n')}`,
);

type Path = (string | number)[];

/** Every path to a value in a document (functions are leaves). */
export function pathsOf(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}

function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T;
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)])) as T;
  return v;
}

export type Mutation = { action: 'replace' | 'delete' | 'add'; pick: number; key: string; value: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  action: fc.constantFrom('replace', 'replace', 'delete', 'add'),
  pick: fc.nat(),
  key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'name', 'kind', 'extra')),
  value: anyValue,
});

/** Apply one mutation at the path `pick` selects (modulo the number of paths). */
export function mutate<T>(doc: T, m: Mutation): unknown {
  const out = clone(doc) as unknown;
  const paths = pathsOf(out);
  const path = paths[m.pick % paths.length]!;
  if (path.length === 0) return m.action === 'replace' ? m.value : out;
  const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], out);
  const last = path[path.length - 1]!;
  if (m.action === 'replace') parent[last] = m.value;
  else if (m.action === 'delete') Array.isArray(parent) ? parent.splice(Number(last), 1) : delete parent[last];
  else if (parent[last] !== null && typeof parent[last] === 'object' && !Array.isArray(parent[last]))
    Object.defineProperty(parent[last], m.key, {
      value: m.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else if (Array.isArray(parent[last])) parent[last].push(m.value);
  else parent[last] = m.value;
  return out;
}

/** Text of a data file: YAML or JSON. YAML writes NaN as `.nan`; JSON turns it into null. */
export function render(data: unknown, format: 'yaml' | 'json'): string {
  try {
    return format === 'json' ? (JSON.stringify(data) ?? 'undefined') : stringify(data);
  } catch {
    return String(data);
  }
}

export interface TextInput {
  text: string;
  format: 'yaml' | 'json';
  how: 'mutated' | 'damaged' | 'garbage' | 'valid';
}

/** Texts of a data file built around one valid document. */
export function dataText(valid: unknown): fc.Arbitrary<TextInput> {
  const format = fc.constantFrom<'yaml' | 'json'>('yaml', 'json');
  return fc.oneof(
    { weight: 1, arbitrary: format.map((f) => ({ text: render(valid, f), format: f, how: 'valid' as const })) },
    {
      weight: 10,
      arbitrary: fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 3 }), format).map(([ms, f]) => ({
        text: render(
          ms.reduce<unknown>((d, m) => mutate(d, m), valid),
          f,
        ),
        format: f,
        how: 'mutated' as const,
      })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(format, fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 8 }))
        .map(([f, a, b, ins]) => {
          const t = render(valid, f);
          const i = a % (t.length + 1);
          const j = Math.min(t.length, i + (b % 16));
          return {
            text: b % 3 === 0 ? t.slice(0, i) : t.slice(0, i) + ins + t.slice(j),
            format: f,
            how: 'damaged' as const,
          };
        }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          format,
          fc.oneof(
            traps,
            fc.string({ unit: 'binary', maxLength: 200 }),
            fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
          ),
        )
        .map(([f, text]) => ({ text, format: f, how: 'garbage' as const })),
    },
  );
}

/** Draw `n` values from an arbitrary, reproducibly. */
export function draw<T>(arb: fc.Arbitrary<T>, n: number, seed: number): T[] {
  return fc.sample(arb, { numRuns: n, seed });
}
