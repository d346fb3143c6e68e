import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BundleError, bundleBenchFile } from './bundle.ts';

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
