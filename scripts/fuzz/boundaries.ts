/**
 * The input boundaries of gauntlet, each fed generated inputs through the same code a run uses:
 * config validation, data-file loaders (cases, profiles, scenarios, baselines), the sample-file
 * commands, the CLI, and the mock server's HTTP surface.
 */
import fc from 'fast-check';
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { validateConfig } from '../../harness/config/load-config.ts';
import { loadBuiltInKinds } from '../../harness/core/built-in-kinds.ts';
import type { AnySuiteKind } from '../../harness/core/suite-kind.ts';
import { loadCase } from '../../harness/golden/load-cases.ts';
import { evaluateCase } from '../../harness/golden/evaluate-case.ts';
import { caseConfig, loadBaseConfig } from '../../harness/golden/selector.ts';
import { loadFaultProfile } from '../../harness/stress/load-profile.ts';
import { createFaultModel } from '../../harness/stress/fault-model.ts';
import { loadScenarios } from '../../harness/drift/load-scenarios.ts';
import { readBenchBaseline } from '../../harness/bench/baseline.ts';
import { readBaseline } from '../../harness/baselines/baseline-file.ts';
import { compareWithBaseline, stressBaselineSchema } from '../../harness/stress/stress-baseline.ts';
import { main } from '../../harness/cli/main.ts';
import { bufferedIo } from '../../harness/cli/io.ts';
import { plannerConfigSchema, select } from '../../sut/planner/index.ts';
import { anyValue, dataText, draw, mutate, mutation, type TextInput } from './generate.ts';
import { classify, classifyCli, newTally, type Tally } from './outcome.ts';

const repo = new URL('../../', import.meta.url).pathname;
const VERDICTS = new Set(['pass', 'warn', 'fail', 'error']);
const read = (p: string) => readFileSync(join(repo, p), 'utf8');

export interface FuzzContext {
  runs: number;
  seed: number;
  /** A scratch project directory (files are written here). */
  dir: string;
}

type Boundary = (c: FuzzContext) => Promise<Tally>;

/** Write a generated text as a data file; returns the absolute path. */
function writeInput(dir: string, i: number, input: TextInput, ext: string = input.format): string {
  const file = join(dir, `in-${i % 50}.${ext}`);
  writeFileSync(file, input.text);
  return file;
}

// ---- the config file ------------------------------------------------------------------------

const noopFn = () => ({});
const traffic = { open: () => ({}), describe: 'fuzz' };

function validConfig(): Record<string, unknown> {
  return {
    seed: 1,
    reportsDir: 'reports',
    reporters: ['console', 'json'],
    runTimeoutMs: 60_000,
    missingBaseline: 'warn',
    failOn: 'fail',
    suites: [
      { kind: 'golden', name: 'g', dir: 'cases', selector: { module: './s.mjs', export: 'select' }, timeoutMs: 1000 },
      { kind: 'bench', name: 'b', dir: 'bench', repetitions: 2, time: 10 },
      {
        kind: 'stress',
        name: 's',
        client: noopFn,
        redis: 'memory',
        scenarios: [{ name: 'a', profile: 'p.yaml', calls: 10, concurrency: 2, slo: { e2eP95Ms: 100 } }],
      },
      { kind: 'canary', name: 'c', traffic, requests: 100, judge: { alpha: 0.05 }, expect: { decision: 'promote' } },
      { kind: 'drift', name: 'd', scenarios: ['drift'], system: noopFn, seeds: 1 },
    ],
  };
}

/** Keys a kind's entry schema knows (zod object shape), for random entries that are nearly right. */
function keysOf(kinds: AnySuiteKind[], kind: string): string[] {
  const schema = kinds.find((k) => k.kind === kind)?.entrySchema as { shape?: Record<string, unknown> } | undefined;
  return Object.keys(schema?.shape ?? {});
}

