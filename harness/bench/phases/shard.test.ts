import { describe, expect, it } from 'vitest';
import { bench, counted, measurement } from '../__fixtures__/scripted-measurements.ts';
import type { Measurement } from '../measure.ts';
import type { SidesMeasurer } from './measure-sides.ts';
import { withFileTimes } from './shard.ts';

const timedFiles = (files: Record<string, number>): Measurement => ({
  ...measurement([bench('a > one', [counted(1e6)])]),
  fileMs: new Map(Object.entries(files)),
});

describe('a measurer with file times', () => {
  it("adds both sides' per-file times of every measurement, and passes the rest through", async () => {
    let label: string | undefined;
    const stages: unknown[] = [];
    let disposed = 0;
    const inner: SidesMeasurer = {
      get baseLabel() {
        return label;
      },
      first: async () => {
        label = 'main (c0ffee0000)';
        return { head: timedFiles({ 'a.bench.ts': 10 }), base: timedFiles({ 'a.bench.ts': 12, 'b.bench.ts': 1 }) };
      },
      again: async (_ids, _head, stage) => {
        stages.push(stage);
        return { head: timedFiles({ 'a.bench.ts': 5 }) };
      },
      dispose: async () => {
        disposed++;
      },
    };
    const fileMs = new Map<string, number>();
    const sides = withFileTimes(inner, fileMs);
    expect(sides.baseLabel).toBeUndefined();
    const first = await sides.first();
    // The label is read when asked (the measurer names a ref's commit once its worktree is open).
    expect(sides.baseLabel).toBe('main (c0ffee0000)');
    await sides.again(new Set(['a > one']), first.head, 'remeasure');
    await sides.again(new Set(['a > one']), first.head);
    expect(stages).toEqual(['remeasure', undefined]);
    expect(Object.fromEntries(fileMs)).toEqual({ 'a.bench.ts': 32, 'b.bench.ts': 1 });
    await sides.dispose();
    expect(disposed).toBe(1);
  });
});
