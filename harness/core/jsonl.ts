/** JSON Lines read against a schema: one record per non-empty line, a bad line a BaselineError naming file, line and field. */
import type { z } from 'zod';
import { BaselineError } from './errors.ts';

/** The records of `text` (the contents of `file`), in order; `what` names a record in messages ("history record"). */
export function parseJsonLines<S extends z.ZodType>(text: string, file: string, schema: S, what: string): z.infer<S>[] {
  const out: z.infer<S>[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (e) {
      throw new BaselineError('corrupt history line, not valid JSON', { file, line: i + 1 }, { cause: e });
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new BaselineError(`invalid ${what}: ${issue.message}`, {
        file,
        line: i + 1,
        field: issue.path.join('.') || undefined,
      });
    }
    out.push(parsed.data);
  }
  return out;
}
