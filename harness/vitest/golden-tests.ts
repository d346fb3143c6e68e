/**
 * Golden suites as vitest tests: one test per case, named after it, whose failure message is the
 * ranking diff gauntlet reports. In a test file of the project:
 *
 *   import { goldenTests } from 'gauntlet/vitest';
 *   await goldenTests();                         // every golden suite in gauntlet.config.ts
 *   await goldenTests({ suites: ['planner'] });  // some of them
 *
 * The cases run in vitest's worker, in-process (gauntlet's own runs use a worker pool with per-case
 * timeouts); the judgement is gauntlet's (`evaluateCase`), so both agree on pass and fail.
 */
import { describe, test } from 'vitest';
import { findConfigFile, loadConfig } from '../config/load-config.ts';
import { ConfigError } from '../core/errors.ts';
import type { GoldenEntry } from '../golden/entry-schema.ts';
import { goldenEntrySchema } from '../golden/entry-schema.ts';
import { evaluateCase } from '../golden/evaluate-case.ts';
import { loadCases } from '../golden/load-cases.ts';
import { caseConfig, loadBaseConfig, loadSelector, type SelectFunction } from '../golden/selector.ts';
import { resolveInside } from '../io/safe-path.ts';

export interface GoldenTestsOptions {
  /** Config file (default: gauntlet.config.ts found from the current directory). */
  config?: string;
  /** Golden suite names (default: all). */
  suites?: string[];
}

/** Register one vitest test per golden case of the project's golden suites. */
export async function goldenTests(options: GoldenTestsOptions = {}): Promise<void> {
  const config = await loadConfig(findConfigFile(process.cwd(), options.config));
  const golden: GoldenEntry[] = config.suites
    .filter((s) => s.kind === 'golden' && (!options.suites?.length || options.suites.includes(s.name)))
    .map((s) => goldenEntrySchema.parse(s.entry));
  for (const want of options.suites ?? []) {
    if (!golden.some((s) => s.name === want))
      throw new ConfigError(
        `no golden suite named '${want}' (golden suites: ${
          config.suites
            .filter((s) => s.kind === 'golden')
            .map((s) => s.name)
            .join(', ') || 'none'
        })`,
      );
  }
  for (const entry of golden) {
    const root = config.rootDir;
    const selector = await loadSelector(entry.selector, root, entry.name);
    const select = ((await import(selector.moduleUrl)) as Record<string, SelectFunction>)[selector.exportName]!;
    const base = await loadBaseConfig(entry.selectorConfig, root, selector.schema);
    const cases = await loadCases(
      resolveInside(root, entry.dir, {
        allowOutside: config.allowOutsidePaths,
        location: { file: entry.dir, field: 'dir' },
      }),
      root,
    );
    describe(entry.name, () => {
      for (const c of cases) {
        test(c.name, { timeout: Math.max(5_000, c.timeoutMs ?? entry.timeoutMs) }, async () => {
          const t0 = performance.now();
          const r = await select(c.candidates, caseConfig(c, base, selector.schema), c.seed);
          const check = evaluateCase(
            c,
            { ids: r.ids, entropy: r.entropy, latencyMs: performance.now() - t0, calls: 1 },
            false,
          );
          if (check.verdict !== 'pass') throw new GoldenCaseFailure(`${c.file}: ${check.reasons.join('\n')}`);
        });
      }
    });
  }
}

/** A golden case that does not match its expectation; the message is gauntlet's ranking diff. */
export class GoldenCaseFailure extends Error {
  override name = 'GoldenCaseFailure';
}
