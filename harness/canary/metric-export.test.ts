import { describe, expect, it } from 'vitest';
import { parseCsvExport, parseJsonExport, readMetricExport } from './metric-export.ts';
import { InputError } from '../core/errors.ts';

const fixtures = new URL('./__fixtures__/', import.meta.url).pathname;

describe('metric exports', () => {
  it('reads JSON name -> numbers', () => {
    expect(parseJsonExport('{"latency_ms": [1, 2.5], "error": []}', 'x.json').samples).toEqual({
      latency_ms: [1, 2.5],
      error: [],
    });
  });

  it('names file, field and line for a non-number', () => {
    const text = '{\n  "latency_ms": [1, 2],\n  "error": [0, "boom"]\n}';
    try {
      parseJsonExport(text, 'c.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const err = e as InputError;
      expect(err.location).toMatchObject({ file: 'c.json', field: 'error[1]', line: 3 });
      expect(err.describe()).toContain('expected a finite number, got the string "boom"');
    }
  });

  it('rejects null, nested arrays and a non-object top level', () => {
    expect(() => parseJsonExport('{"a": [1, null]}', 'c.json')).toThrow(/got null/);
    expect(() => parseJsonExport('{"a": 3}', 'c.json')).toThrow(InputError);
    expect(() => parseJsonExport('[1, 2]', 'c.json')).toThrow(/expected an object/);
    expect(() => parseJsonExport('{"a": [1,', 'c.json')).toThrow(/malformed JSON/);
    // JSON's own complaint and its line, not the YAML parser's ("Flow sequence in block collection ...").
    expect(() => parseJsonExport('{\n "a": [1,\n 2,,]\n}', 'c.json')).toThrow(
      expect.objectContaining({
        message: "malformed JSON: Unexpected token ','",
        location: { file: 'c.json', line: 3 },
      }),
    );
  });

  it('reads CSV columns with missing cells and quoted headers', () => {
    const csv = 'latency_ms,"error"\n12.5,0\n13,\n,1\n';
    expect(parseCsvExport(csv, 'x.csv').samples).toEqual({ latency_ms: [12.5, 13], error: [0, 1] });
  });

  it('names line and column for a bad CSV cell', () => {
    expect(() => parseCsvExport('a,b\n1,2\n3,abc\n', 'x.csv')).toThrow(
      expect.objectContaining({ location: { file: 'x.csv', line: 3, field: 'b' } }),
    );
    expect(() => parseCsvExport('a,b\n1,NaN\n', 'x.csv')).toThrow(/expected a finite number, got "NaN"/);
    expect(() => parseCsvExport('a,b\n1,2,3\n', 'x.csv')).toThrow(/3 cells but the header names 2/);
    expect(() => parseCsvExport('a,a\n1,2\n', 'x.csv')).toThrow(/duplicate column name/);
    expect(() => parseCsvExport('\n\n', 'x.csv')).toThrow(/empty CSV/);
  });

  it('CSV and JSON exports of the same data agree', async () => {
    const json = await readMetricExport(fixtures + 'export-canary.json');
    const csv = await readMetricExport(fixtures + 'export-canary.csv');
    expect(csv).toEqual(json);
  });

  it('a missing file is an InputError', async () => {
    await expect(readMetricExport(fixtures + 'nope.json')).rejects.toThrow(/file not found/);
  });
});
