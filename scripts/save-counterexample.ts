/**
 * Save a shrunk fast-check counterexample of a planner property as a new golden case (one command):
 *
 *   npm run golden:save-counterexample -- reports/counterexamples/<property>-<seed>.json [--dir suites/golden] [--name NAME]
 *
 * The case is written without an expectation, so it fails until someone decides what the right
 * selection is: fix the planner, `gauntlet golden --update`, review the proposal, `--accept`.
 */
import { readFileSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Document, isMap, isSeq } from 'yaml';
import type { PlannerCounterexample } from '../sut/planner/counterexample.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { dir: { type: 'string', default: 'suites/golden' }, name: { type: 'string' } } });
const file = positionals[0];
if (!file) {
  console.error('usage: npm run golden:save-counterexample -- <counterexample.json> [--dir DIR] [--name NAME]');
  process.exit(2);
}
const cx = JSON.parse(readFileSync(file, 'utf8')) as PlannerCounterexample;
const name = values.name ?? `counterexample-${cx.property}-${cx.fcSeed}`;
const out = resolve(values.dir!, `${name}.yaml`);
if (existsSync(out)) {
  console.error(`${out} exists already; pass --name`);
  process.exit(2);
}
const doc = new Document({
  name,
  description: `shrunk counterexample of planner property '${cx.property}' (fast-check seed ${cx.fcSeed}, path ${cx.fcPath ?? '-'}): ${cx.error.split('\n')[0]}`,
  seed: cx.seed,
  // Explicit exploration share: the suite's base config must not change what the property saw. (Its
  // caps and boosts name categories and ids the property's generator never produces.)
  config: { explorationShare: 0, ...cx.config },
  candidates: cx.candidates,
});
const cands = doc.get('candidates', true);
if (isSeq(cands)) for (const item of cands.items) if (isMap(item)) item.flow = true;
mkdirSync(values.dir!, { recursive: true });
writeFileSync(out, doc.toString({ flowCollectionPadding: true, lineWidth: 120 }));
console.log(`wrote ${join(values.dir!, `${name}.yaml`)} (no expectation yet: fix the planner, then gauntlet golden --update and --accept)`);
