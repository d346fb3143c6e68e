import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_SELECTOR } from '../harness/golden/__fixtures__/test-project.ts';

/** A temporary project with a gauntlet.config.ts, a plain-JS selector and the given golden cases. */
export function goldenProject(cases: Record<string, string>, configExtra = '', entryExtra = ''): string {
  const root = mkdtempSync(join(tmpdir(), 'gauntlet-cli-'));
  mkdirSync(join(root, 'cases'));
  writeFileSync(join(root, 'selector.mjs'), FIXTURE_SELECTOR);
  writeFileSync(
    join(root, 'gauntlet.config.ts'),
    `export default {
  seed: 1,${configExtra}
  suites: [{ kind: 'golden', name: 'sel', dir: 'cases', selector: { module: './selector.mjs' }, concurrency: 1, latencyCalls: 1${entryExtra} }],
};
`,
  );
  for (const [name, text] of Object.entries(cases)) writeFileSync(join(root, 'cases', name), text);
  return root;
}

export const PASSING_CASE =
  'name: ok\nseed: 1\nconfig: { k: 2 }\ncandidates:\n  - { id: a, score: 1 }\n  - { id: b, score: 2 }\nexpect:\n  ids: [b, a]\n';
export const FAILING_CASE = PASSING_CASE.replace('name: ok', 'name: wrong').replace('ids: [b, a]', 'ids: [a, b]');
export const NAN_CASE = PASSING_CASE.replace('name: ok', 'name: nan').replace('score: 1 }', 'score: .nan }');

/** In-memory stdout/stderr for `main(argv, io)`. */
/** The CLI's in-memory io (harness/cli/io.ts), under the name these tests use. */
export { bufferedIo as memoryIo } from '../harness/cli/io.ts';
