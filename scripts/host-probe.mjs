// How steady this host's CPU is right now: one 200,000-element seeded sort, 15 times, each as
// "CPU ms/wall ms". An idle host reads ~105-110 ms every time on the 2-core development machine;
// a noisy one (busy neighbours on the host) spreads to 2-3x. Quoted beside every timing figure.
//   node scripts/host-probe.mjs
import { performance } from 'node:perf_hooks';

function work() {
  const a = [];
  let x = 1;
  for (let i = 0; i < 200_000; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    a.push(x);
  }
  a.sort((p, q) => p - q);
  return a[5];
}
const out = [];
for (let r = 0; r < 15; r++) {
  const t = process.cpuUsage();
  const w = performance.now();
  work();
  const c = process.cpuUsage(t);
  out.push(`${((c.user + c.system) / 1000).toFixed(1)}/${(performance.now() - w).toFixed(1)}`);
}
console.log(out.join(' '));
