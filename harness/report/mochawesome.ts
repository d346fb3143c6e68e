import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { CheckResult, RunReport, SuiteReport } from '../core/report.ts';
import { suitesByKind } from './format.ts';
import { checkDiff } from './check-diff.ts';

/**
 * The run report as mochawesome JSON (the shape mochawesome-report-generator validates in
 * `bin/types.js`): one root, a suite per kind, a sub-suite per gauntlet suite, a test per check.
 * Metrics, reasons, details and the suite's SVG charts go in the test's `context`.
 */

type Ctx = { title: string; value: unknown };

export interface MochawesomeTest {
  title: string;
  fullTitle: string;
  timedOut: boolean;
  duration: number;
  state: 'passed' | 'failed';
  speed: 'fast';
  pass: boolean;
  fail: boolean;
  pending: boolean;
  context: string | null;
  code: string;
  err: { message?: string; estack?: string; diff?: string | null };
  uuid: string;
  parentUUID: string;
  isHook: boolean;
  skipped: boolean;
}

export interface MochawesomeSuite {
  uuid: string;
  title: string;
  fullFile: string;
  file: string;
  beforeHooks: MochawesomeTest[];
  afterHooks: MochawesomeTest[];
  tests: MochawesomeTest[];
  suites: MochawesomeSuite[];
  passes: string[];
  failures: string[];
  pending: string[];
  skipped: string[];
  duration: number;
  root: boolean;
  rootEmpty: boolean;
  _timeout: number;
}

export interface MochawesomeReport {
  stats: {
    suites: number;
    tests: number;
    passes: number;
    pending: number;
    failures: number;
    start: string;
    end: string;
    duration: number;
    testsRegistered: number;
    passPercent: number;
    pendingPercent: number;
    other: number;
    hasOther: boolean;
    skipped: number;
    hasSkipped: boolean;
  };
  results: MochawesomeSuite[];
  meta: {
    mocha: { version: string };
    mochawesome: { options: object; version: string };
    marge: { options: object; version: string };
  };
}

const require = createRequire(import.meta.url);
const version = (pkg: string) => {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
};

