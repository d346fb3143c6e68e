import type { CheckResult } from '../core/report.ts';

/**
 * A check's proposed change as a readable unified-style diff, from what the suite put in `details`
 * (formatting only, nothing recomputed):
 * - `details.diff` as a string is used as is;
 * - `details.expected` / `details.actual` as lists (or objects with an `ids` list, as golden cases
 *   carry) become a line diff, one item per line, `-` expected, `+` actual.
 */
export function checkDiff(check: CheckResult, maxItems = 200): string | undefined {
  const d = check.details as Record<string, unknown> | undefined;
  if (!d || typeof d !== 'object') return undefined;
  if (typeof d.diff === 'string' && d.diff) return d.diff;
  const expected = listOf(d.expected);
  const actual = listOf(d.actual);
  if (!expected || !actual) return undefined;
  return ['--- expected', '+++ actual', ...lineDiff(expected.slice(0, maxItems), actual.slice(0, maxItems))].join('\n');
}

function listOf(v: unknown): string[] | undefined {
  const list = Array.isArray(v)
    ? v
    : v && typeof v === 'object' && Array.isArray((v as { ids?: unknown }).ids)
      ? (v as { ids: unknown[] }).ids
      : undefined;
  return list?.every((x) => typeof x === 'string' || typeof x === 'number') ? list.map(String) : undefined;
}

/** Longest-common-subsequence line diff: ' ' kept, '-' only in a, '+' only in b. */
export function lineDiff(a: readonly string[], b: readonly string[]): string[] {
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(` ${a[i]}`);
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`-${a[i++]}`);
    else out.push(`+${b[j++]}`);
  }
  return out;
}

/** A reason's first line (for tables) and the rest (a preformatted block: a rendered diff, a trace). */
export function splitReason(reason: string): { head: string; rest: string } {
  const at = reason.indexOf('\n');
  return at < 0 ? { head: reason, rest: '' } : { head: reason.slice(0, at), rest: reason.slice(at + 1) };
}