const config: Boundary = async ({ runs, seed }) => {
  const t = newTally('config (validateConfig, random entries per kind)');
  const builtIn = await loadBuiltInKinds();
  const kinds = builtIn.map((k) => k.kind).sort();
  const randomEntry = fc
    .tuple(
      fc.constantFrom(...kinds),
      fc.string({ minLength: 0, maxLength: 8 }),
      fc.array(fc.tuple(fc.nat(), anyValue), { maxLength: 6 }),
      fc.array(fc.tuple(fc.string({ maxLength: 6 }), anyValue), { maxLength: 2 }),
    )
    .map(([kind, name, known, unknown]) => {
      const keys = keysOf(builtIn, kind).filter((k) => k !== 'kind' && k !== 'name');
      const entry: Record<string, unknown> = { kind, name };
      for (const [i, v] of known) if (keys.length) entry[keys[i % keys.length]!] = v;
      for (const [k, v] of unknown) entry[k] = v;
      return entry;
    });
  const arb = fc.oneof(
    fc
      .array(mutation, { minLength: 1, maxLength: 3 })
      .map((ms) => ms.reduce<unknown>((d, m) => mutate(d, m), validConfig())),
    fc.record(
      { seed: fc.oneof(fc.integer(), anyValue), suites: fc.array(randomEntry, { maxLength: 4 }) },
      { requiredKeys: ['suites'] },
    ),
    anyValue,
  );
  for (const raw of draw(arb, runs, seed)) {
    await classify(
      t,
      raw,
      () => validateConfig(raw, '/fuzz/gauntlet.config.ts'),
      (cfg) => (cfg.suites.every((s) => typeof s.kind === 'string') ? undefined : 'suite without kind'),
    );
  }
  return t;
};

// ---- golden case files ----------------------------------------------------------------------

const goldenCases: Boundary = async ({ runs, seed, dir }) => {
  const t = newTally('golden case files (load, config merge, select, judge)');
  const valid = parseYaml(read('suites/golden/normal-01.yaml'));
  const base = await loadBaseConfig('sut/config/planner.yaml', repo, plannerConfigSchema);
  const inputs = draw(dataText(valid), runs, seed);
  for (const [i, input] of inputs.entries()) {
    const file = writeInput(dir, i, input);
    await classify(
      t,
      input,
      async () => {
        const c = await loadCase(file, dir);
        const cfg = caseConfig(c, base, plannerConfigSchema);
        let outcome;
        try {
          const s = select(c.candidates, cfg as never, c.seed);
          outcome = { ids: s.ids, entropy: s.entropy, latencyMs: 0.1, calls: 1 };
        } catch (e) {
          return { name: c.name, verdict: 'error', reasons: [String(e)] }; // a selector error is the case's error verdict
        }
        return evaluateCase(c, outcome, true);
      },
      (check) => (VERDICTS.has(check.verdict) ? undefined : `verdict ${check.verdict}`),
    );
  }
  return t;
};

// ---- stress fault profiles ------------------------------------------------------------------

const faultProfiles: Boundary = async ({ runs, seed, dir }) => {
  const t = newTally('stress fault profiles (load, fault model decisions)');
  const valid = parseYaml(read('suites/stress/profiles/chaos.yaml'));
  for (const [i, input] of draw(dataText(valid), runs, seed).entries()) {
    const file = writeInput(dir, i, input);
    await classify(t, input, async () => {
      const profile = await loadFaultProfile(file);
      const model = createFaultModel(profile, 1);
      return [0, 100, 2500, 10_000, 1e9].map((ms) => model.decide(ms, { maxTokens: 16 }));
    });
  }
  return t;
};

// ---- drift scenario files -------------------------------------------------------------------

const driftScenarios: Boundary = async ({ runs, seed, dir }) => {
  const t = newTally('drift scenario files (load, validate)');
  const valid = parseYaml(read('suites/drift/gradual-drift.yaml'));
  for (const [i, input] of draw(dataText(valid), runs, seed).entries()) {
    const file = writeInput(dir, i, input);
    await classify(t, input, () => loadScenarios([file.slice(dir.length + 1)], dir));
  }
  return t;
};

// ---- baseline files -------------------------------------------------------------------------

const benchBaselines: Boundary = async ({ runs, seed, dir }) => {
  const t = newTally('bench baseline files');
  const valid = JSON.parse(read('baselines/bench.json'));
  for (const [i, input] of draw(dataText(valid), runs, seed).entries()) {
    const file = writeInput(dir, i, input, 'json');
    await classify(t, input, () => readBenchBaseline(file));
  }
  return t;
};

const stressBaselines: Boundary = async ({ runs, seed, dir }) => {
  const t = newTally('stress baseline files (read, compare)');
  const valid = JSON.parse(read('baselines/stress-llm-client.json'));
  for (const [i, input] of draw(dataText(valid), runs, seed).entries()) {
    const file = writeInput(dir, i, input, 'json');
    await classify(
      t,
      input,
      async () => {
        const b = await readBaseline(file, stressBaselineSchema);
        return b
          ? Object.entries(b.scenarios).flatMap(([name, s]) =>
              compareWithBaseline(name, s, s, { latencyTolerance: 0.5, alpha: 0.001 }),
            )
          : [];
      },
      (checks) => checks.find((c) => !VERDICTS.has(c.verdict))?.verdict,
    );
  }
  return t;
};

