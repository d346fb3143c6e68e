/**
 * `defineConfig` types each suite entry by its kind: the editor completes a kind's keys and a wrong
 * key is a type error. Checked with the TypeScript compiler on two small config files.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const harness = resolve('harness/index.ts');

/** Type-check several config files in one program; only their own diagnostics are computed. */
function typeErrors(sources: Record<string, string>): Record<string, string[]> {
  const dir = mkdtempSync(join(resolve('node_modules/.cache'), 'gauntlet-config-types-'));
  const files = Object.fromEntries(
    Object.entries(sources).map(([name, source]) => {
      const file = join(dir, `${name}.config.ts`);
      writeFileSync(file, source.replace('HARNESS', harness));
      return [name, file];
    }),
  );
  const program = ts.createProgram(Object.values(files), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    types: ['node'],
  });
  return Object.fromEntries(
    Object.entries(files).map(([name, file]) => [
      name,
      program
        .getSemanticDiagnostics(program.getSourceFile(file))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    ]),
  );
}

describe('defineConfig types', () => {
  it('accepts a valid config, rejects a key its kind does not know, and knows custom kinds', () => {
    const errors = typeErrors({
      valid: `import { defineConfig, defineSuiteKind } from 'HARNESS';
import { z } from 'zod';
const mine = defineSuiteKind({ kind: 'mine', description: 'x', entrySchema: z.strictObject({ kind: z.literal('mine'), name: z.string(), level: z.number() }), run: async (e) => ({ kind: 'mine', name: e.name, verdict: 'pass', durationMs: e.level, summary: '', checks: [] }) });
export default defineConfig({ kinds: [mine], suites: [
  { kind: 'golden', name: 'g', selector: { module: './s.ts' }, timeoutMs: 100 },
  { kind: 'bench', name: 'b', repetitions: 4 },
  { kind: 'mine', name: 'm', level: 2 },
] });`,
      wrongKey: `import { defineConfig } from 'HARNESS';
export default defineConfig({ suites: [{ kind: 'golden', name: 'g', selector: { module: './s.ts' }, timeoutMS: 100 }] });`,
      wrongType: `import { defineConfig } from 'HARNESS';
export default defineConfig({ suites: [{ kind: 'bench', name: 'b', repetitions: 'six' }] });`,
    });
    expect(errors.valid).toEqual([]);
    expect(errors.wrongKey!.join('\n')).toMatch(/timeoutMS/);
    expect(errors.wrongType!.join('\n')).toMatch(/not assignable/);
  }, 120_000);
});
