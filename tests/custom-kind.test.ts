/**
 * A project adds its own suite kind through the config's `kinds` (docs/guide/writing-a-kind.md):
 * the example kind in examples/custom-kind runs against a real local HTTP server.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers-cli.ts';

const kindModule = pathToFileURL(resolve('examples/custom-kind/http-status-kind.ts')).href;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function project(expectations: string): string {
  const root = mkdtempSync(join(tmpdir(), 'gauntlet-custom-kind-'));
  writeFileSync(
    join(root, 'gauntlet.config.ts'),
    `import httpStatus from '${kindModule}';\nexport default { reporters: ['json'], kinds: [httpStatus], suites: [{ kind: 'http-status', name: 'site', expect: ${expectations} }] };\n`,
  );
  return root;
}

describe("a suite kind of the project's own", () => {
  it('runs beside the built-in ones: pass when every status is as expected, fail (exit 1) when one is not', async () => {
    const ok = await runCli(['run'], project(`{ '${base}/': 200, '${base}/missing': 404 }`), { CI: 'false' });
    expect(ok.code).toBe(0);
    const bad = await runCli(['run'], project(`{ '${base}/': 200, '${base}/missing': 200 }`), { CI: 'false' });
    expect(bad.code).toBe(1);
  });

  it('run --list shows it beside the built-in kinds, with its description; a name that matches nothing is exit 2', async () => {
    const root = project(`{ '${base}/': 200 }`);
    const listed = await runCli(['run', '--list'], root, { CI: 'false' });
    expect(listed.code).toBe(0);
    expect(listed.out).toBe('site  http-status  GET each URL and compare its status code with the expected one\n');
    const none = await runCli(['run', '--list', 'nope'], root, { CI: 'false' });
    expect(none.code).toBe(2);
    expect(none.err).toContain("no configured suite or kind named 'nope' (configured: site)");
  });

  it('receives its own command-line options through run --flag; a flag no kind reads or of the wrong type is exit 2', async () => {
    const root = project(`{ '${base}/': 200 }`);
    const readReasons = () =>
      (
        JSON.parse(readFileSync(join(root, 'reports/gauntlet.json'), 'utf8')) as {
          suites: Array<{ checks: Array<{ reasons: string[] }> }>;
        }
      ).suites[0]!.checks[0]!.reasons;
    const quiet = await runCli(['run'], root, { CI: 'false' });
    expect(quiet.code).toBe(0);
    expect(readReasons()).toEqual([]);
    const verbose = await runCli(['run', '--flag', 'verbose=true'], root, { CI: 'false' });
    expect(verbose.code).toBe(0);
    expect(readReasons()).toEqual(['status 200, expected 200']);
    const unread = await runCli(['run', '--flag', 'limit=3'], root, { CI: 'false' });
    expect(unread.code).toBe(2);
    expect(unread.err).toContain("--flag limit: no selected suite's kind reads it (kinds: http-status");
    const wrongType = await runCli(['run', '--flag', 'verbose=yes'], root, { CI: 'false' });
    expect(wrongType.code).toBe(2);
    const failed = (
      JSON.parse(readFileSync(join(root, 'reports/gauntlet.json'), 'utf8')) as {
        suites: Array<{ verdict: string; inputError?: { message: string } }>;
      }
    ).suites[0]!;
    expect(failed.verdict).toBe('error');
    expect(failed.inputError?.message).toMatch(/^--flag verbose: .*boolean/);
  });

  it('validates its entry with its own schema: a wrong key is exit 2 naming the field', async () => {
    const r = await runCli(['run'], project(`{ '${base}/': 200 }, timeoutMS: 5`), { CI: 'false' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/suites\[0\].*unknown key 'timeoutMS'/);
  });
});
