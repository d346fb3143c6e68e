import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** A temporary project that imports 'gauntlet' (this repository), with a gauntlet.config.ts and other files. */
export function tempProject(config: string, files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'gauntlet-project-'));
  writeFileSync(join(root, 'package.json'), '{"name":"temp-project","type":"module","private":true}');
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(repoRoot, join(root, 'node_modules', 'gauntlet'), 'dir');
  writeFileSync(join(root, 'gauntlet.config.ts'), config);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}
