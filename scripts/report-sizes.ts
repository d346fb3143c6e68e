/**
 * How big the GitHub outputs get and how long they take to render, for runs of growing size:
 * `npx tsx scripts/report-sizes.ts`. Prints, per number of failing checks, the job summary's bytes
 * (limit 1 MiB), the PR comment's characters (limit 65,536), how many sections were summarised,
 * and the median render time of 3.
 */
import { fixtureRunReport, HOSTILE_NAME } from '../harness/report/__fixtures__/run-reports.ts';
import { renderJobSummary } from '../harness/report/job-summary.ts';
import { renderPrComment } from '../harness/report/pr-comment.ts';
import { toMochawesome } from '../harness/report/mochawesome.ts';
import type { RunReport } from '../harness/core/report.ts';

function report(checksPerKind: number): RunReport {
  const r = fixtureRunReport();
  for (const kind of ['golden', 'bench', 'canary']) {
    r.suites.push({
      kind,
      name: `${kind}-big`,
      verdict: 'fail',
      durationMs: 1,
      summary: 'many',
      checks: Array.from({ length: checksPerKind }, (_, i) => ({
        name: `case ${i} ${HOSTILE_NAME}`,
        verdict: i % 2 ? 'fail' : 'pass',
        reasons: [`reason ${'x'.repeat(120)}`],
        metrics: { a: i, b: i / 3 },
        change: i % 3 ? 'regressed' : 'unchanged',
        details: { expected: { ids: ['a', 'b', 'c'] }, actual: { ids: ['a', 'c', String(i)] } },
      })),
    });
  }
  return r;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time<T>(f: () => T): { value: T; ms: number } {
  const runs: number[] = [];
  let value!: T;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    value = f();
    runs.push(performance.now() - t0);
  }
  return { value, ms: median(runs) };
}

console.log('checks/kind  summary_bytes  summary_ms  comment_chars  comment_ms  mochawesome_ms');
for (const n of [10, 100, 1000, 10_000]) {
  const r = report(n);
  const s = time(() => renderJobSummary(r));
  const c = time(() => renderPrComment(r));
  const m = time(() => toMochawesome(r));
  console.log(
    [
      String(n).padStart(11),
      String(Buffer.byteLength(s.value)).padStart(13),
      s.ms.toFixed(1).padStart(10),
      String(c.value.length).padStart(13),
      c.ms.toFixed(1).padStart(10),
      m.ms.toFixed(1).padStart(14),
    ].join('  '),
  );
}
