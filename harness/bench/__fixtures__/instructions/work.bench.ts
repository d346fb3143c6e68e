// Fixture for instructions.test.ts: the same loop at two sizes (the counts must scale), an async
// one, and one on the wall clock (not counted under valgrind).
import { appendFileSync } from 'node:fs';
import { bench } from 'gauntlet';

const N = Number(process.env.WORK_N ?? 2_000);
let sink = 0;
function work(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (i * 7) % 13;
  return s;
}

bench('loop n', () => {
  sink += work(N);
});
bench('loop 2n', () => {
  sink += work(2 * N);
});
bench('async loop n', async () => {
  await Promise.resolve();
  sink += work(N);
}, { memory: true });
bench('wall clock', () => {
  sink += work(10);
}, { clock: 'wall' });

bench('leaves a mark when run', () => {
  if (process.env.BENCH_MARK) appendFileSync(process.env.BENCH_MARK, 'ran\n');
});

export { sink };
