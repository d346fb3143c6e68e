/**
 * An example suite kind: GET each URL and check its status code. It shows the whole contract:
 * an entry schema (what a user writes in gauntlet.config.ts), a flags schema (command-line options
 * it acts on), and a runner that returns a report and never prints or exits.
 * docs/guide/writing-a-kind.md walks through it; tests/custom-kind.test.ts runs it.
 */
import { z } from 'zod';
import { defineSuiteKind, type CheckResult } from '../../harness/index.ts';

export default defineSuiteKind({
  kind: 'http-status',
  description: 'GET each URL and compare its status code with the expected one',
  entrySchema: z.strictObject({
    kind: z.literal('http-status'),
    name: z.string().min(1),
    /** URL -> expected status. */
    expect: z.record(z.url(), z.number().int().min(100).max(599)),
    timeoutMs: z.number().int().positive().default(2000),
  }),
  flagsSchema: z.object({ verbose: z.boolean().optional() }),
  async run(entry, ctx) {
    const t0 = performance.now();
    const checks: CheckResult[] = [];
    for (const [url, want] of Object.entries(entry.expect)) {
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(entry.timeoutMs)]);
      try {
        const res = await fetch(url, { signal });
        await res.arrayBuffer();
        const ok = res.status === want;
        checks.push({
          name: url,
          verdict: ok ? 'pass' : 'fail',
          reasons: ok && !ctx.flags.verbose ? [] : [`status ${res.status}, expected ${want}`],
          metrics: { status: res.status },
        });
      } catch (e) {
        checks.push({ name: url, verdict: 'error', reasons: [`request failed: ${(e as Error).message}`] });
      }
    }
    const failed = checks.filter((c) => c.verdict !== 'pass').length;
    return {
      kind: 'http-status',
      name: entry.name,
      verdict: checks.some((c) => c.verdict === 'error') ? 'error' : failed ? 'fail' : 'pass',
      durationMs: Math.round(performance.now() - t0),
      summary: `${checks.length} URL(s), ${failed} not as expected`,
      checks,
    };
  },
});
