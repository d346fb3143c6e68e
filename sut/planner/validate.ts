import { PlannerInputError } from './errors.ts';
import type { Candidate, PlannerConfig } from './types.ts';

/** Cheap checks for callers that did not go through `plannerConfigSchema` (programmatic use). */
export function assertPlannerConfig(config: PlannerConfig): void {
  const { temperature, k, explorationShare, categoryCaps } = config;
  if (!(typeof temperature === 'number' && Number.isFinite(temperature) && temperature >= 0)) {
    throw new PlannerInputError(
      `temperature must be a finite number >= 0, got ${String(temperature)}`,
      'config.temperature',
    );
  }
  if (!(Number.isSafeInteger(k) && k >= 0))
    throw new PlannerInputError(`k must be an integer >= 0, got ${String(k)}`, 'config.k');
  if (explorationShare !== undefined && !(explorationShare >= 0 && explorationShare <= 1)) {
    throw new PlannerInputError(
      `explorationShare must be in [0, 1], got ${String(explorationShare)}`,
      'config.explorationShare',
    );
  }
  for (const [cat, cap] of Object.entries(categoryCaps ?? {})) {
    if (!(Number.isSafeInteger(cap) && cap >= 0))
      throw new PlannerInputError(`cap must be an integer >= 0, got ${String(cap)}`, `config.categoryCaps.${cat}`);
  }
}

/** Every id a non-empty string and unique, every score finite: an invalid list is an error, never a silent result. */
export function assertCandidates(candidates: readonly Candidate[]): void {
  const seen = new Set<string>();
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (typeof c?.id !== 'string' || c.id === '')
      throw new PlannerInputError('id must be a non-empty string', `candidates[${i}].id`);
    if (seen.has(c.id)) throw new PlannerInputError(`duplicate id '${c.id}'`, `candidates[${i}].id`);
    seen.add(c.id);
    if (typeof c.score !== 'number' || !Number.isFinite(c.score)) {
      throw new PlannerInputError(
        `score must be a finite number, got ${String(c.score)} (id '${c.id}')`,
        `candidates[${i}].score`,
      );
    }
    if (c.category !== undefined && typeof c.category !== 'string')
      throw new PlannerInputError('category must be a string', `candidates[${i}].category`);
  }
}
