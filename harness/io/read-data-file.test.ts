import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GoldenCaseError, InputError } from '../core/errors.ts';
import { formatFieldPath, parseDataText, validateData } from './read-data-file.ts';

const schema = z.strictObject({
  name: z.string(),
  seed: z.number().int(),
  candidates: z.array(z.object({ id: z.string(), score: z.number().finite() })),
});

describe('parseDataText + validateData', () => {
  it('names the file, the field and its line for a schema violation', () => {
    const text = 'name: a\nseed: 1\ncandidates:\n  - id: x\n    score: 1\n  - id: y\n    score: .nan\n';
    const parsed = parseDataText(text, 'cases/a.yaml');
    const err = (() => {
      try {
        validateData(parsed, schema);
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect(err!.location).toMatchObject({ file: 'cases/a.yaml', field: 'candidates[1].score', line: 7 });
    expect(err!.describe()).toMatch(/^cases\/a\.yaml:7: candidates\[1\]\.score: /);
  });

  it('an unknown key is reported on its own line, not on the line of its mapping', () => {
    const text = 'name: a\nseed: 1\ncandidates:\n  - id: x\n    score: 1\nexpct:\n  ids: [x]\n';
    const err = (() => {
      try {
        validateData(parseDataText(text, 'cases/zz-typo.yaml'), schema);
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(err!.describe()).toMatch(/^cases\/zz-typo\.yaml:6: .*expct/);
  });

  it('reports malformed YAML with its line, through the error class of the caller', () => {
    expect(() => parseDataText('name: a\nseed: [1, 2\n', 'x.yaml', (m, l) => new GoldenCaseError(m, l))).toThrow(
      GoldenCaseError,
    );
    try {
      parseDataText('a: 1\nb: : :\n', 'x.yaml');
    } catch (e) {
      expect((e as InputError).describe()).toMatch(/^x\.yaml:2: malformed YAML/);
    }
  });

  it('rejects duplicate keys and reads JSON', () => {
    expect(() => parseDataText('a: 1\na: 2\n', 'd.yaml')).toThrow(/malformed YAML/);
    expect(parseDataText('{"seed": 3}', 'c.json').data).toEqual({ seed: 3 });
  });

  it('formats paths', () => {
    expect(formatFieldPath(['suites', 0, 'timeoutMs'])).toBe('suites[0].timeoutMs');
    expect(formatFieldPath([])).toBe('(root)');
  });
});
