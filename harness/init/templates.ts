/**
 * The files `gauntlet init` writes: a config with the chosen kinds, one working example per kind,
 * the two GitHub workflows (the run, and the fork-safe PR comment). Pure: strings in, strings out.
 */
import type { InitKind } from './detect.ts';

export interface TemplateInput {
  kinds: readonly InitKind[];
  /** Folder of the project's existing benchmark files; none: an example is written. */
  benchDir?: string;
}

export const EXAMPLE_SELECTOR = 'gauntlet/selector.ts';
export const EXAMPLE_CASE = 'gauntlet/golden/top-two.yaml';
export const EXAMPLE_BENCH = 'gauntlet/bench/example.bench.ts';
export const RUN_WORKFLOW = '.github/workflows/gauntlet.yml';
export const COMMENT_WORKFLOW = '.github/workflows/gauntlet-comment.yml';

export function configFile(t: TemplateInput): string {
  const suites: string[] = [];
  if (t.kinds.includes('golden')) {
    suites.push(`    // Golden cases: expected selections of your ranking function (${EXAMPLE_SELECTOR}), one YAML file each.
    { kind: 'golden', name: 'golden', dir: 'gauntlet/golden', selector: { module: './${EXAMPLE_SELECTOR}', export: 'select' } },`);
  }
  if (t.kinds.includes('bench')) {
    suites.push(`    // Benchmarks: *.bench.ts files (vitest's \`bench\` or gauntlet's), gated against baselines/bench.json or --against a git ref.
    { kind: 'bench', name: 'bench', dir: ${JSON.stringify(t.benchDir ?? 'gauntlet/bench')}, repetitions: 4, time: 50 },`);
  }
  if (t.kinds.includes('stress')) {
    suites.push(`    // LLM stress: the openai SDK (gauntlet's adapter: attempts per call, errors in gauntlet's categories, cut
    // streams caught) against gauntlet's seeded mock server with faults. To drive your own client, pass a
    // function (options) => StressClient instead: node_modules/gauntlet/docs/guide/stress.md.
    {
      kind: 'stress',
      name: 'llm',
      client: openaiClientFactory,
      clientOptions: { api: 'chat', maxRetries: 2 },
      redis: 'memory',
      scenarios: [{ name: 'steady', calls: 100, concurrency: 10, profile: { name: 'steady', latency: { ttft: { dist: 'fixed', ms: 5 } }, faults: [{ type: 'status', status: 429, probability: 0.02, retryAfterMs: 20 }] }, slo: { maxErrorRateOutsideFaults: 0.05 } }],
    },`);
  }
  const imports = [
    `import { defineConfig${t.kinds.includes('stress') ? ', openaiClientFactory' : ''} } from 'gauntlet';`,
  ];
  return `${imports.join('\n')}

// Written by \`gauntlet init\`. Guide: node_modules/gauntlet/docs/guide/getting-started.md
export default defineConfig({
  seed: 1,
  suites: [
${suites.join('\n')}
  ],
});
`;
}

export const SELECTOR_FILE = `// An example ranking function: replace it with (or re-export) your own.
// gauntlet calls it once per golden case with the case's candidates, config and seed.
export interface Candidate {
  id: string;
  score: number;
}

export function select(candidates: Candidate[], config: { k?: number }, _seed: number): { ids: string[] } {
  const ranked = [...candidates].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return { ids: ranked.slice(0, config.k ?? 2).map((c) => c.id) };
}
`;

export const CASE_FILE = `# A golden case: these candidates, this config and seed must give exactly this selection.
# \`npx gauntlet golden --update\` proposes the actual selection of a failing case; \`--accept\` applies it.
name: top-two
seed: 1
config: { k: 2 }
candidates:
  - { id: a, score: 1 }
  - { id: b, score: 3 }
  - { id: c, score: 2 }
expect:
  ids: [b, c]
`;

export const BENCH_FILE = `// An example benchmark. vitest users can keep \`import { bench, describe } from 'vitest'\`: gauntlet runs those files unchanged.
import { bench } from 'gauntlet';

const values = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);

bench('sort 1,000 numbers', () => {
  [...values].sort((a, b) => a - b);
});
`;

/** Lines `gauntlet init` adds to .gitignore (what a run writes locally: reports, the history store). */
export const GITIGNORE_LINES = ['reports/', '.gauntlet/'];

const ACTION = './node_modules/gauntlet';

export const RUN_WORKFLOW_FILE = `# Written by \`gauntlet init\`: runs gauntlet on every pull request and push to main, with a job
# summary, annotations and the report as an artifact (the comment workflow posts it on the PR).
# The action comes from the installed gauntlet package, so it matches its version.
name: gauntlet

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

concurrency:
  group: gauntlet-\${{ github.event.pull_request.number || github.ref }}
  cancel-in-progress: true

jobs:
  gauntlet:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
          fetch-depth: 0 # pull requests: the bench suites measure the base commit beside the head

      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0
        with:
          node-version: 20
          cache: npm

      - run: npm ci

      - name: gauntlet
        uses: ${ACTION}
        with:
          install: ''
`;

export const COMMENT_WORKFLOW_FILE = `# Written by \`gauntlet init\`: posts the sticky pull-request comment for a finished gauntlet run.
# Fork-safe: the run above executes the pull request's code with a read-only token; this workflow
# runs the default branch's code, reads the report artifact as data and is the only one that writes.
name: gauntlet-comment

on:
  workflow_run:
    workflows: [gauntlet]
    types: [completed]

permissions:
  contents: read

concurrency:
  group: gauntlet-comment-\${{ github.event.workflow_run.head_repository.full_name }}-\${{ github.event.workflow_run.head_branch }}
  cancel-in-progress: true

jobs:
  comment:
    if: github.event.workflow_run.event == 'pull_request' && github.event.workflow_run.conclusion != 'cancelled'
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      contents: read
      actions: read
      pull-requests: write
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false

      - uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0
        with:
          node-version: 20
          cache: npm

      - run: npm ci

      - name: Download the report of the pull request's run
        id: download
        continue-on-error: true
        uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0
        with:
          name: gauntlet-report
          path: pr-report
          run-id: \${{ github.event.workflow_run.id }}
          github-token: \${{ secrets.GITHUB_TOKEN }}

      - name: Post or update the comment
        if: steps.download.outcome == 'success'
        uses: ${ACTION}
        with:
          command: comment
          report-dir: pr-report
          install: ''
`;

/** package.json scripts init adds (an existing script of the same name is kept). */
export const SCRIPTS: Record<string, string> = {
  gauntlet: 'gauntlet run',
  'gauntlet:baselines': 'gauntlet baseline update',
};
