/**
 * Writes docs/reference/cli.md (from the commander program) and docs/reference/config.md (from the
 * live zod schemas of the config and of every built-in suite kind, with their doc comments).
 * `npm run docs:reference`; tests/reference-docs.test.ts fails when a committed file is stale.
 */
import { writeFileAtomic } from '../harness/io/atomic-write.ts';
import { referenceDocs } from './reference/reference-docs.ts';

for (const [file, text] of Object.entries(await referenceDocs())) {
  await writeFileAtomic(new URL(`../${file}`, import.meta.url).pathname, text);
  console.log(`wrote ${file}`);
}