// ---- sample files, through their commands -------------------------------------------------------

/** CSV texts: the valid export damaged, or a random grid of cells. */
function csvText(valid: string): fc.Arbitrary<TextInput> {
  const cell = fc.oneof(
    fc.double().map(String),
    fc.integer().map(String),
    fc.constantFrom('', 'NaN', 'Infinity', '1e999', '"1,2"', '""', '-', '0x1f', ' 3 '),
    fc.string({ maxLength: 6 }),
  );
  return fc.oneof(
    fc.tuple(fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 6 })).map(([a, b, ins]) => {
      const i = a % (valid.length + 1);
      return {
        text: valid.slice(0, i) + ins + valid.slice(Math.min(valid.length, i + (b % 12))),
        format: 'yaml' as const,
        how: 'damaged' as const,
      };
    }),
    fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 40 }).map((rows) => ({
      text: rows.map((r) => r.join(',')).join('\n'),
      format: 'yaml' as const,
      how: 'garbage' as const,
    })),
  );
}

/** Numbers printed by a `--json` command must not be null (JSON's NaN) where a figure belongs. */
function jsonProblem(out: string, keys: string[]): string | undefined {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(out);
  } catch {
    return `stdout is not JSON: ${out.slice(0, 80)}`;
  }
  for (const k of keys) {
    const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], data);
    if (typeof v === 'number' ? !Number.isFinite(v) : v === null || v === undefined) return `${k} is ${String(v)}`;
  }
  return JSON.stringify(data).includes('null') && keys.includes('ks.pValue')
    ? 'a null figure in the JSON output'
    : undefined;
}

const canarySamples: Boundary = async ({ runs, seed, dir }) => {
  const t = newTally('canary sample files (gauntlet canary --json)');
  copyFileSync(join(repo, 'harness/canary/__fixtures__/export-baseline.json'), join(dir, 'baseline.json'));
  const valid = JSON.parse(read('harness/canary/__fixtures__/export-canary.json'));
  const small = Object.fromEntries(
    Object.entries(valid as Record<string, number[]>).map(([k, v]) => [k, v.slice(0, 60)]),
  );
  const arb = fc.oneof(
    { weight: 3, arbitrary: dataText(small) },
    {
      weight: 1,
      arbitrary: csvText(read('harness/canary/__fixtures__/export-canary.csv').split('\n').slice(0, 40).join('\n')).map(
        (x) => ({ ...x, csv: true }),
      ),
    },
  );
  for (const [i, input] of draw(arb, runs, seed).entries()) {
    const file = writeInput(dir, i, input, 'csv' in input ? 'csv' : input.format);
    const io = bufferedIo(dir);
    const code = await main(
      ['canary', '--baseline', 'baseline.json', '--canary', file.slice(dir.length + 1), '--json'],
      io,
    );
    const { out, err } = io.text();
    const problem =
      code === 2
        ? undefined
        : (jsonProblem(out, ['verdict', 'decision', 'score']) ??
          (['pass', 'marginal', 'inconclusive', 'fail'].includes(JSON.parse(out).verdict) ? undefined : 'verdict'));
    classifyCli(t, input, code, err, problem);
  }
  return t;
};

const driftSamples: Boundary = async ({ runs, seed, dir }) => {
  const t = newTally('drift sample files (gauntlet drift --json)');
  const ref = Array.from({ length: 40 }, (_, i) => Math.sin(i) * 10 + i / 4);
  writeFileSync(join(dir, 'reference.json'), JSON.stringify(ref));
  const valid = ref.map((x) => x + 1.5);
  const arb = fc.oneof(
    { weight: 3, arbitrary: dataText(valid) },
    { weight: 1, arbitrary: csvText(['value', ...valid.map(String)].join('\n')).map((x) => ({ ...x, csv: true })) },
  );
  for (const [i, input] of draw(arb, runs, seed).entries()) {
    const file = writeInput(dir, i, input, 'csv' in input ? 'csv' : input.format);
    const io = bufferedIo(dir);
    const code = await main(
      ['drift', '--reference', 'reference.json', '--current', file.slice(dir.length + 1), '--json'],
      io,
    );
    const { out, err } = io.text();
    classifyCli(
      t,
      input,
      code,
      err,
      code === 2
        ? undefined
        : jsonProblem(out, ['ks.statistic', 'ks.pValue', 'wasserstein', 'psi', 'jensenShannon', 'drift']),
    );
  }
  return t;
};

