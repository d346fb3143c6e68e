import { createRequire } from 'node:module';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../io/atomic-write.ts';
import type { RunReport } from '../core/report.ts';
import { toMochawesome } from './mochawesome.ts';
import type { Reporter } from './reporter.ts';

export const MOCHAWESOME_JSON = 'mochawesome.json';
export const MOCHAWESOME_HTML = 'gauntlet.html';

interface Marge {
  create(data: unknown, options: Record<string, unknown>): Promise<Array<string | null>>;
}

/**
 * Write `mochawesome.json` and the self-contained HTML report (inline assets) generated from it by
 * mochawesome-report-generator. The generator writes into a temporary directory; the HTML is then
 * renamed into place, so a reader never sees half a file.
 */
export async function writeMochawesome(report: RunReport, reportsDir: string): Promise<{ json: string; html: string }> {
  const data = toMochawesome(report);
  const json = join(reportsDir, MOCHAWESOME_JSON);
  const html = join(reportsDir, MOCHAWESOME_HTML);
  await writeJsonAtomic(json, data);
  const marge = createRequire(import.meta.url)('mochawesome-report-generator') as Marge;
  const tmp = await mkdtemp(join(reportsDir, '.mochawesome-'));
  try {
    const [written] = await marge.create(data, {
      reportDir: tmp,
      reportFilename: 'gauntlet',
      reportTitle: `gauntlet: ${report.verdict}`,
      reportPageTitle: 'gauntlet report',
      inlineAssets: true,
      saveJson: false,
      saveHtml: true,
      timestamp: false,
      overwrite: true,
      autoOpen: false,
      charts: true,
      code: false,
    });
    await rename(written ?? join(tmp, 'gauntlet.html'), html);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return { json, html };
}

/** `--reporter mochawesome`: `reports/mochawesome.json` and `reports/gauntlet.html`. */
export const mochawesomeReporter: Reporter = {
  name: 'mochawesome',
  async onRunEnd(report, ctx) {
    await writeMochawesome(report, ctx.reportsDir);
  },
};
