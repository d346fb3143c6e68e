/** The run report's schemas live with the model in core (harness/core/report-schema.ts). */
export { artifactSchema, checkResultSchema, runReportSchema, suiteReportSchema } from '../core/report-schema.ts';
