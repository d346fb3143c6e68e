import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers-cli.ts';

const fixtures = new URL('../harness/canary/__fixtures__/', import.meta.url).pathname;

const run = (args: string[], cwd = fixtures) => runCli(args, cwd);
/** `gauntlet canary` on a baseline and a canary file, with more options. */
const judge = (baseline: string, canary: string, ...options: string[]) =>
  run(['canary', '--baseline', baseline, '--canary', canary, ...options]);

const dir = mkdtempSync(join(tmpdir(), 'gauntlet-canary-'));
const write = (name: string, content: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
};

describe('gauntlet canary', () => {
  it('--json prints the documented object; pValue matches scipy', async () => {
    const { code, out } = await judge('export-baseline.json', 'export-canary.json', '--json');
    const j = JSON.parse(out);
    const expected = JSON.parse(readFileSync(fixtures + 'scipy-expected.json', 'utf8')).metrics;
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining(['verdict', 'decision', 'score', 'reasons', 'srm', 'metrics']),
    );
    const lat = j.metrics.find((m: { name: string }) => m.name === 'latency_ms');
    expect(lat).toMatchObject({ classification: expect.any(String), effectSize: expect.any(Object) });
    expect(lat.pValue).toBeCloseTo(expected.latency_ms.pValue, 12);
    expect(lat.hodgesLehmann).toMatchObject({
      estimate: expected.latency_ms.hodgesLehmann,
      lower: expect.any(Number),
      upper: expect.any(Number),
    });
    // The error rate tripled (6 -> 17 events): not significant after Holm, but not shown within its
    // allowance either, so the canary is not promoted, and the report says what sample would settle it.
    const error = j.metrics.find((m: { name: string }) => m.name === 'error');
    expect(error.classification).toBe('inconclusive');
    expect(error.interval).toMatchObject({ method: 'newcombe', confidence: 0.95 });
    expect(error.interval.upper).toBeGreaterThan(error.allowedChange);
    expect(error.allowance).toMatchObject({ relative: 0.05, absolute: 0.005, source: 'type default' });
    expect(error.samplesToSettle.canary).toBeGreaterThan(380);
    expect(error.samplesToSettle.statement).toMatch(
      /^about \d+ baseline and \d+ canary samples would settle it \(now 400 and 380\): to confirm the observed bad change/,
    );
    expect(j.verdict).toBe('inconclusive');
    expect(j.decision).toBe('continue');
    expect(j.settings).toMatchObject({
      inconclusive: 'fail',
      allowances: { continuous: { relative: 0.05, absolute: 0 }, rate: { relative: 0.05, absolute: 0.005 } },
    });
    expect(code).toBe(1);
  });

  it('the inconclusive policy decides the exit code; the text report shows allowances and what would settle each metric', async () => {
    const warn = write('warn.yaml', 'inconclusive: warn\n');
    const { code, out } = await judge('export-baseline.json', 'export-canary.json', '--config', warn);
    expect(code).toBe(0);
    expect(out).toMatch(/^canary INCONCLUSIVE: continue \(score 33\.3; inconclusive is a warn by policy\)/);
    expect(out).toMatch(/allowed: ±0\.00575 = 5% of the baseline rate 0\.015 \+ 0\.005 \(default for rate metrics\)/);
    expect(out).toMatch(/to settle: about \d+ baseline and \d+ canary samples would settle it/);
  });

  it('without the correction the same pair fails (latency and errors high): exit 1', async () => {
    const cfg = write('none.json', { correction: 'none' });
    const { code, out } = await judge('export-baseline.json', 'export-canary.json', '--config', cfg, '--json');
    const j = JSON.parse(out);
    const cls = Object.fromEntries(
      j.metrics.map((m: { name: string; classification: string }) => [m.name, m.classification]),
    );
    expect(cls).toEqual({ latency_ms: 'high', tokens: 'pass', error: 'high' });
    expect(j.verdict).toBe('fail');
    expect(j.decision).toBe('roll back');
    expect(code).toBe(1);
  });

  it('CSV canary, a config file, a text report and an SVG chart', async () => {
    const cfg = write(
      'judge.yaml',
      'metrics:\n  error:\n    direction: decrease\n  latency_ms:\n    allowedChange: 0.2\n',
    );
    const chart = join(dir, 'chart.svg');
    const { code, out } = await judge('export-baseline.json', 'export-canary.csv', '--config', cfg, '--chart', chart);
    // latency within its 20% allowance, errors judged in the other direction (a fall is bad): promoted
    expect(out).toMatch(/^canary PASS: promote \(score 100\)/);
    expect(out).toMatch(/pass +latency_ms: p = 0.0333 two-sided/);
    expect(code).toBe(0);
    expect(readFileSync(chart, 'utf8')).toMatch(/^<svg[\s\S]*latency_ms[\s\S]*<\/svg>\n$/);
  });

  it('bad input is exit 2 with one line naming file, field and line', async () => {
    const bad = write('bad.json', '{\n  "latency_ms": [1, 2, "x"]\n}\n');
    const r = await judge('export-baseline.json', bad);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`gauntlet: ${bad}:2: latency_ms[2]: expected a finite number, got the string "x"\n`);
    const cfg = write('bad-config.json', '{"confidence": 0.8}');
    const c = await judge('export-baseline.json', 'export-canary.json', '--config', cfg);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/bad-config.json:1: confidence: confidence must be at least 0.95/);
    const missing = await run(['canary', '--baseline', 'export-baseline.json']);
    expect(missing.code).toBe(2);
  });

  it('a metric on one side only and empty arrays are "no data", never NaN', async () => {
    const b = write('b.json', { latency_ms: [], only_here: [1, 2, 3] });
    const c = write('c.json', { latency_ms: [] });
    const { code, out } = await judge(b, c, '--json');
    const j = JSON.parse(out);
    expect(j.metrics.map((m: { classification: string }) => m.classification)).toEqual(['no data', 'no data']);
    expect(j.score).toBe(0);
    expect(out).not.toMatch(/NaN/);
    expect(code).toBe(1);
  });

  it('runs the sequential judge when the config has `sequential`: looks over the rows in file order', async () => {
    const cfg = write('seq.yaml', 'sequential: { looks: 4 }\n');
    const { code, out } = await judge('export-baseline.json', 'export-canary.json', '--config', cfg, '--json');
    const j = JSON.parse(out);
    expect(j.sequential).toMatchObject({ plannedLooks: 4, looksTaken: 4, stoppedEarly: false });
    expect(j.sequential.looks.map((l: { baseline: number }) => l.baseline)).toEqual([100, 200, 300, 400]);
    expect(j.decision).toBe('continue');
    expect(code).toBe(1);
  });

  it('per-request NDJSON with --metric and a look column: fewer looks than planned is a canary still running', async () => {
    const lines = (arm: string, n: number, slow: number) =>
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({
          id: `${arm}-${i}`,
          look: 1 + Math.floor(i / 100),
          duration: 100 + ((i * 37) % 50) * slow,
          failed: i % 97 === 0,
        }),
      ).join('\n');
    const b = write('b.ndjson', lines('b', 300, 1));
    const c = write('c.ndjson', lines('c', 300, 3));
    const cfg = write('seq5.yaml', 'sequential: { looks: 5 }\nmetrics: { latency_ms: { critical: true } }\n');
    const sequential = ['--config', cfg, '--metric', 'latency_ms=duration', '--metric', 'error=failed'];
    sequential.push('--look-column', 'look', '--json');
    const { code, out } = await judge(b, c, ...sequential);
    const j = JSON.parse(out);
    expect(j.metrics.map((m: { name: string }) => m.name)).toEqual(['latency_ms', 'error']);
    // the canary's latency is clearly worse: rolled back at an early look
    expect(j.decision).toBe('roll back');
    expect(j.sequential.looksTaken).toBeLessThanOrEqual(3);
    expect(code).toBe(1);
    // identical arms, three looks of five: the error rate (1%) is not yet shown within its allowance
    const same = await judge(b, b, ...sequential);
    const k = JSON.parse(same.out);
    expect(k.sequential).toMatchObject({ plannedLooks: 5, looksTaken: 3 });
    expect(k.reasons[0]).toBe('canary still running: 3 of 5 planned looks taken');
  });

  it('Prometheus text: both arms from one file, selected by labels', async () => {
    const rows: string[] = ['# TYPE latency_ms gauge'];
    for (let i = 0; i < 3000; i++) {
      const v = 100 + ((i * 7919) % 101) / 10;
      rows.push(
        `latency_ms{track="stable"} ${v} ${1700000000000 + i}`,
        `latency_ms{track="canary"} ${v} ${1700000000000 + i}`,
      );
    }
    const prom = write('m.prom', rows.join('\n') + '\n# EOF\n');
    const { code, out } = await judge(
      prom,
      prom,
      '--baseline-labels',
      'track=stable',
      '--canary-labels',
      'track=canary',
      '--json',
    );
    const j = JSON.parse(out);
    expect(j.metrics[0]).toMatchObject({ name: 'latency_ms', classification: 'pass' });
    expect(j.decision).toBe('promote');
    expect(code).toBe(0);
    const ambiguous = await judge(prom, prom);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.err).toMatch(/m\.prom:3: latency_ms: 2 series of latency_ms match no label selector/);
  });

  it('an option or config key the run would not use is an error, never ignored', async () => {
    const lookless = await judge('export-baseline.json', 'export-canary.json', '--look-column', 'look');
    expect(lookless.code).toBe(2);
    expect(lookless.err).toMatch(/--look-column: needs a judge config with `sequential` \(--config;/);
    expect(lookless.err).not.toMatch(/--look-column: --look-column/);
    const labels = await judge('export-baseline.json', 'export-canary.json', '--canary-labels', 'track=canary');
    expect(labels.code).toBe(2);
    expect(labels.err).toMatch(/export-canary\.json: label selectors apply to Prometheus/);
    const unknown = write('unknown.yaml', 'sequential: { looks: 4, lookColumn: look }\n');
    const key = await judge('export-baseline.json', 'export-canary.json', '--config', unknown);
    expect(key.code).toBe(2);
    expect(key.err).toMatch(/unknown\.yaml:1: sequential: .*lookColumn/);
    const csv = write('r.csv', 'id,duration\nr1,12\nr2,oops\n');
    const bad = await judge(csv, csv, '--metric', 'latency_ms=duration');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(`gauntlet: ${csv}:3: duration: expected a finite number, got "oops"\n`);
  });
});
