import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../harness/core/rng.ts';
import { runCli } from './helpers-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'drift-cli-'));
const file = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const normal = (seed: number, n: number, shift = 0) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.normal() + shift);
};

async function run(...args: string[]) {
  const { code, out, err } = await runCli(['drift', ...args], dir);
  return { code, stdout: out, stderr: err };
}

describe('gauntlet drift --reference --current', () => {
  const ref = file('ref.json', JSON.stringify(normal(1, 2000)));

  it('prints the documented JSON and exits 1 on a 0.5 sd shift', async () => {
    const cur = file('shifted.csv', 'score\n' + normal(2, 500, 0.5).join('\n'));
    const r = await run('--reference', ref, '--current', cur, '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    for (const key of ['wasserstein', 'psi', 'jensenShannon']) expect(Number.isFinite(j[key]), key).toBe(true);
    expect(j.ks.statistic).toBeGreaterThan(0.1);
    expect(j.ks.pValue).toBeLessThan(1e-6);
    expect(j.wasserstein).toBeGreaterThan(0.3);
    expect(j.drift).toBe(true);
  });

  it('exits 0 with no drift on a sample from the same distribution, and prints a table without --json', async () => {
    const cur = file('same.csv', normal(3, 500).join('\n'));
    const r = await run('--reference', ref, '--current', cur);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KS\s+0\.\d+\s+0\.\d+/m);
    expect(r.stdout).toMatch(/drift: no \(KS p = 0\.\d+ >= 0\.01: no significant difference\)/);
  });

  it.each([
    ['bad.csv', '1\n2\nthree\n4\n', /bad\.csv:3: not a number: 'three'/],
    ['two-col.csv', '1,2\n3,4\n', /two-col\.csv:1: expected one column/],
    ['few.json', '[1, 2, 3]', /few\.json: 3 value\(s\); the tests need at least 10/],
    ['strings.json', '[1,\n2,\n"x"]', /strings\.json:3: \[2\]: expected a number/],
    ['object.json', '{"a": 1}', /object\.json.*expected a JSON array of numbers/],
    ['constant.json', JSON.stringify(Array(20).fill(1)), /all values are equal/],
  ])('bad input %s: exit 2 naming the file and line, no verdict', async (name, content, message) => {
    const bad = file(name, content);
    const asCurrent =
      name === 'constant.json'
        ? await run('--reference', bad, '--current', ref)
        : await run('--reference', ref, '--current', bad);
    expect(asCurrent.code).toBe(2);
    expect(asCurrent.stderr).toMatch(message);
    expect(asCurrent.stdout).toBe('');
  });

  it('a missing file is exit 2', async () => {
    const r = await run('--reference', 'nope.json', '--current', ref);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.json: file not found');
  });
});

describe('gauntlet drift --calibrate', () => {
  const ref = file('long-ref.json', JSON.stringify(normal(7, 5000)));

  it('calibrates the thresholds on chunks of the reference and still finds a 0.5 sd shift', async () => {
    const r = await run(
      '--reference',
      ref,
      '--current',
      file('cal-shift.json', JSON.stringify(normal(8, 500, 0.5))),
      '--calibrate',
      '--json',
    );
    const j = JSON.parse(r.stdout);
    expect(j.thresholds.calibrated).toEqual({ chunks: 10, k: 3 });
    expect(j.thresholds.psi).toBeGreaterThan(0);
    expect(j.drift).toBe(true);
    expect(r.code).toBe(1);
    const same = await run(
      '--reference',
      ref,
      '--current',
      file('cal-same.json', JSON.stringify(normal(9, 500))),
      '--calibrate',
    );
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('over 10 reference chunks');
  });

  it('--k without --calibrate is refused (exit 2), not ignored', async () => {
    const r = await run('--reference', ref, '--current', ref, '--k', '2');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--k needs --calibrate/);
  });

  it('needs 5 chunks of the current size: exit 2 otherwise', async () => {
    const r = await run(
      '--reference',
      ref,
      '--current',
      file('cal-big.json', JSON.stringify(normal(10, 2000))),
      '--calibrate',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/long-ref\.json: reference: --calibrate needs at least 5 chunks/);
  });
});
