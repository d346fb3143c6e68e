import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { fixtureRunReport, passingRunReport } from './__fixtures__/run-reports.ts';
import { readRunReport } from './read-report.ts';
import { runReportSchema } from './report-schema.ts';
import { jsonReporter } from './json-reporter.ts';
import { reportJsonSchemaText } from './report-json-schema.ts';
import { readFile } from 'node:fs/promises';

describe('run report schema', () => {
  it('accepts the fixtures and what the json reporter writes', async () => {
    expect(runReportSchema.safeParse(fixtureRunReport()).success).toBe(true);
    expect(runReportSchema.safeParse(passingRunReport()).success).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-schema-'));
    await jsonReporter.onRunEnd(fixtureRunReport(), {
      reportsDir: dir,
      rootDir: dir,
      ci: true,
      out: process.stdout,
      isTTY: false,
    });
    expect(await readRunReport(join(dir, 'gauntlet.json'))).toEqual(fixtureRunReport());
  });

  it('rejects a wrong version, verdict or metric, naming the field and line', async () => {
    expect(runReportSchema.safeParse({ ...fixtureRunReport(), schemaVersion: 2 }).success).toBe(false);
    const bad = fixtureRunReport();
    (bad.suites[0]!.checks[0]!.metrics as Record<string, unknown>).kendall_tau = 'high';
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-schema-'));
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify(bad, null, 2));
    const err = await readRunReport(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).location.field).toBe('suites[0].checks[0].metrics.kendall_tau');
    expect((err as InputError).location.line).toBeGreaterThan(1);
  });
});

describe('docs/report-schema.json', () => {
  it('is the JSON Schema generated from the zod schema (regenerate: npx tsx scripts/report-json-schema.ts)', async () => {
    expect(await readFile('docs/report-schema.json', 'utf8')).toBe(reportJsonSchemaText());
  });
});
