import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers-cli.ts';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'gauntlet-stress-cli-'));

const run = (args: string[], cwd = dir) => runCli(args, cwd);

const badProfile = 'name: bad\nlatency:\n  ttft: { dist: gamma, ms: 3 }\n';
writeFileSync(join(dir, 'bad.yaml'), badProfile);

describe('stress from the command line', () => {
  it('a profile that does not validate is exit code 2 naming file, line and field (mock-llm)', async () => {
    const { code, err } = await run(['mock-llm', '--profile', 'bad.yaml']);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain(`${join(dir, 'bad.yaml')}:3: latency.ttft.dist`);
  });

  it('... and in a stress suite run: exit code 2', async () => {
    writeFileSync(
      join(dir, 'gauntlet.config.ts'),
      `import { defineConfig } from '${root}harness/index.ts';
import { referenceClientFactory } from '${root}sut/llm-client/factory.ts';
export default defineConfig({ suites: [{ kind: 'stress', name: 's', client: referenceClientFactory, redis: 'memory', scenarios: [{ name: 'a', calls: 5, profile: 'bad.yaml' }] }] });
`,
    );
    const { code, out } = await run(['run', '--reporter', 'console', '--reports', join(dir, 'reports')]);
    expect(code).toBe(2);
    expect(out).toContain('bad.yaml:3: latency.ttft.dist');
  });
});

describe('stress --save in CI', () => {
  it('is refused with a note, and the run gates as one without it: a missing baseline is still reported', async () => {
    const ci = mkdtempSync(join(tmpdir(), 'gauntlet-stress-save-ci-'));
    writeFileSync(
      join(ci, 'gauntlet.config.ts'),
      `import { defineConfig } from '${root}harness/index.ts';
import { referenceClientFactory } from '${root}sut/llm-client/factory.ts';
export default defineConfig({ missingBaseline: 'error', suites: [{ kind: 'stress', name: 's', client: referenceClientFactory, redis: 'memory', baseline: 'stress.json', scenarios: [{ name: 'a', calls: 5, profile: {} }] }] });
`,
    );
    const { code, out } = await runCli(
      ['stress', '--save', '--reporter', 'console', '--reports', join(ci, 'reports')],
      ci,
      {
        CI: 'true',
      },
    );
    expect(out).toContain('no stored baseline in stress.json');
    expect(out).toMatch(/not saved|CI/);
    expect(code).toBe(1);
    expect(existsSync(join(ci, 'stress.json'))).toBe(false);
  });
});
