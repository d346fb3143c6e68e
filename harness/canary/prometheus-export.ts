import { InputError } from '../core/errors.ts';
import { chooseColumns, type ExportOptions, type MetricExport } from './export-columns.ts';

interface Sample {
  line: number;
  value: number;
  timestamp: number | undefined;
}

interface Series {
  name: string;
  labels: Record<string, string>;
  key: string;
  firstLine: number;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

/** Parse `{a="x",b="y\"z"}` starting at text[i] === '{'; returns the labels and the index after '}'. */
function parseLabels(
  text: string,
  i: number,
  at: { file: string; line: number },
): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  i++;
  for (;;) {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (text[i] === '}') return { labels, end: i + 1 };
    const name = NAME.exec(text.slice(i))?.[0];
    if (!name) throw new InputError(`malformed label at column ${i + 1}`, at);
    i += name.length;
    while (text[i] === ' ') i++;
    if (text[i] !== '=' || text[i + 1] !== '"') throw new InputError(`expected ${name}="value" at column ${i + 1}`, at);
    i += 2;
    let value = '';
    for (; i < text.length && text[i] !== '"'; i++) {
      if (text[i] === '\\') {
        const next = text[++i];
        value += next === 'n' ? '\n' : next;
      } else value += text[i];
    }
    if (text[i] !== '"') throw new InputError(`unterminated label value of ${name}`, at);
    labels[name] = value;
    i++;
  }
}

function parseValue(token: string, at: { file: string; line: number; field: string }): number {
  const value = Number(token);
  if (token === '' || !Number.isFinite(value))
    throw new InputError(`expected a finite number, got ${JSON.stringify(token)}`, at);
  return value;
}

const show = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`;

/**
 * Parse Prometheus text exposition or OpenMetrics text: `name{label="v",...} value [timestamp]` lines,
 * comments (# HELP, # TYPE, # EOF) skipped, OpenMetrics exemplars after ` # ` dropped. Each repeated line
 * of a series is one sample, ordered by timestamp when every sample has one (else by line). The arm is the
 * series whose labels include all of `labels`; exactly one series per metric and arm is allowed, so a
 * selector that matches two (two pods, histogram buckets) is an InputError naming both lines.
 */
export function parsePrometheusExport(text: string, file: string, options: ExportOptions = {}): MetricExport {
  const series = new Map<string, Series>();
  text.split(/\r?\n/).forEach((raw, idx) => {
    const line = idx + 1;
    const at = { file, line };
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const name = NAME.exec(trimmed)?.[0];
    if (!name) throw new InputError('expected a metric name at the start of the line', at);
    let i = name.length;
    let labels: Record<string, string> = {};
    if (trimmed[i] === '{') ({ labels, end: i } = parseLabels(trimmed, i, at));
    const rest = trimmed.slice(i).split(' # ')[0]!.trim().split(/\s+/);
    if (rest.length < 1 || rest.length > 2 || rest[0] === '')
      throw new InputError('expected "name{labels} value [timestamp]"', { ...at, field: name });
    const value = parseValue(rest[0]!, { ...at, field: name });
    const timestamp = rest[1] === undefined ? undefined : parseValue(rest[1], { ...at, field: `${name} timestamp` });
    const selector = options.labels ?? {};
    if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) return;
    const key = `${name}${show(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))))}`;
    const s = series.get(key) ?? { name, labels, key, firstLine: line, samples: [] };
    s.samples.push({ line, value, timestamp });
    series.set(key, s);
  });
  const byName = new Map<string, Series[]>();
  for (const s of series.values()) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const chosen = chooseColumns([...byName.keys()], { ...options, lookColumn: undefined }, { file }, 'series');
  const selector = options.labels ? show(options.labels) : 'no label selector';
  const out: MetricExport = { samples: {} };
  for (const [metric, source] of chosen.metrics) {
    const matches = byName.get(source)!;
    if (matches.length > 1) {
      const [a, b] = matches as [NonNullable<(typeof matches)[0]>, NonNullable<(typeof matches)[1]>]; // length > 1 checked above
      throw new InputError(
        `${matches.length} series of ${source} match ${selector}: ${a.key} (line ${a.firstLine}) and ${b.key}; one series per metric and arm, so add labels that tell them apart (--baseline-labels / --canary-labels)`,
        { file, line: b.firstLine, field: source },
      );
    }
    const samples = [...matches[0]!.samples];
    if (samples.every((s) => s.timestamp !== undefined))
      samples.sort((x, y) => x.timestamp! - y.timestamp! || x.line - y.line);
    out.samples[metric] = samples.map((s) => s.value);
  }
  return out;
}
