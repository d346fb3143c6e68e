import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { parseCsvExport } from './csv-export.ts';
import { parseNdjsonExport } from './ndjson-export.ts';
import { parsePrometheusExport } from './prometheus-export.ts';
import { parseJsonExport } from './metric-export.ts';
import { parseLabelSelector, parseMetricMapping } from './export-columns.ts';
import { splitIntoLooks } from './export-looks.ts';

const where = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return { ...(e as InputError).location, message: (e as InputError).message };
  }
  throw new Error('expected an InputError');
};

describe('per-request CSV', () => {
  const csv = 'request_id,route,duration,is_error,look\nr1,/a,120.5,false,1\nr2,/b,99,true,1\nr3,/a,,false,2\n';

  it('reads the chosen columns under their metric names and ignores the rest', () => {
    const e = parseCsvExport(csv, 'r.csv', { metrics: parseMetricMapping(['latency_ms=duration', 'error=is_error']) });
    expect(e.samples).toEqual({ latency_ms: [120.5, 99], error: [0, 1, 0] });
    expect(e.looks).toBeUndefined();
  });

  it('a look column gives each sample its look', () => {
    const e = parseCsvExport(csv, 'r.csv', {
      metrics: { latency_ms: 'duration', error: 'is_error' },
      lookColumn: 'look',
    });
    expect(e.looks).toEqual({ latency_ms: [1, 1], error: [1, 1, 2] });
  });

  it('without --metric every column is a metric, so a text column is an error naming line and column', () => {
    expect(where(() => parseCsvExport(csv, 'r.csv'))).toMatchObject({
      file: 'r.csv',
      line: 2,
      field: 'request_id',
      message: expect.stringMatching(/expected a finite number, got "r1"/),
    });
  });

  it('a chosen column that is not in the header is an error naming it', () => {
    expect(where(() => parseCsvExport(csv, 'r.csv', { metrics: { latency_ms: 'latency' } }))).toMatchObject({
      file: 'r.csv',
      line: 1,
      message: expect.stringMatching(
        /^no column 'latency' for metric latency_ms \(columns: request_id, route, duration, is_error, look\)/,
      ),
    });
    expect(where(() => parseCsvExport(csv, 'r.csv', { metrics: { x: 'duration' }, lookColumn: 'when' }))).toMatchObject(
      { message: expect.stringMatching(/no column 'when' for --look-column/) },
    );
  });
});

describe('NDJSON', () => {
  const nd = [
    '{"id":"a","ms":12,"ok":true,"t":{"ttft":3}}',
    '',
    '{"id":"b","ms":15.5,"ok":false,"t":{"ttft":4}}',
    '{"id":"c","ms":null,"ok":true}',
  ].join('\n');

  it('numeric and boolean top-level fields are metrics; strings, nulls and absent fields are skipped', () => {
    expect(parseNdjsonExport(nd, 'r.ndjson').samples).toEqual({ ms: [12, 15.5], ok: [1, 0, 1] });
  });

  it('--metric chooses fields, dotted paths reach nested ones', () => {
    expect(parseNdjsonExport(nd, 'r.ndjson', { metrics: { latency_ms: 'ms', ttft_ms: 't.ttft' } }).samples).toEqual({
      latency_ms: [12, 15.5],
      ttft_ms: [3, 4],
    });
  });

  it('bad lines name the line and the field', () => {
    expect(where(() => parseNdjsonExport('{"ms":1}\n{"ms":"slow"}\n', 'r.ndjson'))).toMatchObject({
      file: 'r.ndjson',
      line: 2,
      field: 'ms',
      message: 'expected a finite number or a boolean, got the string "slow"',
    });
    expect(where(() => parseNdjsonExport('{"ms":1}\n{"ms":\n', 'r.ndjson'))).toMatchObject({
      line: 2,
      message: expect.stringMatching(/^malformed JSON line/),
    });
    expect(where(() => parseNdjsonExport('[1,2]\n', 'r.ndjson'))).toMatchObject({
      line: 1,
      message: 'expected one JSON object per line',
    });
    expect(where(() => parseNdjsonExport(nd, 'r.ndjson', { metrics: { x: 'nope' } }))).toMatchObject({
      field: 'nope',
      message: "no record has the field 'nope'",
    });
  });
});

