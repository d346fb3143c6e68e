/**
 * The layout of JSON case files: one key per line, one candidate per line, so that a review of a
 * 10,000-candidate case's expectation change touches a few lines. Used by the case generator and
 * by `--accept`.
 */
export function formatCaseJson(data: Record<string, unknown>): string {
  const lines = Object.entries(data).map(([key, value]) => {
    if (key === 'candidates' && Array.isArray(value) && value.length > 0) {
      return `  ${JSON.stringify(key)}: [\n${value.map((c) => `    ${JSON.stringify(c)}`).join(',\n')}\n  ]`;
    }
    return `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}
