/**
 * Every input boundary under generated input: each input ends in a valid result or a clear error
 * (exit code 2, file named, one line); no crash, no stack trace shown, no NaN in a result.
 * The test runs 100 seeded inputs per boundary to stay fast; `npx tsx scripts/fuzz-boundaries.ts`
 * runs 10,000 per boundary (figures in scripts/fuzz-boundaries.out.md).
 */
import { describe, expect, it } from 'vitest';
import { ALL_BOUNDARIES, fuzzBoundaries, renderFuzzTable } from '../scripts/fuzz-boundaries.ts';

const RUNS = 100;

describe('boundary fuzzing', () => {
  it(`ends ${RUNS} generated inputs per boundary in a valid result or a clear error`, async () => {
    const run = await fuzzBoundaries(RUNS, 7);
    const table = renderFuzzTable(run, 7);
    expect(
      run.tallies.map((t) => t.inputs),
      table,
    ).toEqual(ALL_BOUNDARIES.map(() => RUNS));
    expect(run.uncaught, table).toEqual([]);
    for (const t of run.tallies) {
      expect(
        { boundary: t.boundary, crash: t.crash, stackShown: t.stackShown, nan: t.nan, examples: t.examples },
        table,
      ).toEqual({ boundary: t.boundary, crash: 0, stackShown: 0, nan: 0, examples: [] });
      expect(t.valid + t.clearError).toBe(RUNS);
      // Both outcomes occur: the generator reaches past the first validation error.
      expect(t.valid, t.boundary).toBeGreaterThan(0);
      expect(t.clearError, t.boundary).toBeGreaterThan(0);
    }
  }, 60_000);

  it('counts a crash, a NaN and a multi-line error as failures (the harness can fail)', async () => {
    const { classify, newTally } = await import('../scripts/fuzz/outcome.ts');
    const { InputError } = await import('../harness/core/errors.ts');
    const t = newTally('self-check');
    await classify(t, 1, () => {
      throw new TypeError('boom');
    });
    await classify(t, 2, () => ({ score: NaN }));
    await classify(t, 3, () => {
      throw new InputError('bad\n    at x (y.ts:1:2)', { file: 'f.yaml' });
    });
    await classify(t, 4, () => {
      throw new InputError('no file named');
    });
    await classify(t, 5, () => {
      throw new InputError('fine', { file: 'f.yaml', field: 'a' });
    });
    expect(t).toMatchObject({ inputs: 5, crash: 2, nan: 1, stackShown: 1, clearError: 2, fieldOrLine: 1, valid: 0 });
  });

  describe('what the fuzzer found (each a crash before its fix)', () => {
    it('a YAML alias to a missing anchor, or an alias bomb, is a malformed-YAML InputError', async () => {
      const { parseDataText } = await import('../harness/io/read-data-file.ts');
      const bomb = `l0: &l0 [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`).join('\n')}`;
      for (const text of ['a: &a [1]\nb: *a\nc: *b', bomb]) {
        expect(() => parseDataText(text, 'case.yaml')).toThrow(
          expect.objectContaining({
            code: 'GAUNTLET_INPUT',
            exitCode: 2,
            location: { file: 'case.yaml' },
            message: expect.stringMatching(/^malformed YAML: /),
          }),
        );
      }
    });

    it('a corrupt baseline whose text has newlines gives a one-line error', async () => {
      const { readBaseline } = await import('../harness/baselines/baseline-file.ts');
      const { z } = await import('zod');
      const { mkdtempSync, writeFileSync } = await import('node:fs');
      const file = `${mkdtempSync('/tmp/gauntlet-fuzz-test-')}/b.json`;
      writeFileSync(file, 'version: 1\nprovenance:\n  x: 1\n');
      const e = await readBaseline(file, z.object({})).catch(
        (err: unknown) => err as import('../harness/core/errors.ts').GauntletError,
      );
      expect(e).toMatchObject({ code: 'GAUNTLET_BASELINE', exitCode: 2 });
      expect((e as import('../harness/core/errors.ts').GauntletError).describe()).not.toContain('\n');
    });

    it('the mock server answers 400 to a message that is not an object, and stays up', async () => {
      const { startMockServer } = await import('../harness/stress/mock-server.ts');
      const server = await startMockServer({ seed: 1 });
      try {
        for (const messages of [[null], [1, { role: 'user', content: 'x' }], ['hi']]) {
          const res = await fetch(`${server.url}/v1/chat/completions`, {
            method: 'POST',
            body: JSON.stringify({ messages }),
          });
          expect(res.status).toBe(400);
          expect(await res.json()).toMatchObject({ error: { message: expect.stringContaining('message objects') } });
        }
        expect((await fetch(`${server.url}/health`)).status).toBe(200);
      } finally {
        await server.close();
      }
    });

    it('samples with values near 1e308 are refused rather than compared into NaN figures', async () => {
      const { compareSamples, CompareSamplesError } = await import('../harness/drift/compare-samples.ts');
      const ref = Array.from({ length: 40 }, (_, i) => Math.sin(i) * 10 + i / 4);
      const cur = ref.map((x, i) => (i === 3 ? 1e308 : x + 1.5));
      expect(() => compareSamples(ref, cur)).toThrow(CompareSamplesError);
      expect(
        compareSamples(
          ref,
          ref.map((x) => x + 1.5),
        ).current.sd,
      ).toBeGreaterThan(0);
    });
  });
});
