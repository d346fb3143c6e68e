/**
 * Deciding whether a benchmark on the instruction clock got slower. Instruction counts of the
 * measured loop repeat to well under 1% between processes (no load, no scheduling in them), so
 * there is no sampling distribution to test against: a benchmark regressed when the ratio of the
 * median counts exceeds its tolerance, and the tolerance must be wider than the counts' own
 * spread between repetitions (else the gate cannot tell, and says so).
 */
import { median } from '../stats/index.ts';
import type { RepetitionResult } from './protocol.ts';
import { sketchMedian } from './sketch.ts';

export interface InstructionDecision {
  id: string;
  /** Head / base median instructions per operation. > 1 is more work. */
  ratio: number;
  change: 'regressed' | 'improved' | 'unchanged';
  /** Largest relative difference between repetitions of one side (max/min - 1), over both sides. */
  spread: number;
  /** The slowdown accepted (the tolerance, widened to twice the spread when the counts vary more). */
  margin: number;
  baseInstructions: number;
  headInstructions: number;
}

/** A repetition's instructions per operation (the whole-loop figure when the worker gave one). */
export const instructionsOf = (r: RepetitionResult): number => r.instructions ?? sketchMedian(r.q);

const spreadOf = (v: number[]) => (v.length > 1 ? Math.max(...v) / Math.min(...v) - 1 : 0);

/** Compare instruction counts of one benchmark. */
export function decideInstructions(
  id: string,
  base: readonly RepetitionResult[],
  head: readonly RepetitionResult[],
  tolerance: number,
): InstructionDecision {
  const b = base.map(instructionsOf);
  const h = head.map(instructionsOf);
  const baseInstructions = median(b);
  const headInstructions = median(h);
  const ratio = headInstructions / baseInstructions;
  const spread = Math.max(spreadOf(b), spreadOf(h));
  const margin = Math.max(tolerance, 2 * spread);
  const change = ratio > 1 + margin ? 'regressed' : ratio < 1 / (1 + margin) ? 'improved' : 'unchanged';
  return { id, ratio, change, spread, margin, baseInstructions, headInstructions };
}
