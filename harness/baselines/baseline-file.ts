import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { z } from 'zod';
import { BaselineError } from '../core/errors.ts';
import { gitCommit } from '../core/environment.ts';
import { writeJsonAtomic } from '../io/atomic-write.ts';
import { formatFieldPath } from '../io/read-data-file.ts';

/** Where and on what a baseline was measured. */
export const provenanceSchema = z.object({
  gitCommit: z.string().optional(),
  date: z.string(),
  node: z.string(),
  cpu: z.string(),
  platform: z.string(),
});
export type Provenance = z.infer<typeof provenanceSchema>;

export function currentProvenance(cwd: string): Provenance {
  return {
    gitCommit: gitCommit(cwd),
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    platform: `${process.platform}-${process.arch}`,
  };
}

/** Differences between where a baseline was measured and here, as warnings to show. */
export function provenanceMismatch(stored: Provenance, here: Provenance): string[] {
  const out: string[] = [];
  if (stored.cpu !== here.cpu) out.push(`baseline measured on CPU '${stored.cpu}', this run on '${here.cpu}'`);
  if (stored.node.split('.')[0] !== here.node.split('.')[0]) out.push(`baseline measured on Node ${stored.node}, this run on ${here.node}`);
  return out;
}

/**
 * Read a stored baseline. A missing file is `undefined` (the caller applies the missing-baseline
 * policy, policy.ts); a corrupt or invalid one is a BaselineError naming the file and the field
 * (exit code 2), and the file is left as it is. `migrate` turns a file written by an earlier
 * version of gauntlet into the current shape, in memory, before validation.
 */
export async function readBaseline<S extends z.ZodType>(file: string, schema: S, opts: { migrate?: (raw: unknown) => unknown } = {}): Promise<z.output<S> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BaselineError(`cannot read baseline (${(e as NodeJS.ErrnoException).code ?? e})`, { file }, { cause: e });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    // V8 names the offset ("at position 123") or the end of the text: turn it into a line.
    const at = /position (\d+)/.exec(message)?.[1];
    const line = at !== undefined ? text.slice(0, Number(at)).split('\n').length : /end of JSON input/.test(message) ? text.split('\n').length : undefined;
    throw new BaselineError(`corrupt baseline, not valid JSON: ${message.replace(/\s+/g, ' ').slice(0, 200)}`, { file, line }, { cause: e });
  }
  const parsed = schema.safeParse(opts.migrate ? opts.migrate(data) : data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BaselineError(`invalid baseline: ${issue.message}`, { file, field: formatFieldPath(issue.path) }, { cause: parsed.error });
  }
  return parsed.data;
}

/**
 * Write a baseline atomically. Callers must only call this after a run that passed (or on an
 * explicit, confirmed update), and never in CI: a failing run never overwrites a good baseline.
 */
export async function writeBaseline(file: string, data: unknown, opts: { ci: boolean }): Promise<void> {
  if (opts.ci) throw new BaselineError('refusing to write a baseline in CI (CI=true); run the baseline update workflow instead', { file });
  try {
    await writeJsonAtomic(file, data);
  } catch (e) {
    throw new BaselineError(`cannot write baseline: ${(e as Error).message}`, { file }, { cause: e });
  }
}
