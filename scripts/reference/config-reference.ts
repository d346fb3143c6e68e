import { z } from 'zod';
import { bestKeyDocs, type KeyDocs } from './schema-doc-comments.ts';

type JsonSchema = z.core.JSONSchema.JSONSchema;

/** One table of the reference: a heading, a sentence, and the schema whose keys it lists. */
export interface SchemaSection {
  title: string;
  intro: string;
  schema: z.ZodType;
}

interface Row {
  key: string;
  type: string;
  required: '' | 'yes' | 'in some forms';
  default?: unknown;
  description: string;
}

const FUNCTION_MARK = 'x-gauntlet-function';
const CUSTOM_MARK = 'x-gauntlet-custom';

/** The input side of a schema as JSON Schema; functions and other values JSON cannot hold are marked. */
function toJson(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const type = zodSchema._zod.def.type;
      // A custom check that accepts a function is a function value (a factory, a selector); other custom checks are values.
      if (type === 'function' || (type === 'custom' && z.safeParse(zodSchema, () => {}).success))
        jsonSchema[FUNCTION_MARK] = true;
      else if (type === 'custom') jsonSchema[CUSTOM_MARK] = true;
    },
  });
}

const isSchema = (s: unknown): s is JsonSchema => typeof s === 'object' && s !== null;

function bounds(s: JsonSchema): string {
  const parts: string[] = [];
  if (typeof s.minimum === 'number' && Math.abs(s.minimum) < Number.MAX_SAFE_INTEGER) parts.push(`≥ ${s.minimum}`);
  if (typeof s.exclusiveMinimum === 'number') parts.push(`> ${s.exclusiveMinimum}`);
  if (typeof s.maximum === 'number' && Math.abs(s.maximum) < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${s.maximum}`);
  if (typeof s.exclusiveMaximum === 'number') parts.push(`< ${s.exclusiveMaximum}`);
  if (typeof s.minItems === 'number' && s.minItems > 0) parts.push(`at least ${s.minItems}`);
  if (typeof s.maxItems === 'number') parts.push(`at most ${s.maxItems}`);
  if (typeof s.minLength === 'number' && s.minLength > 1) parts.push(`length ≥ ${s.minLength}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** A short TypeScript-like type: `integer (≥ 2)`, `'cpu' | 'wall'`, `string[]`, `function`. */
export function typeText(s: JsonSchema): string {
  if (s[FUNCTION_MARK]) return 'function';
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  const union = s.anyOf ?? s.oneOf;
  if (union) return [...new Set(union.map(typeText))].join(' \\| ');
  if (s.type === 'array') {
    const item = isSchema(s.items) ? typeText(s.items) : 'any';
    return `${item.includes(' ') ? `(${item})` : item}[]${bounds(s)}`;
  }
  if (s.type === 'object') {
    if (s.properties) return 'object';
    if (isSchema(s.additionalProperties)) return `Record<string, ${typeText(s.additionalProperties)}>`;
    return 'object';
  }
  if (typeof s.type === 'string') return `${s.type}${bounds(s)}`;
  return s[CUSTOM_MARK] ? 'custom' : 'any';
}

/** The object schemas a property's keys come from: itself, its array items, a record's values, or the members of a union (each a form). */
function objectForms(s: JsonSchema): { forms: JsonSchema[]; suffix: string } {
  if (s.properties) return { forms: [s], suffix: '.' };
  // A record of objects (the canary judge's `metrics`): the keys of one value, under a placeholder name.
  if (s.type === 'object' && isSchema(s.additionalProperties) && s.additionalProperties.properties)
    return { forms: [s.additionalProperties], suffix: '.<name>.' };
  if (s.type === 'array' && isSchema(s.items)) {
    const inner = objectForms(s.items);
    return { forms: inner.forms, suffix: `[]${inner.suffix}` };
  }
  const union = s.anyOf ?? s.oneOf;
  if (!union) return { forms: [], suffix: '.' };
  return { forms: union.flatMap((m) => objectForms(m).forms), suffix: '.' };
}

function rowsOf(s: JsonSchema, prefix: string, docs: KeyDocs[]): Map<string, Row> {
  const out = new Map<string, Row>();
  const props = Object.entries(s.properties ?? {}).filter((e): e is [string, JsonSchema] => isSchema(e[1]));
  const literalDocs = bestKeyDocs(
    props.map(([k]) => k),
    docs,
  );
  for (const [name, prop] of props) {
    const key = `${prefix}${name}`;
    out.set(key, {
      key,
      type: typeText(prop),
      required: (s.required ?? []).includes(name) ? 'yes' : '',
      default: prop.default,
      description: prop.description ?? literalDocs?.get(name) ?? '',
    });
    const { forms, suffix } = objectForms(prop);
    for (const row of mergeForms(forms.map((f) => rowsOf(f, `${key}${suffix}`, docs)))) out.set(row.key, row);
  }
  return out;
}

/** The rows of several forms of one object (a union): one row per key, every type it may have. */
function mergeForms(forms: Array<Map<string, Row>>): Row[] {
  const merged = new Map<string, Row & { requiredIn: number; seenIn: number }>();
  for (const rows of forms) {
    for (const row of rows.values()) {
      const seen = merged.get(row.key);
      if (!seen) {
        merged.set(row.key, { ...row, requiredIn: row.required === 'yes' ? 1 : 0, seenIn: 1 });
        continue;
      }
      seen.seenIn += 1;
      if (row.required === 'yes') seen.requiredIn += 1;
      if (!seen.type.split(' \\| ').includes(row.type)) seen.type = `${seen.type} \\| ${row.type}`;
      seen.description ||= row.description;
    }
  }
  return [...merged.values()].map(({ requiredIn, seenIn, ...row }) => ({
    ...row,
    required:
      forms.length > 1 && requiredIn > 0 && (requiredIn < forms.length || seenIn < forms.length)
        ? 'in some forms'
        : row.required,
  }));
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function defaultText(v: unknown): string {
  if (v === undefined) return '';
  const text = JSON.stringify(v);
  return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\``;
}

/** The table of one schema's keys, nested keys dotted (`slo.e2eMs`, `scenarios[].name`). */
export function schemaTable(schema: z.ZodType, docs: KeyDocs[]): string {
  const rows = rowsOf(toJson(schema), '', docs);
  return [
    '| key | type | required | default | description |',
    '|---|---|---|---|---|',
    ...[...rows.values()].map(
      (r) =>
        `| \`${r.key}\` | ${r.type.replace(/\n/g, ' ')} | ${r.required} | ${defaultText(r.default)} | ${cell(r.description)} |`,
    ),
  ].join('\n');
}

/** docs/reference/config.md from the live schemas: every key, its type, default and doc comment. */
export function configReferenceText(sections: SchemaSection[], docs: KeyDocs[]): string {
  const lines = [
    '# Configuration reference',
    '',
    "<!-- Generated by `npm run docs:reference` from the zod schemas (the config schema and each built-in kind's",
    '     entry schema) and their doc comments. Do not edit by hand: tests/reference-docs.test.ts fails when this',
    '     file is stale. -->',
    '',
    '`gauntlet.config.ts` exports `defineConfig({...})`. Keys marked "required" must be given; the others have',
    'the default shown or are off when absent. A wrong key or type is an exit-code-2 error naming it.',
    '',
  ];
  for (const s of sections) lines.push(`## ${s.title}`, '', s.intro, '', schemaTable(s.schema, docs), '');
  return lines.join('\n');
}
