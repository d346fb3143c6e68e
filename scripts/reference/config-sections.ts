import { configSchema } from '../../harness/config/schema.ts';
import { loadBuiltInKinds } from '../../harness/core/built-in-kinds.ts';
import type { SchemaSection } from './config-reference.ts';

/** The sections of docs/reference/config.md: the top-level keys, then one per built-in kind's entry. */
export async function configSections(): Promise<SchemaSection[]> {
  const kinds = [...(await loadBuiltInKinds())].sort((a, b) => a.kind.localeCompare(b.kind));
  return [
    { title: 'Top-level keys', intro: 'The keys of the object passed to `defineConfig`.', schema: configSchema },
    ...kinds.map((k) => ({
      title: `\`suites\` entry: kind \`${k.kind}\``,
      intro: `${k.description[0]!.toUpperCase()}${k.description.slice(1)}. Guide: [guide/${k.kind}.md](../guide/${k.kind}.md).`,
      schema: k.entrySchema,
    })),
  ];
}
