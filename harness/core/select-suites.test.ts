import { describe, expect, it } from 'vitest';
import { selectSuites } from './select-suites.ts';

describe('selectSuites', () => {
  const all = ['s0', 's1', 's2', 's3', 's4'].map((name) => ({ kind: 'fake', name }));
  it('splits suites round-robin into shards that together cover each suite once', () => {
    const a = selectSuites(all, { shard: { index: 1, total: 2 } }).map((s) => s.name);
    const b = selectSuites(all, { shard: { index: 2, total: 2 } }).map((s) => s.name);
    expect(a).toEqual(['s0', 's2', 's4']);
    expect(b).toEqual(['s1', 's3']);
  });
  it('selects by name or kind and rejects an unknown one', () => {
    expect(selectSuites(all, { only: ['s3'] }).map((s) => s.name)).toEqual(['s3']);
    expect(selectSuites(all, { only: ['fake'] })).toHaveLength(5);
    expect(() => selectSuites(all, { only: ['nope'] })).toThrow(/no configured suite or kind named 'nope'/);
  });
});
