import { readValidatedFile } from '../io/read-data-file.ts';
import type { RunReport } from '../core/report.ts';
import { runReportSchema } from './report-schema.ts';

/** Read a run report file back (merge, comment, summary); an invalid one is an InputError naming file, field and line. */
export async function readRunReport(file: string): Promise<RunReport> {
  return (await readValidatedFile(file, runReportSchema)) as RunReport;
}
