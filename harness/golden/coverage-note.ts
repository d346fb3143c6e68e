import { readFile, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';

/**
 * Reads a vitest/istanbul `json-summary` (coverage-summary.json) written by a coverage run of the
 * selection code, for the golden suite's report. Missing file: a note saying how to produce it.
 */
export async function readCoverageSummary(
  file: string,
  rootDir: string,
): Promise<{ note: string; metrics: Record<string, number> }> {
  const abs = resolve(rootDir, file);
  const shown = relative(rootDir, abs);
  try {
    const [text, info] = await Promise.all([readFile(abs, 'utf8'), stat(abs)]);
    const total = (JSON.parse(text) as { total?: Record<string, { pct?: number }> }).total ?? {};
    const metrics: Record<string, number> = {};
    for (const key of ['lines', 'statements', 'functions', 'branches']) {
      const pct = total[key]?.pct;
      if (typeof pct === 'number') metrics[`coverage_${key}_pct`] = pct;
    }
    const parts = Object.entries(metrics).map(([k, v]) => `${k.replace(/^coverage_|_pct$/g, '')} ${v}%`);
    return {
      note: `selection code coverage: ${parts.join(', ')} (${shown}, measured ${info.mtime.toISOString()})`,
      metrics,
    };
  } catch {
    return {
      note: `selection code coverage: not measured (${shown} not found; run \`npm run coverage:planner\`)`,
      metrics: {},
    };
  }
}
