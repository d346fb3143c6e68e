import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');

/**
 * Determinism, shown end to end: the whole committed golden suite in three separate processes gives
 * byte-for-byte identical selections (the `selections` artifact: ids and entropy per case, no timings)
 * and identical per-case ranking diffs.
 */
describe('golden suite determinism across processes', () => {
  it('three runs give the same output byte for byte', async () => {
    const dirs = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'golden-det-')));
    const outcomes = await Promise.all(
      dirs.map((dir) =>
        run(process.execPath, ['bin/gauntlet.js', 'golden', '--reports', dir, '--reporter', 'json'], {
          cwd: ROOT,
          env: { ...process.env, CI: 'true' },
        }).then(
          () => 0,
          (e: { code?: number }) => e.code ?? -1,
        ),
      ),
    );
    // 0, or 1 if a loaded machine broke a per-case latency bound: latency is not part of the output compared.
    for (const code of outcomes) expect([0, 1]).toContain(code);
    const outputs = dirs.map((dir) => {
      const report = JSON.parse(readFileSync(join(dir, 'gauntlet.json'), 'utf8'));
      const suite = report.suites.find((s: { kind: string }) => s.kind === 'golden');
      const selections: string = suite.artifacts.find((a: { name: string }) => a.name === 'selections').content;
      const verdicts = JSON.stringify(
        suite.checks.map((c: { name: string; details?: { actual?: unknown; diff?: unknown } }) => [
          c.name,
          c.details?.actual,
          c.details?.diff,
        ]),
      );
      return { selections, verdicts };
    });
    expect(Object.keys(JSON.parse(outputs[0]!.selections)).length).toBeGreaterThanOrEqual(60);
    expect(outputs[1]!.selections).toBe(outputs[0]!.selections);
    expect(outputs[2]!.selections).toBe(outputs[0]!.selections);
    expect(outputs[1]!.verdicts).toBe(outputs[0]!.verdicts);
    expect(outputs[2]!.verdicts).toBe(outputs[0]!.verdicts);
  });
});
