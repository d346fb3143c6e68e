import { extname } from 'node:path';
import { z } from 'zod';
import { InputError } from '../core/errors.ts';
import { parseDataText, readTextFile, validateData } from '../io/read-data-file.ts';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Parse one-column CSV text: an optional non-numeric header on the first line, blank lines skipped. */
export function parseSampleCsv(text: string, file: string): number[] {
  const out: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    if (raw.includes(',') || raw.includes(';') || raw.includes('\t'))
      throw new InputError(`expected one column, got '${raw.slice(0, 40)}'`, { file, line: i + 1 });
    const cell = raw.replace(/^"(.*)"$/, '$1').trim();
    if (NUMBER.test(cell)) {
      out.push(Number(cell));
      continue;
    }
    if (out.length === 0 && i === lines.findIndex((l) => l.trim() !== '')) continue; // header
    throw new InputError(`not a number: '${cell.slice(0, 40)}'`, { file, line: i + 1 });
  }
  return out;
}

const jsonSamples = z.array(
  z.number({ error: 'expected a number' }).refine(Number.isFinite, 'expected a finite number'),
  { error: 'expected a JSON array of numbers' },
);

/** Parse a sample: a JSON array of numbers, or CSV/text with one number per line. */
export function parseSamples(text: string, file: string): number[] {
  const ext = extname(file).toLowerCase();
  const isJson = ext === '.json' || (ext !== '.csv' && ext !== '.txt' && text.trimStart().startsWith('['));
  if (isJson) return validateData(parseDataText(text, file), jsonSamples);
  return parseSampleCsv(text, file);
}

/** Read and validate a sample file; needs at least `minValues` values. */
export async function readSamples(file: string, minValues: number, label = file): Promise<number[]> {
  const text = await readTextFile(file, undefined, label);
  const values = parseSamples(text, label);
  if (values.length < minValues)
    throw new InputError(`${values.length} value(s); the tests need at least ${minValues}`, { file: label });
  return values;
}
