/**
 * Reading callgrind's dump files: the event names and the totals line are all gauntlet needs
 * (format: valgrind's docs, "Callgrind Format Specification").
 */

/** The rest of the line that starts with `key`, found without splitting the text (a dump can be 0.5 MB, read under valgrind). */
function lineAfter(text: string, key: string, last: boolean): string | undefined {
  const at = text.startsWith(key) ? 0 : (last ? text.lastIndexOf(`\n${key}`) : text.indexOf(`\n${key}`)) + 1;
  if (at === 0 && !text.startsWith(key)) return undefined;
  const end = text.indexOf('\n', at);
  return text.slice(at + key.length, end < 0 ? undefined : end).trim();
}

/** Event totals of one dump (Ir always; with cache simulation also I1mr, D1mr, D1mw, ILmr, DLmr, DLmw, ...). */
export function parseCallgrindTotals(text: string): Record<string, number> {
  const events = lineAfter(text, 'events:', false)?.split(/\s+/);
  const totals = (lineAfter(text, 'totals:', true) ?? lineAfter(text, 'summary:', false))?.split(/\s+/).map(Number);
  if (!events || !totals) throw new Error('not a callgrind dump: no events/totals line');
  return Object.fromEntries(events.map((e, i) => [e, totals[i] ?? 0]));
}

/**
 * Estimated cycles from a cache simulation: Ir + 10 x (L1 misses) + 100 x (last-level misses),
 * the weights KCachegrind's "Cycle Estimation" uses. Undefined without cache events.
 */
export function estimatedCycles(t: Record<string, number>): number | undefined {
  if (t.I1mr === undefined || t.ILmr === undefined) return undefined;
  const l1 = (t.I1mr ?? 0) + (t.D1mr ?? 0) + (t.D1mw ?? 0);
  const ll = (t.ILmr ?? 0) + (t.DLmr ?? 0) + (t.DLmw ?? 0);
  return (t.Ir ?? 0) + 10 * l1 + 100 * ll;
}
