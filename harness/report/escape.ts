/**
 * Escaping for everything a suite, a case name, model output or a metric name puts on a page.
 * Reporters never trust those strings: a case named `<img src=x onerror=alert(1)>` or `@everyone`
 * must render as text.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c]!);
}

// Characters outside XML 1.0's Char production (control characters, lone surrogates, U+FFFE/F).
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for XML content or a quoted attribute; characters XML cannot hold become U+FFFD. */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(XML_INVALID, '\uFFFD')).replace(/&#39;/g, '&apos;');
}

/**
 * Inline Markdown text (GitHub flavour): HTML is entity-escaped, Markdown syntax is
 * backslash-escaped, and `@name` / `#123` cannot mention or link (a zero-width space follows `@`).
 * Newlines become spaces so a value can sit in a table cell.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[&<>"]/g, (c) => HTML[c]!)
    .replace(/[\\`*_{}[\]()#+!|~]/g, '\\$&')
    .replace(/@/g, '@\u200B');
}

/**
 * A fenced code block that its content cannot close: the fence is longer than any run of
 * backticks inside. Mentions and HTML inside a code block are shown literally by GitHub.
 */
export function codeBlock(content: string, lang = ''): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${content.replace(/\n+$/, '')}\n${fence}`;
}

/** Inline code span that its content cannot close. */
export function inlineCode(content: string): string {
  const flat = content.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}
