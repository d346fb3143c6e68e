import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseKindFlags, undeclaredFlags } from './kind-flags.ts';

describe('gauntlet run --flag name=value', () => {
  it('reads a value as JSON when it parses, else as text', () => {
    expect(parseKindFlags(['verbose=true', 'limit=3', 'host=example.org', 'tags=["a","b"]', 'empty='])).toEqual({
      verbose: true,
      limit: 3,
      host: 'example.org',
      tags: ['a', 'b'],
      empty: '',
    });
  });

  it('rejects a flag without a value, a bad name, one given twice, and the options run has itself', () => {
    expect(() => parseKindFlags(['verbose'])).toThrow('--flag verbose: expected name=value');
    expect(() => parseKindFlags(['=3'])).toThrow('expected name=value');
    expect(() => parseKindFlags(['a=1', 'a=2'])).toThrow('--flag a: given twice');
    expect(() => parseKindFlags(['save=true'])).toThrow('--flag save: use --save instead');
  });

  it("names the flags that no selected suite's kind declares", () => {
    const kind = (flagsSchema: z.ZodType) => ({ definition: { flagsSchema } });
    const suites = [kind(z.object({ verbose: z.boolean().optional() })), kind(z.object({}))];
    expect(undeclaredFlags(['verbose', 'limit'], suites)).toEqual(['limit']);
    expect(undeclaredFlags(['limit'], [...suites, kind(z.record(z.string(), z.unknown()))])).toEqual([]);
    expect(undeclaredFlags(['verbose'], [])).toEqual(['verbose']);
  });
});
