import { describe, expect, it } from 'vitest';
import canaryKind, { canaryEntrySchema } from '../harness/canary/kind.ts';
import type { SuiteContext } from '../harness/core/suite-kind.ts';
import { suiteContextFor } from '../harness/core/__fixtures__/suite-context.ts';
import { canarySuites } from '../suites/canary/index.ts';

const ctx = (seed: number): SuiteContext => suiteContextFor('.', { seed, ci: true });

describe('bundled canary suites', () => {
  for (const suite of canarySuites) {
    it(`${suite.name}: the judge decides as the suite expects, over several seeds`, async () => {
      const entry = canaryEntrySchema.parse(suite);
      // Simulated suites over three seeds; the one on real requests (a few seconds) once.
      for (const seed of suite.name.includes('mock-llm') ? [1] : [1, 2, 3]) {
        const r = await canaryKind.run(entry, ctx(seed));
        expect(r.summary, `seed ${seed}`).toMatch(/as expected$/);
        expect(r.verdict).toBe('pass');
      }
    });
  }
});
