import { bench } from 'gauntlet';
bench('sum', () => { let s = 0; for (let i = 0; i < 1000; i++) s += i; return s; }, { memory: true });
bench('throws', () => { throw new Error('boom'); });
bench('rejects', async () => { throw new Error('nope'); });
bench('hangs', () => new Promise(() => {}), { timeoutMs: 1500 });
bench('spins', () => { for (;;) {} }, { timeoutMs: 1500 });
bench('after', () => Math.sqrt(2));
