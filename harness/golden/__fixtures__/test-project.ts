import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SuiteContext } from '../../core/suite-kind.ts';
import type { GoldenEntry, GoldenFlags } from '../entry-schema.ts';
import { suiteContextFor } from '../../core/__fixtures__/suite-context.ts';

/**
 * Test fixture: a temporary project with a plain-JS selector (greedy by score, k from config; a
 * config with `loop: true` never returns, `throw: true` throws) and a cases directory.
 */
export const FIXTURE_SELECTOR = `
export function select(candidates, config, seed) {
  if (config.loop) for (;;) {}
  if (config.throw) throw new Error('boom');
  const ids = candidates.slice().sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, config.k ?? 3).map((c) => c.id);
  if (config.seedFirst) ids.unshift(String(seed));
  return { ids, entropy: candidates.length ? Math.log(candidates.length) : 0 };
}
export const configSchema = {
  safeParse(v) {
    if (v.k !== undefined && !(Number.isInteger(v.k) && v.k >= 0)) return { success: false, error: { issues: [{ path: ['k'], message: 'k must be an integer >= 0' }] } };
    return { success: true, data: v };
  },
};
`;

export function makeProject(cases: Record<string, string>): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'golden-'));
  const dir = join(root, 'cases');
  mkdirSync(dir);
  writeFileSync(join(root, 'selector.mjs'), FIXTURE_SELECTOR);
  writeFileSync(join(root, 'base.yaml'), 'k: 3\n');
  for (const [name, text] of Object.entries(cases)) writeFileSync(join(dir, name), text);
  return { root, dir };
}

export function entryFor(overrides: Partial<GoldenEntry> = {}): GoldenEntry {
  return {
    kind: 'golden',
    name: 'golden-test',
    dir: 'cases',
    selector: { module: './selector.mjs', configSchema: 'configSchema' },
    selectorConfig: 'base.yaml',
    timeoutMs: 5000,
    concurrency: 2,
    latencyCalls: 2,
    latencyBudgetMs: 1,
    ...overrides,
  };
}

export function contextFor(root: string, overrides: Partial<SuiteContext<GoldenFlags>> = {}): SuiteContext<GoldenFlags> {
  return suiteContextFor(root, overrides);
}

export const caseYaml = (name: string, scores: Record<string, number>, expectIds?: string[], extra = '') =>
  `name: ${name}\nseed: 1\n${extra}candidates:\n${Object.entries(scores)
    .map(([id, s]) => `  - { id: ${id}, score: ${s} }`)
    .join('\n')}\n${expectIds ? `expect:\n  ids: [${expectIds.join(', ')}]\n` : ''}`;
