/** Markdown building blocks. Cells and texts passed in must already be escaped (escape.ts). */

export function mdTable(headers: readonly string[], rows: readonly string[][]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A folded block; blank lines around the body so GitHub renders Markdown inside. */
export function mdDetails(summaryHtml: string, body: string): string {
  return `<details><summary>${summaryHtml}</summary>\n\n${body}\n\n</details>`;
}

/**
 * Fit sections under a size limit by summarising, never by cutting mid-table: each section renders
 * at several levels of detail (0 = most); the biggest section steps down a level until the whole
 * fits. Returns the text and how many sections were summarised.
 */
export function fitSections(
  head: string,
  sections: ReadonlyArray<{ levels: number; render(level: number): string }>,
  foot: (summarised: number) => string,
  limit: number,
  measure: (text: string) => number,
): { text: string; summarised: number } {
  const level = sections.map(() => 0);
  const rendered = sections.map((s) => s.render(0));
  const size = rendered.map(measure);
  // Sizes add up: parts are joined by a blank line ("\n\n") and end with one newline.
  let body = size.reduce((t, n) => t + n + 2, 0);
  let summarised = 0;
  const total = () => measure(head) + body + 2 + measure(foot(summarised)) + 1;
  while (total() > limit) {
    let pick = -1;
    for (let i = 0; i < sections.length; i++) {
      if (level[i]! < sections[i]!.levels - 1 && (pick < 0 || size[i]! > size[pick]!)) pick = i;
    }
    if (pick < 0) {
      // Every section is down to one line and it still does not fit (thousands of kinds): say so.
      return {
        text: `${head}\n\n_The report is too large to summarise here: see the full report in the run's artifacts._\n`,
        summarised: sections.length,
      };
    }
    if (level[pick] === 0) summarised++;
    level[pick]!++;
    rendered[pick] = sections[pick]!.render(level[pick]!);
    body += measure(rendered[pick]!) - size[pick]!;
    size[pick] = measure(rendered[pick]!);
  }
  return { text: [head, ...rendered, foot(summarised)].filter(Boolean).join('\n\n') + '\n', summarised };
}

export const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');
