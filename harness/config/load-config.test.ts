import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { transform } from 'esbuild';
import { loadBuiltInKinds } from '../core/built-in-kinds.ts';
import { ConfigError, errorHeadline } from '../core/errors.ts';
import { defineSuiteKind } from '../core/suite-kind.ts';
import { validateConfig } from './load-config.ts';

const testEcho = defineSuiteKind({
  kind: 'test-echo',
  description: 'test kind',
  entrySchema: z.strictObject({
    kind: z.literal('test-echo'),
    name: z.string(),
    timeoutMs: z.number().int().positive().default(5000),
  }),
  run: async () => {
    throw new Error('not run here');
  },
});

async function configError(raw: unknown): Promise<ConfigError> {
  try {
    await validateConfig(raw, '/p/gauntlet.config.ts');
  } catch (e) {
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('validateConfig', () => {
  it('fills defaults and validates suite entries with their kind schema', async () => {
    const cfg = await validateConfig(
      { kinds: [testEcho], suites: [{ kind: 'test-echo', name: 'a' }] },
      '/p/gauntlet.config.ts',
    );
    expect(cfg).toMatchObject({
      seed: 1,
      reportsDir: 'reports',
      reporters: ['console', 'json', 'junit', 'mochawesome', 'github'],
      rootDir: '/p',
      missingBaseline: 'warn',
    });
    expect(cfg.suites[0]!.entry).toEqual({ kind: 'test-echo', name: 'a', timeoutMs: 5000 });
    expect(cfg.suites[0]!.definition).toBe(testEcho);
  });

  it('names an unknown top-level key', async () => {
    const e = await configError({ kinds: [testEcho], suites: [], seeed: 3 });
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.describe()).toBe("/p/gauntlet.config.ts: (root): unknown key 'seeed' (did you mean 'seed'?)");
  });

  it('names a misspelt required key (with the key it likely meant), not only the missing one', async () => {
    const e = await configError({ kinds: [testEcho], suits: [] });
    expect(e.exitCode).toBe(2);
    expect(e.describe()).toBe("/p/gauntlet.config.ts: (root): unknown key 'suits' (did you mean 'suites'?)");
    const far = await configError({ kinds: [testEcho], banana: [] });
    expect(far.describe()).toBe("/p/gauntlet.config.ts: (root): unknown key 'banana'");
  });

  it('names a misspelt key inside a suite entry, with the key it likely meant', async () => {
    const e = await configError({ kinds: [testEcho], suites: [{ kind: 'test-echo', name: 'a', timeoutMS: 5 }] });
    expect(e.describe()).toBe("/p/gauntlet.config.ts: suites[0]: unknown key 'timeoutMS' (did you mean 'timeoutMs'?)");
  });

  it('names a wrong type inside a suite entry by its path', async () => {
    const e = await configError({ kinds: [testEcho], suites: [{ kind: 'test-echo', name: 'a', timeoutMs: 'fast' }] });
    expect(e.location.field).toBe('suites[0].timeoutMs');
    expect(e.message).toMatch(/number/);
  });

  it('names an unknown kind, a duplicate suite name, a non-integer seed and a missing default export', async () => {
    expect((await configError({ kinds: [testEcho], suites: [{ kind: 'nope', name: 'a' }] })).location.field).toBe(
      'suites[0].kind',
    );
    expect(
      (
        await configError({
          kinds: [testEcho],
          suites: [
            { kind: 'test-echo', name: 'a' },
            { kind: 'test-echo', name: 'a' },
          ],
        })
      ).location.field,
    ).toBe('suites[1].name');
    expect((await configError({ seed: 1.5, suites: [] })).location.field).toBe('seed');
    expect((await configError(undefined)).message).toMatch(/default export/);
  });

  it('a custom kind may not take a built-in name; an unknown kind lists the built-in ones, loaded or not', async () => {
    const bench = { ...testEcho, kind: 'bench' };
    expect((await configError({ kinds: [bench], suites: [] })).describe()).toBe(
      "/p/gauntlet.config.ts: kinds[0].kind: suite kind 'bench' is defined twice",
    );
    expect((await configError({ kinds: [testEcho], suites: [{ kind: 'nope', name: 'a' }] })).message).toBe(
      "unknown suite kind 'nope' (known: bench, canary, drift, golden, stress, test-echo)",
    );
  });

  it('loads only the built-in kinds the suites name', async () => {
    expect((await loadBuiltInKinds(['drift', 'nope', 'drift'])).map((k) => k.kind)).toEqual(['drift']);
    const cfg = await validateConfig(
      {
        kinds: [testEcho],
        suites: [
          { kind: 'drift', name: 'd', scenarios: ['s'] },
          { kind: 'test-echo', name: 'e' },
        ],
      },
      '/p/gauntlet.config.ts',
    );
    expect(cfg.suites.map((s) => s.definition.kind)).toEqual(['drift', 'test-echo']);
  });

  it('a config that does not parse is reported with the line and column, not only "Transform failed"', async () => {
    const err = await transform('export default defineConfig({\n  seed: 1,,\n});\n', {
      loader: 'ts',
      sourcefile: 'gauntlet.config.ts',
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(errorHeadline(err)).toMatch(/^Transform failed with 1 error: gauntlet\.config\.ts:2:\d+: ERROR: /);
  });
});
