import { describe, expect, it } from 'vitest';
import { balancedArm } from './run-canary.ts';

describe('balanced routing', () => {
  it('keeps every prefix of the request stream within one request of the configured share', () => {
    for (const share of [0.5, 0.1, 0.3333, 0.9]) {
      for (const offset of [0, 0.37, 0.999]) {
        let canary = 0;
        for (let i = 0; i < 5000; i++) {
          if (balancedArm(i, share, offset) === 'canary') canary++;
          expect(Math.abs(canary - (i + 1) * share)).toBeLessThanOrEqual(1);
        }
      }
    }
  });
});
