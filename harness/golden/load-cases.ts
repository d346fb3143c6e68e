import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { GoldenCaseError } from '../core/errors.ts';
import { parseDataText, validateData, type ErrorFactory, type ParsedDataFile } from '../io/read-data-file.ts';
import { goldenCaseSchema, type GoldenCase, type GoldenCaseData } from './case-schema.ts';
import { CaseParseCache } from './parse-cache.ts';

const CASE_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
export const PROPOSAL_SUFFIX = '.proposal.yaml';

const caseError: ErrorFactory = (m, l, o) => new GoldenCaseError(m, l, o);

/** Case files in a directory (recursively), sorted, proposals excluded. */
export async function listCaseFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new GoldenCaseError('golden case directory not found', { file: dir });
    throw e;
  }
  return entries
    .filter(
      (d) => d.isFile() && CASE_EXTENSIONS.has(extname(d.name).toLowerCase()) && !d.name.endsWith(PROPOSAL_SUFFIX),
    )
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/** Proposal files (`<case>.proposal.yaml`) in a directory, sorted. */
export async function listProposalFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((d) => d.isFile() && d.name.endsWith(PROPOSAL_SUFFIX))
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/**
 * Parse a case file. JSON takes the fast path (`JSON.parse`; the 10,000-candidate case would cost
 * hundreds of ms through the YAML parser); the YAML parser is used only to find the line of an error.
 */
export function parseCaseText(text: string, file: string, cache?: CaseParseCache): ParsedDataFile {
  if (cache && extname(file).toLowerCase() !== '.json') {
    const key = CaseParseCache.key(text);
    const hit = cache.get(key);
    if (hit !== undefined) {
      let slow: ParsedDataFile | undefined;
      return { file, data: hit, lineOf: (path) => (slow ??= parseDataText(text, file, caseError)).lineOf(path) };
    }
    const parsed = parseDataText(text, file, caseError);
    cache.set(key, parsed.data);
    return parsed;
  }
  if (extname(file).toLowerCase() === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return parseDataText(text, file, caseError); // throws, with the line
    }
    let slow: ParsedDataFile | undefined;
    return { file, data, lineOf: (path) => (slow ??= parseDataText(text, file, caseError)).lineOf(path) };
  }
  return parseDataText(text, file, caseError);
}

/** Read and validate one case; any problem is a GoldenCaseError naming the file, the field and the line. */
export async function loadCase(absFile: string, rootDir: string, cache?: CaseParseCache): Promise<GoldenCase> {
  const file = relative(rootDir, absFile) || absFile;
  let text: string;
  try {
    text = await readFile(absFile, 'utf8');
  } catch (e) {
    throw new GoldenCaseError(
      `cannot read case file (${(e as NodeJS.ErrnoException).code ?? e})`,
      { file },
      { cause: e },
    );
  }
  const parsed = parseCaseText(text, file, cache);
  const data = validateCase(parsed);
  return { ...data, file, absFile };
}

/**
 * Validate a parsed case. Large candidate lists that are plainly well-formed skip zod's per-element
 * walk (about 40 ms per 10,000 candidates, cold); anything unusual, including a duplicate id, goes
 * through the schema, which names the field.
 */
function validateCase(parsed: ParsedDataFile): GoldenCaseData {
  const raw = parsed.data as { candidates?: unknown } | null;
  if (
    raw &&
    typeof raw === 'object' &&
    Array.isArray(raw.candidates) &&
    raw.candidates.length > 256 &&
    plainCandidates(raw.candidates)
  ) {
    const rest = validateData({ ...parsed, data: { ...raw, candidates: [] } }, goldenCaseSchema, caseError);
    return { ...rest, candidates: raw.candidates as GoldenCaseData['candidates'] };
  }
  return validateData(parsed, goldenCaseSchema, caseError);
}

function plainCandidates(list: unknown[]): boolean {
  const ids = new Set<string>();
  for (const c of list) {
    if (c === null || typeof c !== 'object' || Array.isArray(c)) return false;
    const { id, score, category } = c as Record<string, unknown>;
    if (typeof id !== 'string' || id === '' || ids.has(id) || typeof score !== 'number' || !Number.isFinite(score))
      return false;
    if (category !== undefined && (typeof category !== 'string' || category === '')) return false;
    let keys = 0;
    for (const k in c) {
      if (k !== 'id' && k !== 'score' && k !== 'category') return false;
      keys++;
    }
    if (keys !== (category === undefined ? 2 : 3)) return false;
    ids.add(id);
  }
  return true;
}

/** Load every case in a directory; case names must be unique. `cache` memoises YAML parsing (see CaseParseCache). */
export async function loadCases(dir: string, rootDir: string, cache?: CaseParseCache): Promise<GoldenCase[]> {
  const files = await listCaseFiles(dir);
  const settled = await Promise.allSettled(files.map((f) => loadCase(f, rootDir, cache)));
  // Several bad files: always report the first in file order, not whichever failed first.
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  const cases = settled.map((s) => (s as PromiseFulfilledResult<GoldenCase>).value);
  const byName = new Map<string, string>();
  for (const c of cases) {
    const other = byName.get(c.name);
    if (other)
      throw new GoldenCaseError(`duplicate case name '${c.name}' (also in ${other})`, { file: c.file, field: 'name' });
    byName.set(c.name, c.file);
  }
  return cases;
}
