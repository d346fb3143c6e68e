import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BaselineError } from './errors.ts';
import { parseJsonLines } from './jsonl.ts';

const schema = z.strictObject({ n: z.number() });

describe('parseJsonLines', () => {
  it('reads one record per non-empty line, in order', () => {
    expect(parseJsonLines('{"n":1}\n\n  {"n":2}  \n', 'h.jsonl', schema, 'record')).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('names the file and line of a line that is not JSON', () => {
    const err = (() => {
      try {
        parseJsonLines('{"n":1}\n{"n":\n', 'h.jsonl', schema, 'record');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(BaselineError);
    expect((err as BaselineError).describe()).toMatch(/h\.jsonl:2: .*not valid JSON/);
  });

  it('names the file, line and field of a record the schema rejects', () => {
    expect(() => parseJsonLines('\n{"n":"x"}', 'h.jsonl', schema, 'record')).toThrow(/invalid record/);
    try {
      parseJsonLines('\n{"n":"x"}', 'h.jsonl', schema, 'record');
    } catch (e) {
      expect((e as BaselineError).describe()).toMatch(/h\.jsonl:2: n: invalid record/);
    }
  });
});
