import { InputError } from '../../harness/core/errors.ts';

/**
 * A candidate list or a config the planner refuses (NaN or infinite score, duplicate id, a
 * temperature below 0...). An InputError, so the harness reports it as bad input (exit code 2)
 * with the field named, e.g. `candidates[3].score`.
 */
export class PlannerInputError extends InputError {
  constructor(message: string, field: string) {
    super(message, { field });
    this.name = 'PlannerInputError';
  }
}
