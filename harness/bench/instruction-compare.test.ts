import { describe, expect, it } from 'vitest';
import { decideInstructions } from './instruction-compare.ts';
import type { RepetitionResult } from './protocol.ts';
import { SKETCH_PROBABILITIES } from './sketch.ts';

const rep = (instructions: number): RepetitionResult => ({
  n: 4,
  mean: instructions,
  q: SKETCH_PROBABILITIES.map(() => instructions),
  cal: 1,
  calN: 1,
  clock: 'instructions',
  instructions,
});

describe('instruction-count decision', () => {
  it('catches a 2% increase at a 1% tolerance and passes an unchanged count', () => {
    expect(decideInstructions('x', [rep(1e6)], [rep(1.02e6)], 0.01)).toMatchObject({ change: 'regressed', spread: 0 });
    expect(decideInstructions('x', [rep(1e6)], [rep(1.005e6)], 0.01).change).toBe('unchanged');
    expect(decideInstructions('x', [rep(1e6)], [rep(0.97e6)], 0.01).change).toBe('improved');
  });

  it('widens the margin to twice the spread between repetitions when counts vary more than the tolerance', () => {
    const d = decideInstructions('x', [rep(1e6), rep(1.01e6)], [rep(1.025e6), rep(1.025e6)], 0.01);
    expect(d.spread).toBeCloseTo(0.01, 6);
    expect(d.margin).toBeCloseTo(0.02, 6);
    expect(d.change).toBe('unchanged'); // 2% over the median base (1.005e6) is inside 2 x 1%
  });
});
