import { createRequire } from 'node:module';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { erroredSuite, fixtureRunReport, HOSTILE_NAME } from './__fixtures__/run-reports.ts';
import { contextText, svgContext, toMochawesome } from './mochawesome.ts';
import { writeMochawesome } from './mochawesome-reporter.ts';

const require = createRequire(import.meta.url);
// The generator's own schema for its input (what its CLI validates a JSON file against).
const t = require('tcomb-validation') as {
  validate(v: unknown, type: unknown): { isValid(): boolean; errors: Array<{ message: string }> };
};
const { TestReport } = require('mochawesome-report-generator/bin/types.js') as { TestReport: unknown };

describe('mochawesome conversion', () => {
  it('produces JSON that mochawesome-report-generator accepts', () => {
    const report = fixtureRunReport();
    report.suites.push(structuredClone(erroredSuite));
    const data = toMochawesome(report);
    const result = t.validate(JSON.parse(JSON.stringify(data)), TestReport);
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.isValid()).toBe(true);
    expect(data.stats).toMatchObject({ suites: 6, tests: 17, failures: 3, passes: 14 });
    expect(toMochawesome(report)).toEqual(data); // deterministic
  });

  it('attaches the suite charts to its first test as images, and keeps text as text', () => {
    const data = toMochawesome(fixtureRunReport());
    const bench = data.results[0]!.suites.find((s) => s.title === 'bench')!.suites[0]!;
    const ctx = JSON.parse(bench.tests[0]!.context!) as Array<{ title: string; value: unknown }>;
    const chart = ctx.find((c) => c.title === 'chart: plan 100 candidates trend')!;
    expect(chart.value).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+#\.png$/);
    expect(ctx.find((c) => c.title === 'metrics')!.value).toEqual({
      median_ms: 1.31,
      baseline_median_ms: 1.02,
      change_pct: 28.4,
      ci_low_pct: 21,
      ci_high_pct: 36.2,
      samples: 200,
    });
    // A reason that looks like an image URL must not become a link or an <img>.
    expect(contextText('javascript:alert(1)//x.png')).toMatch(/\n$/);
    expect(svgContext('<svg/>')).toBe(`data:image/svg+xml;base64,${Buffer.from('<svg/>').toString('base64')}#.png`);
  });

  it('writes the JSON and a self-contained HTML report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gauntlet-mocha-'));
    const { json, html } = await writeMochawesome(fixtureRunReport(), dir);
    expect(JSON.parse(await readFile(json, 'utf8')).stats.tests).toBe(16);
    const page = await readFile(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script src=|<link rel="stylesheet" href=/); // assets inline
    expect(page).not.toContain(HOSTILE_NAME); // the raw data sits escaped in an attribute
  });
});
