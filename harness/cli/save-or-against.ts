import { UsageError } from '../core/errors.ts';

/**
 * `--save` and `--against <ref>` (run, bench, stress) name two different runs: a baseline is saved
 * from a plain run, never from a comparison with another ref. Both given: a usage error (exit 2).
 */
export function refuseSaveWithAgainst(opts: { save?: boolean; against?: string }): void {
  if (opts.save && opts.against)
    throw new UsageError('--save and --against are exclusive: a baseline is saved from a plain run');
}
