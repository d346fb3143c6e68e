/**
 * Resource types (servers, sockets, timers, child-process pipes...) of which there are more in
 * `after` than in `before`, as `Type: n -> m`. Pass `process.getActiveResourcesInfo()` snapshots.
 */
export function resourcesGrown(before: readonly string[], after: readonly string[]): string[] {
  const count = (xs: readonly string[]) =>
    xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});
  const b = count(before);
  return Object.entries(count(after))
    .filter(([k, n]) => n > (b[k] ?? 0))
    .map(([k, n]) => `${k}: ${b[k] ?? 0} -> ${n}`);
}

/** The first `code` (ECONNREFUSED...) along an error's cause chain (and inside AggregateErrors). */
export function errorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 8; depth++) {
    const c = cur as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof c.code === 'string') return c.code;
    if (Array.isArray(c.errors))
      for (const inner of c.errors) {
        const code = errorCode(inner);
        if (code) return code;
      }
    cur = c.cause;
  }
  return undefined;
}
