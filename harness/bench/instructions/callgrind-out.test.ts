import { describe, expect, it } from 'vitest';
import { estimatedCycles, parseCallgrindTotals } from './callgrind-out.ts';

// The head and tail of a dump callgrind 3.19 wrote with --cache-sim=yes (function lines cut).
const dump = `# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 4242
cmd:  /usr/bin/node --single-threaded --predictable worker.mjs
part: 1

desc: I1 cache: 32768 B, 64 B, 8-way associative
desc: D1 cache: 32768 B, 64 B, 8-way associative
desc: LL cache: 33554432 B, 64 B, 16-way associative

desc: Timerange: Basic block 0 - 307391
desc: Trigger: Client Request: gauntlet

positions: line
events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
summary: 0 0 0 0 0 0 0 0 0

fl=(1) ???
fn=(1) 0x000000000a1b2c3d
0 120 40 20 1 2 3 0 1 0

totals: 1136572 400000 200000 12 340 56 3 17 2
`;

describe('callgrind dumps', () => {
  it('reads the totals by event name (not the summary line)', () => {
    const t = parseCallgrindTotals(dump);
    expect(t.Ir).toBe(1136572);
    expect(t.DLmw).toBe(2);
  });

  it('estimates cycles as Ir + 10 x L1 misses + 100 x LL misses', () => {
    expect(estimatedCycles(parseCallgrindTotals(dump))).toBe(1136572 + 10 * (12 + 340 + 56) + 100 * (3 + 17 + 2));
  });

  it('has no cycle estimate without a cache simulation, and rejects a file that is not a dump', () => {
    expect(estimatedCycles(parseCallgrindTotals('events: Ir\ntotals: 5\n'))).toBeUndefined();
    expect(() => parseCallgrindTotals('hello')).toThrow(/not a callgrind dump/);
  });
});