describe('Prometheus / OpenMetrics text', () => {
  const prom = [
    '# HELP latency_ms request latency',
    '# TYPE latency_ms gauge',
    'latency_ms{track="stable",pod="a"} 101 1700000002000',
    'latency_ms{track="canary",pod="b"} 120 1700000001000',
    'latency_ms{track="stable",pod="a"} 99.5 1700000001000',
    'latency_ms{track="canary",pod="b"} 118 1700000002000 # {trace_id="x"} 118',
    'errors_total{track="canary"} 3',
    'errors_total{track="stable"} 1',
    '# EOF',
  ].join('\n');

  it('one series per metric and arm, selected by labels, ordered by timestamp', () => {
    expect(
      parsePrometheusExport(prom, 'm.prom', { labels: parseLabelSelector('track=stable', '--baseline-labels') })
        .samples,
    ).toEqual({ latency_ms: [99.5, 101], errors_total: [1] });
    expect(
      parsePrometheusExport(prom, 'm.prom', { labels: { track: 'canary' }, metrics: { latency: 'latency_ms' } })
        .samples,
    ).toEqual({ latency: [120, 118] });
  });

  it('a selector matching two series is an error naming both lines', () => {
    expect(where(() => parsePrometheusExport(prom, 'm.prom'))).toMatchObject({
      file: 'm.prom',
      line: 4,
      field: 'latency_ms',
      message: expect.stringMatching(
        /^2 series of latency_ms match no label selector: latency_ms\{pod="a",track="stable"\} \(line 3\) and latency_ms\{pod="b",track="canary"\}/,
      ),
    });
  });

  it('NaN, +Inf and malformed lines are errors naming the line', () => {
    expect(where(() => parsePrometheusExport('x{a="1"} NaN\n', 'm.prom'))).toMatchObject({
      line: 1,
      field: 'x',
      message: 'expected a finite number, got "NaN"',
    });
    expect(where(() => parsePrometheusExport('ok 1\nx{a="1" 2\n', 'm.prom'))).toMatchObject({ line: 2 });
    expect(where(() => parsePrometheusExport('ok 1\n{a="1"} 2\n', 'm.prom'))).toMatchObject({
      line: 2,
      message: 'expected a metric name at the start of the line',
    });
  });

  it('label values may hold escaped quotes, commas and braces', () => {
    const text = 'x{path="/a,b{c}",q="say \\"hi\\""} 5\n';
    expect(parsePrometheusExport(text, 'm.prom', { labels: { q: 'say "hi"' } }).samples).toEqual({ x: [5] });
  });
});

describe('looks', () => {
  it('without a look column each metric is cut into consecutive, nearly equal parts', () => {
    const b = parseJsonExport('{"x": [1,2,3,4,5,6,7]}', 'b.json');
    const c = parseJsonExport('{"x": [1,2,3,4]}', 'c.json');
    const looks = splitIntoLooks(b, c, 3, { baseline: 'b.json', canary: 'c.json' });
    expect(looks.map((l) => l.baseline.x)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6, 7],
    ]);
    expect(looks.map((l) => l.canary.x)).toEqual([[1], [2], [3, 4]]);
  });

  it('a look column groups by look number across both arms, never more looks than planned', () => {
    const b = parseJsonExport('{"x": [1,2,3], "look": [10, 20, 20]}', 'b.json', { lookColumn: 'look' });
    const c = parseJsonExport('{"x": [4,5], "look": [20, 30]}', 'c.json', { lookColumn: 'look' });
    expect(splitIntoLooks(b, c, 5, { baseline: 'b.json', canary: 'c.json' })).toEqual([
      { look: 1, baseline: { x: [1] }, canary: { x: [] } },
      { look: 2, baseline: { x: [2, 3] }, canary: { x: [4] } },
      { look: 3, baseline: { x: [] }, canary: { x: [5] } },
    ]);
    expect(where(() => splitIntoLooks(b, c, 2, { baseline: 'b.json', canary: 'c.json' }))).toMatchObject({
      message: expect.stringMatching(/3 distinct looks but sequential.looks plans 2/),
    });
    expect(where(() => parseJsonExport('{"x": [1,2], "look": [1]}', 'b.json', { lookColumn: 'look' }))).toMatchObject({
      field: 'x',
      line: 1,
    });
  });
});
