import { describe, expect, it } from 'vitest';
import { describeShapeSpreads, shapeSpreads } from './shape-spread.ts';

describe('calibration shape spread', () => {
  it('is max/min of each workload relative to sort over the runs, per time clock', () => {
    const runs = [
      { cpu: { sort: 1, int: 0.1, float: 0.2, alloc: 0.3, memory: 0.4 } },
      // Twice as slow everywhere (a busy machine): the shape does not move.
      { cpu: { sort: 2, int: 0.2, float: 0.4, alloc: 0.6, memory: 0.8 } },
      // 'float' 1.5x relative to sort, 'memory' 0.5x.
      { cpu: { sort: 1, int: 0.1, float: 0.3, alloc: 0.3, memory: 0.2 } },
      undefined,
      { instructions: { sort: 8e6, int: 2e5 } },
    ];
    const s = shapeSpreads(runs);
    expect(s.map((x) => [x.clock, x.workload, Number(x.spread.toFixed(6)), x.runs])).toEqual([
      ['cpu', 'int', 1, 3],
      ['cpu', 'float', 1.5, 3],
      ['cpu', 'alloc', 1, 3],
      ['cpu', 'memory', 2, 3],
    ]);
    const [line] = describeShapeSpreads(s, 2.5);
    expect(line).toMatch(
      /^cpu clock: calibration shape over 3 runs .* memory 2\.000x; largest 2\.000x, the same-machine bound is 2\.5x$/,
    );
    expect(describeShapeSpreads(s, 1.8)[0]).toMatch(/EXCEEDED/);
  });

  it('needs two runs of a workload to say anything', () => {
    expect(shapeSpreads([{ cpu: { sort: 1, int: 0.1 } }])).toEqual([]);
  });
});
