import { readDataFile, validateData, type ParsedDataFile } from '../io/read-data-file.ts';
import type { RunReport } from '../core/report.ts';
import { runReportSchema } from './report-schema.ts';

/** Read a run report file back (merge, comment, summary); an invalid one is an InputError naming file, field and line. */
export async function readRunReport(file: string): Promise<RunReport> {
  return validateData(migrateReport(await readDataFile(file)), runReportSchema);
}

/**
 * Reports written before `partial` said why (it was `true` when the run deadline passed) are read as
 * a deadline, with nothing known about which suites were left out.
 */
function migrateReport(parsed: ParsedDataFile): ParsedDataFile {
  const data = parsed.data;
  if (typeof data === 'object' && data !== null && 'partial' in data && data.partial === true) {
    return { ...parsed, data: { ...data, partial: { reason: 'deadline', skipped: [], cutShort: [] } } };
  }
  return parsed;
}
