import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './closest-name.ts';

describe('closestName', () => {
  it('edit distance counts insertions, deletions and substitutions', () => {
    expect(editDistance('suits', 'suites')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests the nearest known name, ignoring case, and nothing for a name far from all', () => {
    const keys = ['seed', 'suites', 'reporters', 'reportsDir'];
    expect(closestName('suits', keys)).toBe('suites');
    expect(closestName('seeed', keys)).toBe('seed');
    expect(closestName('reportsdir', keys)).toBe('reportsDir');
    expect(closestName('reporter', keys)).toBe('reporters');
    expect(closestName('banana', keys)).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });
});
