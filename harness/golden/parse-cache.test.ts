import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GoldenCaseError } from '../core/errors.ts';
import { loadCases } from './load-cases.ts';
import { CaseParseCache } from './parse-cache.ts';

describe('CaseParseCache', () => {
  const project = () => {
    const root = mkdtempSync(join(tmpdir(), 'parse-cache-'));
    mkdirSync(join(root, 'node_modules'));
    mkdirSync(join(root, 'cases'));
    return root;
  };
  const cacheFile = (root: string) => join(root, 'node_modules', '.cache', 'gauntlet', 'golden-cases.json');

  it('memoises parsed YAML by content, and a changed file is parsed again', async () => {
    const root = project();
    writeFileSync(join(root, 'cases', 'a.yaml'), 'name: a\nseed: 1\ncandidates: []\n');
    const c1 = await CaseParseCache.open(root);
    expect((await loadCases(join(root, 'cases'), root, c1))[0]!.name).toBe('a');
    await c1.save();
    expect(Object.values(JSON.parse(readFileSync(cacheFile(root), 'utf8')).entries)).toEqual([
      { name: 'a', seed: 1, candidates: [] },
    ]);

    writeFileSync(join(root, 'cases', 'a.yaml'), 'name: b\nseed: 1\ncandidates: []\n');
    const c2 = await CaseParseCache.open(root);
    expect((await loadCases(join(root, 'cases'), root, c2))[0]!.name).toBe('b');
    await c2.save();
    // The entry of the old content is dropped.
    expect(Object.values(JSON.parse(readFileSync(cacheFile(root), 'utf8')).entries)).toEqual([
      { name: 'b', seed: 1, candidates: [] },
    ]);
  });

  it('a cached file that does not validate still gets its line; NaN is never cached', async () => {
    const root = project();
    writeFileSync(join(root, 'cases', 'bad.yaml'), 'name: bad\nseed: 1.5\ncandidates: []\n');
    writeFileSync(join(root, 'cases', 'nan.yaml'), 'name: nan\nseed: 1\ncandidates:\n  - { id: a, score: .nan }\n');
    for (let run = 0; run < 2; run++) {
      const cache = await CaseParseCache.open(root);
      const err = await loadCases(join(root, 'cases'), root, cache).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GoldenCaseError);
      expect((err as GoldenCaseError).location).toMatchObject({ file: 'cases/bad.yaml', field: 'seed', line: 2 });
      await cache.save();
    }
    const entries = Object.values(JSON.parse(readFileSync(cacheFile(root), 'utf8')).entries);
    expect(entries).toHaveLength(1);
    const nan = await loadCases(join(root, 'cases'), root, await CaseParseCache.open(root)).catch((e: unknown) => e);
    expect(nan).toBeInstanceOf(GoldenCaseError);
  });

  it('is a no-op without node_modules', async () => {
    const root = mkdtempSync(join(tmpdir(), 'parse-cache-'));
    mkdirSync(join(root, 'cases'));
    writeFileSync(join(root, 'cases', 'a.yaml'), 'name: a\nseed: 1\ncandidates: []\n');
    const cache = await CaseParseCache.open(root);
    await loadCases(join(root, 'cases'), root, cache);
    await cache.save();
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
  });
});
