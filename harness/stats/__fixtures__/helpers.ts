import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** Load a JSON fixture written by scripts/stats-fixtures.py. */
export function loadFixture<T = any>(name: string): T {
  // Python's json writes bare Infinity (e.g. an infinite odds ratio); quote it, then revive it.
  const text = readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8').replace(/(-?)Infinity/g, '"$1Infinity"');
  return JSON.parse(text, (_k, v) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v)) as T;
}

/** |actual - expected| <= rel * |expected| + abs, with a message naming the case. */
export function expectClose(actual: number, expected: number, rel: number, abs = 0, label = ''): void {
  const ok = actual === expected || Math.abs(actual - expected) <= rel * Math.abs(expected) + abs;
  if (!ok) expect.fail(`${label}: got ${actual}, scipy ${expected} (rel ${Math.abs(actual - expected) / Math.abs(expected)})`);
}
