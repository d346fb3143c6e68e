import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.ts';

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temporary file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-atomic-'));
    const file = join(dir, 'nested', 'b.json');
    await writeJsonAtomic(file, { a: 1 });
    await writeJsonAtomic(file, { a: 2 });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ a: 2 });
    expect(await readdir(join(dir, 'nested'))).toEqual(['b.json']);
  });

  it('cleans up and keeps the old file when the write fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-atomic-'));
    const file = join(dir, 'a.txt');
    await writeFileAtomic(file, 'old');
    // A directory where the rename target's parent should be a file makes rename fail.
    await expect(writeFileAtomic(join(file, 'child'), 'x')).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['a.txt']);
  });
});
