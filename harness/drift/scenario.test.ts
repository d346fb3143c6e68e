import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import { DAY_MS, driftEpisodes, generateStream } from './generate-stream.ts';
import { loadScenarios } from './load-scenarios.ts';
import { scenarioSchema } from './scenario-schema.ts';

describe('scenario schema and generators', () => {
  it('fills defaults: 30 days of one-minute steps, 7 reference days', () => {
    const s = scenarioSchema.parse({ name: 'control' });
    expect(s).toMatchObject({
      days: 30,
      stepMinutes: 1,
      referenceDays: 7,
      base: { mean: 0, sd: 1 },
      changes: [],
      expect: { maxFalseAlarms: 0 },
    });
    expect(generateStream(s, 1).values.length).toBe(43_200);
  });

  it('rejects a change inside the reference period, naming the field', () => {
    const r = scenarioSchema.safeParse({ name: 'x', changes: [{ kind: 'shift', atDay: 3, meanShift: 1 }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['changes', 0, 'atDay']);
  });

  it('needs a step that divides the hour', () => {
    expect(scenarioSchema.safeParse({ name: 'x', stepMinutes: 7 }).error!.issues[0]!.message).toMatch(/must divide 60/);
  });

  it('is deterministic per seed and different across seeds', () => {
    const s = scenarioSchema.parse({ name: 'c', days: 8, referenceDays: 7 });
    expect(generateStream(s, 3).values).toEqual(generateStream(s, 3).values);
    expect(generateStream(s, 3).values[0]).not.toBe(generateStream(s, 4).values[0]);
  });

  it('puts the shift where the ground truth says, in reference sd units', () => {
    const s = scenarioSchema.parse({
      name: 's',
      days: 20,
      stepMinutes: 10,
      base: { mean: 5, sd: 2 },
      changes: [{ kind: 'shift', atDay: 10, meanShift: 0.5 }],
    });
    const g = generateStream(s, 1);
    const perDay = 144;
    const avg = (from: number, to: number) =>
      g.values.slice(from * perDay, to * perDay).reduce((a, b) => a + b, 0) / ((to - from) * perDay);
    expect(avg(10, 20) - avg(0, 10)).toBeCloseTo(1, 0); // 0.5 sd of 2
    expect(g.episodes).toEqual([{ startMs: 10 * DAY_MS, endMs: Infinity, change: 'shift' }]);
  });

  it('lists every recurring episode as its own onset', () => {
    const s = scenarioSchema.parse({
      name: 'r',
      days: 30,
      changes: [{ kind: 'recurring', startDay: 9, everyDays: 5, durationDays: 1, meanShift: 1 }],
    });
    expect(driftEpisodes(s).map((e) => [e.startMs / DAY_MS, e.endMs / DAY_MS])).toEqual([
      [9, 10],
      [14, 15],
      [19, 20],
      [24, 25],
      [29, 30],
    ]);
  });
});

describe('loadScenarios', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drift-scenarios-'));

  it('reports a bad scenario file with file, field and line', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\ndays: 30\nchanges:\n  - kind: shift\n    atDay: 12\n    meanShift: lots\n');
    const err = await loadScenarios([file], dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).location).toMatchObject({ file, field: 'changes[0].meanShift', line: 6 });
  });

  it('rejects an unknown generator kind and a missing folder', async () => {
    const file = join(dir, 'kind.yaml');
    writeFileSync(file, 'name: k\nchanges:\n  - kind: wobble\n    atDay: 12\n');
    await expect(loadScenarios([file], dir)).rejects.toThrow(InputError);
    await expect(loadScenarios(['nope'], dir)).rejects.toThrow(/not found/);
  });

  it('loads the bundled scenarios', async () => {
    const all = await loadScenarios(['suites/drift'], process.cwd());
    expect(all.map((s) => s.scenario.name).sort()).toEqual([
      'control',
      'gradual-drift',
      'recurring-drift',
      'seasonal',
      'sudden-shift',
      'variance-change',
    ]);
  });
});
