import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioBaseline } from '../stress-baseline.ts';
import { crowdedSave, persistStress } from './persist.ts';

const scenario = (factor?: number): ScenarioBaseline => ({
  calls: 10,
  e2eSample: [1],
  ttftSample: [],
  metrics: {},
  failures: {},
  ...(factor ? { contention: { factor, cpuMs: 1, waitMs: factor - 1 } } : {}),
});

describe('stress persist phase', () => {
  it('names the most crowded scenario and its contention factor, and allows a quiet or unmeasured run', () => {
    expect(crowdedSave({ a: scenario(1.2), b: scenario(101.3), c: scenario(7) }, 4)).toMatch(
      /scenario 'b' ran \(contention factor x101\.3.*maxSaveContention is 4/,
    );
    expect(crowdedSave({ a: scenario(1.2), b: scenario() }, 4)).toBeUndefined();
  });

  it('refuses --save from a crowded run with an error check and leaves the stored file alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stress-persist-'));
    const file = join(dir, 'stress.json');
    const common = {
      save: true,
      ci: false,
      aborted: false,
      checks: [],
      maxSaveContention: 4,
      baselineFile: file,
      rootDir: dir,
      provenance: { date: '2026-11-27T00:00:00Z', node: 'v20', cpu: 'x', platform: 'linux-x64' },
      machine: { cpu: 'x', cores: 2, node: 'v20', os: 'linux 6', arch: 'x64' },
      calibrationMs: 10,
    };
    const refused = await persistStress({ ...common, fresh: { a: scenario(30) } });
    expect(refused.checks).toMatchObject([{ name: 'baseline:save', verdict: 'error' }]);
    expect(existsSync(file)).toBe(false);
    const saved = await persistStress({ ...common, fresh: { a: scenario(1.1) } });
    expect(saved).toEqual({ notes: ['baseline saved to stress.json'], checks: [] });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schemaVersion: 1, scenarios: { a: { calls: 10 } } });
  });
});
