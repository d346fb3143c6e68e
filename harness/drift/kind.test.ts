import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from '../core/suite-kind.ts';
import { suiteContextFor } from '../core/__fixtures__/suite-context.ts';
import driftKind from './kind.ts';

const dir = mkdtempSync(join(tmpdir(), 'drift-kind-'));
const ctx: SuiteContext = suiteContextFor(dir, { ci: true });

describe('drift suite kind', () => {
  it('reports detection per scenario with metrics, a detector table and an SVG chart', async () => {
    writeFileSync(
      join(dir, 'jump.yaml'),
      'name: jump\ndays: 9\nstepMinutes: 2\nchanges:\n  - { kind: shift, atDay: 8, meanShift: 1.5 }\nexpect: { detectWithinHours: 6 }\n',
    );
    const entry = driftKind.entrySchema.parse({ kind: 'drift', name: 'd', scenarios: ['jump.yaml'], seeds: 1 });
    const r = await driftKind.run(entry, ctx);
    expect(r.verdict).toBe('pass');
    expect(r.checks.map((c) => c.name)).toEqual(['jump: detection']);
    expect(r.checks[0]!.metrics).toMatchObject({ default_set_false_alarms: 0, default_set_missed: 0 });
    expect(r.checks[0]!.metrics!.cusum_mean_delay_h).toBeLessThan(6);
    expect(r.artifacts![1]).toMatchObject({ name: 'drift-jump.svg', type: 'svg' });
    expect(r.artifacts![0]!.content).toMatch(/^jump \(1 seed\(s\); \* = default set\)\ndetector\s+false alarms/);
    expect(r.artifacts![0]!.content).toMatch(/^default set\s+0\s+0\.000\s+-\s+1\/1/m);
    expect(r.notes).toEqual(['no system configured: detectors only, no invariants checked']);
  });

  it('fails a scenario whose drift is too small to detect in time', async () => {
    writeFileSync(
      join(dir, 'tiny.yaml'),
      'name: tiny\ndays: 9\nstepMinutes: 2\nchanges:\n  - { kind: shift, atDay: 8, meanShift: 0.05 }\nexpect: { detectWithinHours: 2 }\n',
    );
    const entry = driftKind.entrySchema.parse({
      kind: 'drift',
      name: 'd',
      scenarios: ['tiny.yaml'],
      seeds: 1,
      charts: false,
    });
    const r = await driftKind.run(entry, ctx);
    expect(r.verdict).toBe('fail');
    expect(r.checks[0]!.reasons[0]).toMatch(/seed 1: drift at day 8 (never detected|detected after)/);
  });

  it('rejects a reference period too short to calibrate on, naming the scenario file and field', async () => {
    writeFileSync(join(dir, 'short.yaml'), 'name: short\ndays: 3\nreferenceDays: 0.25\n');
    const entry = driftKind.entrySchema.parse({ kind: 'drift', name: 'd', scenarios: ['short.yaml'], seeds: 1 });
    await expect(driftKind.run(entry, ctx)).rejects.toMatchObject({
      exitCode: 2,
      location: { field: 'referenceDays' },
    });
  });

  it('rejects an unknown key in the entry', () => {
    expect(driftKind.entrySchema.safeParse({ kind: 'drift', name: 'd', scenarios: ['x'], sedes: 3 }).success).toBe(
      false,
    );
  });
});
