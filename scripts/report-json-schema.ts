/**
 * Writes docs/report-schema.json, the run report's JSON Schema generated from the zod schema
 * (`npx tsx scripts/report-json-schema.ts`); a test fails when the committed file is out of date.
 */
import { writeFileAtomic } from '../harness/io/atomic-write.ts';
import { reportJsonSchemaText } from '../harness/report/report-json-schema.ts';

await writeFileAtomic(new URL('../docs/report-schema.json', import.meta.url).pathname, reportJsonSchemaText());
