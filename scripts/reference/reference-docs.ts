import { fileURLToPath } from 'node:url';
import { cliReferenceText } from './cli-reference.ts';
import { configReferenceText } from './config-reference.ts';
import { configSections } from './config-sections.ts';
import { schemaKeyDocs } from './schema-doc-comments.ts';

const harnessDir = fileURLToPath(new URL('../../harness', import.meta.url));

/** The generated reference pages, by path from the repository root. */
export async function referenceDocs(): Promise<Record<string, string>> {
  return {
    'docs/reference/cli.md': cliReferenceText(),
    'docs/reference/config.md': configReferenceText(await configSections(), schemaKeyDocs([harnessDir])),
  };
}
