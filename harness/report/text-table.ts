/** A plain-text table with padded columns; widths ignore ANSI colour codes. */
export function textTable(headers: readonly string[], rows: readonly string[][], indent = '  '): string[] {
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths = headers.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - visible(c))))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

/** Strip terminal control sequences a case name or model output could carry (no ANSI injection). */
export function terminalSafe(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|[\x00-\x08\x0B-\x1F\x7F\x9B]/g, '?');
}
