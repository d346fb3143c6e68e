import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
import { isMap, parseDocument, stringify, type Document } from 'yaml';
import { z } from 'zod';
import { GoldenCaseError } from '../core/errors.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { readValidatedFile } from '../io/read-data-file.ts';
import { resolveInside } from '../io/safe-path.ts';
import { formatCaseJson } from './case-json.ts';
import type { Expectation, GoldenCase } from './case-schema.ts';
import { PROPOSAL_SUFFIX } from './load-cases.ts';

/** `suites/golden/foo.yaml` → `suites/golden/foo.proposal.yaml`. */
export function proposalFileFor(caseFile: string): string {
  return join(dirname(caseFile), basename(caseFile, extname(caseFile)) + PROPOSAL_SUFFIX);
}

const proposalSchema = z.object({
  case: z.string().min(1),
  name: z.string(),
  expect: z.object({ ids: z.array(z.string()), entropy: z.number().optional() }).loose(),
});

/** The case's expectation with the actual selection as reference; modes and thresholds kept. */
export function proposedExpectation(c: GoldenCase, actual: { ids: string[]; entropy?: number }): Expectation {
  const kept = c.expect ?? { mode: 'exact-order' as const };
  const { entropy: _old, ...rest } = kept as Expectation;
  return {
    ...rest,
    ids: actual.ids,
    ...(actual.entropy !== undefined ? { entropy: actual.entropy } : {}),
  };
}

/** Write `<case>.proposal.yaml` next to the case. The case file itself is never touched here. */
export async function writeProposal(c: GoldenCase, actual: { ids: string[]; entropy?: number }): Promise<string> {
  const file = proposalFileFor(c.absFile);
  const body = stringify(
    { case: basename(c.absFile), name: c.name, expect: proposedExpectation(c, actual) },
    { collectionStyle: 'block', flowCollectionPadding: false },
  );
  const header =
    '# Proposed by `gauntlet golden --update`: what this case selects now (the ranking diff is in the run report).\n' +
    '# Review it, then `gauntlet golden --accept` copies `expect` into the case file and deletes this proposal.\n';
  await writeFileAtomic(file, header + body);
  return file;
}

/** Copy a proposal's expectation into its case file (comments and layout of YAML cases kept), then delete the proposal. */
export async function acceptProposal(
  proposalAbs: string,
  rootDir: string,
  allowOutside = false,
): Promise<{ caseFile: string } | { obsolete: string }> {
  const p = await readValidatedFile(proposalAbs, proposalSchema, (m, l, o) => new GoldenCaseError(m, l, o));
  // A proposal names the case file it rewrites: a pull request must not aim it outside the project.
  const caseAbs = resolveInside(rootDir, join(dirname(proposalAbs), p.case), {
    allowOutside,
    location: { file: relative(rootDir, proposalAbs), field: 'case' },
  });
  const expect = canonicalOrder(p.expect);
  let text: string;
  try {
    text = await readFile(caseAbs, 'utf8');
  } catch {
    return { obsolete: relative(rootDir, proposalAbs) };
  }
  if (extname(caseAbs).toLowerCase() === '.json') {
    const data = JSON.parse(text) as Record<string, unknown>;
    data.expect = expect;
    await writeFileAtomic(caseAbs, formatCaseJson(data));
  } else {
    const doc = parseDocument(text);
    setExpectation(doc, expect);
    await writeFileAtomic(caseAbs, doc.toString());
  }
  await rm(proposalAbs);
  return { caseFile: relative(rootDir, caseAbs) };
}

const KEY_ORDER = ['mode', 'ids', 'entropy', 'entropyTolerance', 'minOverlap', 'minKendallTau', 'maxLatencyMs'];

/** Expectation keys in a fixed order, so accepted files read the same whoever accepted them. */
function canonicalOrder(e: Record<string, unknown>): Record<string, unknown> {
  const rank = (k: string) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);
  return Object.fromEntries(Object.entries(e).sort(([a], [b]) => rank(a) - rank(b)));
}

function setExpectation(doc: Document, expect: Record<string, unknown>): void {
  const current = doc.get('expect', true);
  if (!isMap(current)) {
    doc.set('expect', doc.createNode(expect));
  } else {
    for (const [key, value] of Object.entries(expect)) doc.setIn(['expect', key], doc.createNode(value));
  }
  const ids = doc.getIn(['expect', 'ids'], true) as { flow?: boolean } | undefined;
  if (ids) ids.flow = true;
}
