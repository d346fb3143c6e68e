// Fixture for run-file.test.ts: one benchmark per way a benchmark can fail, and two good ones.
import { bench } from 'gauntlet';

bench('sum', () => {
  let s = 0;
  for (let i = 0; i < 1000; i++) s += i;
  return s;
}, { memory: true });
bench('throws', () => {
  throw new Error('boom');
});
bench('rejects', async () => {
  throw new Error('nope');
});
bench('never settles', () => new Promise(() => {}), { timeoutMs: 3000 });
bench('spins forever', () => {
  for (;;);
}, { timeoutMs: 1500 });
bench('exits the process', () => process.exit(3));
bench('after the faults', () => Math.sqrt(2));