// ---- command-line arguments -------------------------------------------------------------------

const WORDS = [
  'run',
  'golden',
  'bench',
  'stress',
  'drift',
  'canary',
  'report',
  'merge',
  'summary',
  'render',
  'comment',
  'mock-llm',
  'help',
  '--seed',
  '--shard',
  '--config',
  '-c',
  '--reports',
  '--reporter',
  '--help',
  '-h',
  '--version',
  '-V',
  '--update',
  '--accept',
  '--save',
  '--json',
  '--reference',
  '--current',
  '--baseline',
  '--canary',
  '--chart',
  '--alpha',
  '--against',
  '--repetitions',
  '--time',
  '--filter',
  '--history',
  '--port',
  '--profile',
  '--pr',
  '--repo',
  '--dry-run',
  '--marker',
  '1',
  '-1',
  '0',
  '1/2',
  '3/2',
  '0/0',
  'abc',
  '1e3',
  '9007199254740993',
  'NaN',
  '',
  ' ',
  '=',
  '--',
  '-',
  '--seed=4',
  '--shard=1/1',
  'gauntlet.config.ts',
  'missing.ts',
  'throws.config.ts',
  'nodefault.config.ts',
  'bad.config.ts',
  'reference.json',
  'current.csv',
  'bad.json',
  'reports/gauntlet.json',
  'out',
  'chart.svg',
  'json',
  'console',
  'junit',
  'mochawesome',
  'nope',
  'golden,json',
  'HEAD',
  '/nonexistent/x',
  '/dev/null',
];

function cliProject(dir: string, withConfig: boolean): void {
  mkdirSync(dir, { recursive: true });
  if (withConfig)
    writeFileSync(join(dir, 'gauntlet.config.ts'), 'export default { seed: 3, reporters: ["json"], suites: [] };\n');
  writeFileSync(join(dir, 'throws.config.ts'), 'throw new Error("boom from config");\n');
  writeFileSync(join(dir, 'nodefault.config.ts'), 'export const x = 1;\n');
  writeFileSync(join(dir, 'bad.config.ts'), 'export default { suites: [{ kind: "golden" }], seeed: 1 };\n');
  writeFileSync(join(dir, 'reference.json'), JSON.stringify(Array.from({ length: 30 }, (_, i) => i % 7)));
  writeFileSync(join(dir, 'current.csv'), ['v', ...Array.from({ length: 30 }, (_, i) => (i % 5) + 0.5)].join('\n'));
  writeFileSync(join(dir, 'bad.json'), '{"latency_ms": [1, "x"]');
}

const cliArgs: Boundary = async ({ runs, seed, dir }) => {
  const t = newTally('CLI arguments (main(argv) in-process)');
  const withConfig = join(dir, 'project');
  const empty = join(dir, 'empty');
  cliProject(withConfig, true);
  cliProject(empty, false);
  const arb = fc.tuple(
    fc.boolean(),
    fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
        { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
      ),
      { maxLength: 7 },
    ),
  );
  for (const [useConfig, raw] of draw(arb, runs, seed)) {
    let argv = raw.map((a) => (a.startsWith('/') && a !== '/nonexistent/x' && a !== '/dev/null' ? a.slice(1) : a));
    // mock-llm serves until killed: only its help and its argument errors are fuzzed here.
    if (argv.includes('mock-llm') && !argv.includes('--help'))
      argv = argv.map((a) => (a === 'mock-llm' ? 'mock-llm-not-started' : a));
    if (argv.includes('comment')) argv.push('--dry-run');
    const io = bufferedIo(useConfig ? withConfig : empty);
    let code: number;
    try {
      code = await main(argv, io);
    } catch (e) {
      classifyCli(t, argv, 99, `uncaught: ${(e as Error).stack}`);
      continue;
    }
    classifyCli(t, argv, code, io.text().err);
  }
  return t;
};

export const BOUNDARIES: Record<string, Boundary> = {
  config,
  'golden-cases': goldenCases,
  'fault-profiles': faultProfiles,
  'drift-scenarios': driftScenarios,
  'bench-baselines': benchBaselines,
  'stress-baselines': stressBaselines,
  'canary-samples': canarySamples,
  'drift-samples': driftSamples,
  cli: cliArgs,
};
