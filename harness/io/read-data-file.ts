import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { isMap, isScalar, parseDocument, LineCounter } from 'yaml';
import type { z } from 'zod';
import { InputError, type GauntletError, type ErrorLocation } from '../core/errors.ts';

export type ErrorFactory = (message: string, location: ErrorLocation, options?: { cause?: unknown }) => GauntletError;

const inputError: ErrorFactory = (m, l, o) => new InputError(m, l, o);

export interface ParsedDataFile {
  file: string;
  data: unknown;
  /** Line (1-based) where a dotted/bracketed field path starts, where known. */
  lineOf(path: readonly (string | number)[]): number | undefined;
  /** Line of the key `key` in the mapping at `path` (an unknown key's own line), where known. */
  keyLineOf?(path: readonly (string | number)[], key: string): number | undefined;
}

/** Parse YAML or JSON text. YAML is a superset of JSON, so one parser gives lines for both. */
export function parseDataText(text: string, file: string, makeError: ErrorFactory = inputError): ParsedDataFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line;
    if (extname(file).toLowerCase() === '.json') {
      // A .json file gets JSON's own account of what is wrong, not the YAML parser's.
      const json = jsonSyntaxError(text);
      if (json) throw makeError(`malformed JSON: ${json.message}`, { file, line: json.line ?? line }, { cause: err });
    }
    const what = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw makeError(`malformed YAML: ${what}`, { file, line }, { cause: err });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    // An alias to an undefined anchor, or an alias bomb: the parser accepts the text, building the value fails.
    throw makeError(`malformed YAML: ${(e as Error).message.split('\n')[0]}`, { file }, { cause: e });
  }
  return {
    file,
    data,
    lineOf(path) {
      const node = path.length === 0 ? doc.contents : doc.getIn(path as (string | number)[], true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
      // The value may be a scalar that getIn unwraps; look for the pair's key instead.
      return undefined;
    },
    keyLineOf(path, key) {
      const node = path.length === 0 ? doc.contents : doc.getIn(path as (string | number)[], true);
      if (!isMap(node)) return undefined;
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      const range = isScalar(pair?.key) ? pair.key.range : undefined;
      return range ? lineCounter.linePos(range[0]).line : undefined;
    },
  };
}

/** JSON.parse's complaint about `text` (its position turned into a line), or undefined when it parses. */
function jsonSyntaxError(text: string): { message: string; line?: number } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    // V8 quotes the text around the error ('Unexpected token \',\', "{"a": [1,,..." is not valid JSON'), which can
    // span lines: keep the complaint, and the line from the position where V8 gives one.
    const message = (e as Error).message
      .replace(/, "[\s\S]*" is not valid JSON$/, '')
      .replace(/ \(line \d+ column \d+\)$/, '')
      .replace(/ in JSON at position \d+/, '');
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    const line = at === undefined ? undefined : text.slice(0, Number(at)).split('\n').length;
    return { message, ...(line === undefined ? {} : { line }) };
  }
}

/** A file's text; a file that cannot be read is an error naming it (`label`, default the path). */
export async function readTextFile(file: string, makeError: ErrorFactory = inputError, label = file): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw makeError(
      code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(e)})`,
      { file: label },
      { cause: e },
    );
  }
}

export async function readDataFile(file: string, makeError: ErrorFactory = inputError): Promise<ParsedDataFile> {
  return parseDataText(await readTextFile(file, makeError), file, makeError);
}

/** `a.b[2].c` from a zod issue path. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

/**
 * Validate parsed data with a zod schema; the first issue becomes one error naming the file, the
 * field and its line.
 */
export function validateData<S extends z.ZodType>(
  parsed: ParsedDataFile,
  schema: S,
  makeError: ErrorFactory = inputError,
): z.infer<S> {
  const result = schema.safeParse(parsed.data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path as (string | number)[];
  let line: number | undefined =
    issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined
      ? parsed.keyLineOf?.(path, issue.keys[0])
      : undefined;
  for (let i = path.length; i >= 0 && line === undefined; i--) line = parsed.lineOf(path.slice(0, i));
  throw makeError(issue.message, { file: parsed.file, field: formatFieldPath(path), line }, { cause: result.error });
}

export async function readValidatedFile<S extends z.ZodType>(
  file: string,
  schema: S,
  makeError: ErrorFactory = inputError,
): Promise<z.infer<S>> {
  return validateData(await readDataFile(file, makeError), schema, makeError);
}
