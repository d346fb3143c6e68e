import { UsageError } from '../core/errors.ts';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `7d`, `12h`, `30m`, `45s`, `2w` in milliseconds; a UsageError naming the option otherwise. */
export function parseDuration(value: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(value.trim());
  if (!m || !(Number(m[1]) > 0))
    throw new UsageError(`${option} must be a duration like 7d, 12h, 30m or 2w, got '${value}'`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/** `--since`: a duration back from `now` (7d) or an ISO date/time (2026-11-01); milliseconds since the epoch. */
export function parseSince(value: string, now: number, option = '--since'): number {
  if (/^\d+(?:\.\d+)?[smhdw]$/.test(value.trim())) return now - parseDuration(value, option);
  const t = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(t))
    throw new UsageError(
      `${option} must be a duration back from now (7d, 12h) or an ISO date (2026-11-01), got '${value}'`,
    );
  return t;
}
