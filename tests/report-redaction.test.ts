import { realpathSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../harness/cli/main.ts';

const TOKEN = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';
const KEY = 'my-own-llm-key-value-42';
const harness = pathToFileURL(resolve('harness/index.ts')).href;
// The config runs in the real run process, which resolves modules from the config's own directory.
const zodUrl = pathToFileURL(realpathSync(resolve('node_modules/zod/index.js'))).href;

/** A suite whose failure messages quote the tokens it was given, as a careless HTTP error would. */
const CONFIG = `
import { z } from '${zodUrl}';
import { defineConfig, defineSuiteKind, ConfigError } from '${harness}';
const leaky = defineSuiteKind({
  kind: 'leaky',
  description: 'quotes secrets',
  entrySchema: z.strictObject({ kind: z.literal('leaky'), name: z.string() }),
  async run(entry) {
    if (entry.name === 'throws') throw new Error('request failed: Authorization: Bearer ' + process.env.LEAKY_API_KEY);
    return {
      kind: 'leaky', name: entry.name, verdict: 'fail', durationMs: 1, summary: 'leaked ' + process.env.GITHUB_TOKEN,
      checks: [{ name: 'call', verdict: 'fail', reasons: ['401 for token ' + process.env.GITHUB_TOKEN + ' and key ' + process.env.LEAKY_API_KEY] }],
    };
  },
});
export default defineConfig({ kinds: [leaky], reporters: ['console', 'json', 'junit', 'mochawesome', 'github'], suites: [{ kind: 'leaky', name: 'returns' }, { kind: 'leaky', name: 'throws' }] });
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gauntlet-redact-'));
  await writeFile(join(dir, 'gauntlet.config.ts'), CONFIG);
});

describe('tokens are never printed or written', () => {
  it('redacts tokens from the console, every report file and errors', async () => {
    process.env.GITHUB_TOKEN = TOKEN;
    process.env.LEAKY_API_KEY = KEY;
    const out = new PassThrough();
    const err = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    err.on('data', (d: Buffer) => (text += d.toString()));
    try {
      const code = await main(['run', '--reports', 'reports'], {
        out,
        err,
        cwd: dir,
        env: { GITHUB_TOKEN: TOKEN, LEAKY_API_KEY: KEY },
      });
      expect(code).toBe(1);
    } finally {
      delete process.env.GITHUB_TOKEN;
      delete process.env.LEAKY_API_KEY;
    }
    expect(text).toContain('401 for token *** and key ***');
    expect(text).toContain('Bearer ***');
    const files = await readdir(join(dir, 'reports'));
    expect(files).toEqual(
      expect.arrayContaining(['gauntlet.json', 'junit.xml', 'mochawesome.json', 'gauntlet.html', 'summary.md']),
    );
    for (const f of files) {
      const body = await readFile(join(dir, 'reports', f), 'utf8');
      expect(body, f).not.toContain(TOKEN);
      expect(body, f).not.toContain(KEY);
    }
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(KEY);
  });

  it('redacts a token from a CLI error line', async () => {
    const err = new PassThrough();
    let text = '';
    err.on('data', (d: Buffer) => (text += d.toString()));
    const code = await main(['report', 'summary', `missing-${TOKEN}.json`], {
      out: new PassThrough(),
      err,
      cwd: dir,
      env: { GITHUB_TOKEN: TOKEN },
    });
    expect(code).toBe(2);
    expect(text).toMatch(/^gauntlet: .*missing-\*\*\*\.json: file not found/);
  });
});
