import { z } from 'zod';
import { runReportSchema } from './report-schema.ts';

/** The run report's JSON Schema (draft 2020-12), for tools outside TypeScript: docs/report-schema.json. Read side (`io: 'input'`): fields a newer minor version adds are allowed. */
export function reportJsonSchemaText(): string {
  const schema = z.toJSONSchema(runReportSchema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' });
  return JSON.stringify({ ...schema, title: 'gauntlet run report, schemaVersion 1' }, null, 2) + '\n';
}
