/**
 * A shrunk property-test counterexample saved as a golden case: `gauntlet golden --from-counterexample FILE`.
 * The case has no expectation, so it fails until someone decides what the right selection is: fix
 * the selector, `gauntlet golden --update`, review the proposal, `--accept`.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Document, isMap, isSeq } from 'yaml';
import { InputError } from '../core/errors.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { readValidatedFile } from '../io/read-data-file.ts';

/** What a property test writes when it fails (e.g. sut/planner/counterexample.ts). */
export const counterexampleSchema = z.looseObject({
  /** The property's name. */
  property: z.string().min(1),
  /** fast-check's seed and path: `fc.assert(prop, { seed, path })` replays exactly this run. */
  fcSeed: z.number().int(),
  fcPath: z.string().optional(),
  candidates: z.array(z.looseObject({ id: z.string(), score: z.number() })),
  /** The selector config the property used; it overrides the suite's base config in the case. */
  config: z.record(z.string(), z.unknown()).default({}),
  /** The selection seed. */
  seed: z.number().int(),
  /** The assertion that failed. */
  error: z.string(),
});
export type Counterexample = z.output<typeof counterexampleSchema>;

/** Write the counterexample in `file` as `<dir>/<name>.yaml` (never over an existing case). Returns the case path. */
export async function writeCounterexampleCase(file: string, dir: string, name?: string): Promise<string> {
  const cx = await readValidatedFile(file, counterexampleSchema);
  const caseName = name ?? `counterexample-${cx.property}-${cx.fcSeed}`;
  if (!/^[\w.-]+$/.test(caseName))
    throw new InputError(`case name '${caseName}' must be letters, digits, '.', '_' or '-'`, {
      file,
      field: 'property',
    });
  const out = join(dir, `${caseName}.yaml`);
  if (existsSync(out))
    throw new InputError('the case file exists already; pass --name to choose another case name', { file: out });
  const doc = new Document({
    name: caseName,
    description: `shrunk counterexample of property '${cx.property}' (fast-check seed ${cx.fcSeed}, path ${cx.fcPath ?? '-'}): ${cx.error.split('\n')[0]}`,
    seed: cx.seed,
    config: cx.config,
    candidates: cx.candidates,
  });
  const cands = doc.get('candidates', true);
  if (isSeq(cands)) for (const item of cands.items) if (isMap(item)) item.flow = true;
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(out, doc.toString({ flowCollectionPadding: true, lineWidth: 120 }));
  return out;
}
