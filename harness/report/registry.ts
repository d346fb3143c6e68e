import { UsageError } from '../core/errors.ts';
import { consoleReporter } from './console-reporter.ts';
import { githubReporter } from './github-reporter.ts';
import { jsonReporter } from './json-reporter.ts';
import { junitReporter } from './junit-reporter.ts';
import { mochawesomeReporter } from './mochawesome-reporter.ts';
import type { Reporter } from './reporter.ts';

/** Reporters by the name used in config `reporters` or `--reporter`. */
export const reporters: Record<string, Reporter> = {
  console: consoleReporter,
  json: jsonReporter,
  junit: junitReporter,
  mochawesome: mochawesomeReporter,
  github: githubReporter,
};

export function resolveReporters(names: readonly string[]): Reporter[] {
  return names.map((name) => {
    const r = reporters[name];
    if (!r) throw new UsageError(`unknown reporter '${name}' (known: ${Object.keys(reporters).join(', ')})`);
    return r;
  });
}