/** Deterministic UUIDs (version 5 layout) so the same report converts to the same JSON. */
function uuidOf(path: string): string {
  const h = createHash('sha1').update(path).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The report generator turns a context string that looks like a URL or an image path into a link
 * or an <img>; text from a suite must stay text, so it gets a trailing newline, which none of its
 * patterns accept (`$` without the m flag only matches at the very end).
 */
export function contextText(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * An SVG chart as an image context. The generator recognises `data:image/<type>;base64,` only for
 * types without '+', and images by a png/jpg/gif ending, so the data URI carries a `#.png` fragment,
 * which the browser ignores. SVG loaded through <img> cannot run scripts.
 */
export function svgContext(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}#.png`;
}

/** Text and JSON artifacts longer than this are cut in the HTML report (the run report keeps them whole). */
const MAX_TEXT_ARTIFACT = 20_000;

function contextFor(suite: SuiteReport, check: CheckResult, withCharts: boolean): Ctx[] {
  const ctx: Ctx[] = [
    { title: 'verdict', value: contextText(check.change ? `${check.verdict} (${check.change})` : check.verdict) },
  ];
  if (check.reasons.length) ctx.push({ title: 'reasons', value: contextText(check.reasons.join('\n')) });
  if (check.location)
    ctx.push({
      title: 'where',
      value: contextText(check.location.line ? `${check.location.file}:${check.location.line}` : check.location.file),
    });
  if (check.metrics && Object.keys(check.metrics).length) ctx.push({ title: 'metrics', value: check.metrics });
  // A proposed change (golden) as text: mochawesome's own diff view reads '+' as expected, the
  // opposite of a unified diff, so the diff goes in the context, not in err.diff.
  const diff = checkDiff(check);
  if (diff) ctx.push({ title: 'diff (- expected, + actual)', value: contextText(diff) });
  if (check.details !== undefined) ctx.push({ title: 'details', value: check.details ?? null });
  if (withCharts) {
    if (suite.metrics && Object.keys(suite.metrics).length)
      ctx.push({ title: `suite metrics (${suite.name})`, value: suite.metrics });
    for (const n of suite.notes ?? []) ctx.push({ title: 'note', value: contextText(n) });
    for (const a of suite.artifacts ?? []) {
      if (a.type === 'svg') ctx.push({ title: `chart: ${a.name}`, value: svgContext(a.content) });
      else
        ctx.push({
          title: `${a.type}: ${a.name}`,
          value: contextText(
            a.content.length > MAX_TEXT_ARTIFACT
              ? `${a.content.slice(0, MAX_TEXT_ARTIFACT)}\n… (${a.content.length} characters in all: see gauntlet.json)`
              : a.content,
          ),
        });
    }
  }
  return ctx;
}

/** A suite that could not run shows as one failed test, so it is counted and visible. */
function checksOf(s: SuiteReport): CheckResult[] {
  if (s.checks.length) return s.checks;
  return [
    { name: 'suite', verdict: s.verdict, reasons: s.verdict === 'pass' ? [] : [s.summary], details: s.inputError },
  ];
}

function toSuite(s: SuiteReport, parent: string): MochawesomeSuite {
  const uuid = uuidOf(`${parent}/${s.kind}/${s.name}`);
  const checks = checksOf(s);
  const tests = checks.map((c, i): MochawesomeTest => {
    const failed = c.verdict === 'fail' || c.verdict === 'error';
    return {
      title: c.verdict === 'warn' ? `${c.name} (warning)` : c.name,
      fullTitle: `${s.kind} ${s.name} ${c.name}`,
      timedOut: false,
      duration: Math.round(c.durationMs ?? 0),
      state: failed ? 'failed' : 'passed',
      speed: 'fast',
      pass: !failed,
      fail: failed,
      pending: false,
      // The suite's charts go on its first test: mochawesome has context on tests only.
      context: JSON.stringify(contextFor(s, c, i === 0)),
      code: '',
      err: failed
        ? {
            message: `${c.verdict.toUpperCase()}: ${c.reasons.join('\n') || c.verdict}`,
            estack: c.location ? `at ${c.location.file}${c.location.line ? `:${c.location.line}` : ''}` : '',
            diff: null,
          }
        : {},
      uuid: uuidOf(`${uuid}/${i}/${c.name}`),
      parentUUID: uuid,
      isHook: false,
      skipped: false,
    };
  });
  return {
    uuid,
    title: `${s.name}: ${s.summary}`,
    fullFile: '',
    file: '',
    beforeHooks: [],
    afterHooks: [],
    tests,
    suites: [],
    passes: tests.filter((t) => t.pass).map((t) => t.uuid),
    failures: tests.filter((t) => t.fail).map((t) => t.uuid),
    pending: [],
    skipped: [],
    duration: Math.round(s.durationMs),
    root: false,
    rootEmpty: false,
    _timeout: 0,
  };
}

/** Convert a run report to mochawesome JSON. */
export function toMochawesome(report: RunReport): MochawesomeReport {
  const rootUuid = uuidOf(`gauntlet/${report.startedAt}`);
  const kinds = suitesByKind(report).map(({ kind, suites }): MochawesomeSuite => {
    const uuid = uuidOf(`${rootUuid}/${kind}`);
    return {
      uuid,
      title: kind,
      fullFile: '',
      file: '',
      beforeHooks: [],
      afterHooks: [],
      tests: [],
      suites: suites.map((s) => toSuite(s, uuid)),
      passes: [],
      failures: [],
      pending: [],
      skipped: [],
      duration: Math.round(suites.reduce((t, s) => t + s.durationMs, 0)),
      root: false,
      rootEmpty: false,
      _timeout: 0,
    };
  });
  const tests = kinds.flatMap((k) => k.suites.flatMap((s) => s.tests));
  const passes = tests.filter((t) => t.pass).length;
  return {
    stats: {
      suites: report.suites.length,
      tests: tests.length,
      passes,
      pending: 0,
      failures: tests.length - passes,
      start: report.startedAt,
      end: report.finishedAt,
      duration: Math.round(report.durationMs),
      testsRegistered: tests.length,
      passPercent: tests.length ? Math.round((passes / tests.length) * 10000) / 100 : 100,
      pendingPercent: 0,
      other: 0,
      hasOther: false,
      skipped: 0,
      hasSkipped: false,
    },
    results: [
      {
        uuid: rootUuid,
        title: '',
        fullFile: '',
        file: '',
        beforeHooks: [],
        afterHooks: [],
        tests: [],
        suites: kinds,
        passes: [],
        failures: [],
        pending: [],
        skipped: [],
        duration: 0,
        root: true,
        rootEmpty: true,
        _timeout: 0,
      },
    ],
    meta: {
      mocha: { version: 'n/a (gauntlet)' },
      mochawesome: { options: {}, version: version('mochawesome') },
      marge: { options: {}, version: version('mochawesome-report-generator') },
    },
  };
}
