import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { referenceDocs } from '../scripts/reference/reference-docs.ts';

// The reference pages are generated from the commander program and the zod schemas; a change to
// either without `npm run docs:reference` leaves the committed page stale, and this fails.
describe('docs/reference', async () => {
  const docs = await referenceDocs();
  it.each(Object.keys(docs))('%s is current (regenerate with npm run docs:reference)', async (file) => {
    expect(await readFile(file, 'utf8')).toBe(docs[file]);
  });

  it('lists every command and every built-in kind', () => {
    const cli = docs['docs/reference/cli.md']!;
    for (const cmd of ['run', 'bench', 'golden', 'stress', 'drift', 'canary', 'mock-llm', 'report merge'])
      expect(cli).toContain(`## gauntlet ${cmd}\n`);
    const config = docs['docs/reference/config.md']!;
    for (const kind of ['bench', 'canary', 'drift', 'golden', 'stress']) expect(config).toContain(`kind \`${kind}\``);
    // Doc comments of the schemas reach the page.
    expect(config).toMatch(/\| `repetitions` \| integer \(≥ 2, ≤ 100\) \| {2}\| `6` \| Process-level repetitions/);
  });
});
