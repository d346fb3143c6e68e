import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BundleError, bundleBenchFile, harnessDirsFor } from './bundle.ts';

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gauntlet-bundle-'));
  await writeFile(join(dir, 'package.json'), '{"type":"module"}');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

describe('bundling a bench file', () => {
  it("keeps import.meta pointing at each source file, leaves installed packages as imports and loads none of gauntlet's other kinds", async () => {
    const dir = await project({
      'lib/where.ts':
        "export const where: string = import.meta.url;\nexport const folder = import.meta.dirname;\nexport const literal = 'import.meta.url';\n",
      'x.bench.ts':
        "import { bench, createRng } from 'gauntlet';\nimport { z } from 'zod';\nimport { where, folder, literal } from './lib/where.ts';\nexport const seen = { where, folder, literal, self: import.meta.url, zod: typeof z.object, rng: typeof createRng };\nbench('x', () => 1);\n",
    });
    const out = await bundleBenchFile(join(dir, 'x.bench.ts'), process.cwd());
    const text = await readFile(out, 'utf8');
    expect(text).toMatch(/from "zod"/);
    expect(text).not.toMatch(/from "yaml"|hdr-histogram|node:http/);
    const mod = (await import(pathToFileURL(out).href)) as { seen: Record<string, string> };
    expect(mod.seen).toEqual({
      where: pathToFileURL(join(dir, 'lib/where.ts')).href,
      folder: join(dir, 'lib'),
      literal: 'import.meta.url',
      self: pathToFileURL(join(dir, 'x.bench.ts')).href,
      zod: 'function',
      rng: 'function',
    });
  });

  it('names the file and line of a syntax error', async () => {
    const dir = await project({ 'bad.bench.ts': 'const x: number = ;\n' });
    const err = await bundleBenchFile(join(dir, 'bad.bench.ts'), process.cwd()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BundleError);
    expect((err as Error).message).toMatch(/bad\.bench\.ts:1:\d+: /);
  });
});

describe('bundling a bench file of another checkout of gauntlet (the base side of --against)', () => {
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  const file = 'suites/bench/planner.bench.ts';
  /** A copy of this project holding its own harness, as the temporary worktree of `--against` does. */
  const other = join(mkdtempSync(join(tmpdir(), 'gauntlet-other-checkout-')), 'base');
  for (const part of ['package.json', 'harness', 'sut/planner', 'sut/config', file])
    cpSync(join(repo, part), join(other, part), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(other, 'node_modules'), 'dir');
  afterAll(() => rmSync(join(other, '..'), { recursive: true, force: true }));

  const modules = (text: string) => text.split('\n').filter((line) => /^\/\/ \S+\.ts$/.test(line));

  it("treats the copy's harness as gauntlet's own", () => {
    expect(harnessDirsFor(join(repo, file))).toEqual([join(repo, 'harness/')]);
    expect(harnessDirsFor(join(other, file))).toEqual([join(repo, 'harness/'), join(other, 'harness/')]);
  });

  it('gives the same bundle as in this checkout, apart from the root in import.meta paths', async () => {
    // Before session 9 the copy's bundle held every suite kind (74 modules instead of 13): the same
    // planner code then counted 2.4-4.0% more instructions per operation on the base side.
    const here = await readFile(await bundleBenchFile(join(repo, file), repo), 'utf8');
    const there = await readFile(await bundleBenchFile(join(other, file), other), 'utf8');
    expect(modules(there)).toEqual(modules(here));
    expect(modules(here)).not.toContain('// harness/stress/mock-server.ts');
    expect(there.split(other).join('<root>')).toBe(here.split(repo.replace(/\/$/, '')).join('<root>'));
  });
});
