import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadCase } from '../harness/golden/load-cases.ts';
import { saveCounterexample } from '../sut/planner/counterexample.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');

describe('saving a shrunk counterexample as a golden case (one command)', () => {
  it('writes a valid case without an expectation', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'cx-'));
    const file = saveCounterexample(
      {
        property: 'respects-category-caps',
        fcSeed: 123,
        fcPath: '0:1',
        candidates: [
          { id: 'a', score: 1.5, category: 'x' },
          { id: 'b', score: -2 },
        ],
        config: { temperature: 0.5, k: 2, categoryCaps: { x: 0 } },
        seed: 9,
        error: 'expected 1 to be <= 0',
      },
      tmp,
    );
    // The command the failing property prints: gauntlet golden --from-counterexample FILE
    const { stdout } = await run(
      process.execPath,
      ['bin/gauntlet.js', 'golden', '--from-counterexample', file, '--dir', join(tmp, 'golden')],
      { cwd: ROOT },
    );
    expect(stdout).toContain('counterexample-respects-category-caps-123.yaml');
    // Never over an existing case: exit code 2 naming the file.
    const again = await run(
      process.execPath,
      ['bin/gauntlet.js', 'golden', '--from-counterexample', file, '--dir', join(tmp, 'golden')],
      { cwd: ROOT },
    ).catch((e: { code: number; stderr: string }) => e);
    expect(again).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /counterexample-respects-category-caps-123.yaml: the case file exists already; pass --name/,
      ),
    });
    const caseFile = join(tmp, 'golden', 'counterexample-respects-category-caps-123.yaml');
    const c = await loadCase(caseFile, tmp);
    expect(c).toMatchObject({
      name: 'counterexample-respects-category-caps-123',
      seed: 9,
      config: { explorationShare: 0, k: 2, categoryCaps: { x: 0 } },
    });
    expect(c.candidates).toEqual([
      { id: 'a', score: 1.5, category: 'x' },
      { id: 'b', score: -2 },
    ]);
    expect(c.expect).toBeUndefined();
    expect(readFileSync(caseFile, 'utf8')).toContain(
      "property 'respects-category-caps' (fast-check seed 123, path 0:1)",
    );
  });
});
