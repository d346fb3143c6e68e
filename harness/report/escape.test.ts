import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codeBlock, escapeHtml, escapeMarkdown, escapeXml, inlineCode } from './escape.ts';

describe('escaping', () => {
  it('HTML: a case name with markup is text', () => {
    expect(escapeHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('Markdown: no HTML, no mention, no table break, one line', () => {
    const out = escapeMarkdown('<img src=x onerror=alert(1)> @everyone | *bold* [x](javascript:alert(1))\nnext');
    expect(out).not.toMatch(/<img/);
    expect(out).not.toMatch(/@everyone/);
    expect(out).toContain('@\u200Beveryone');
    expect(out).not.toMatch(/(^|[^\\])\|/);
    expect(out).not.toMatch(/(^|[^\\])\[/);
    expect(out).not.toContain('\n');
  });

  it('XML: markup and characters XML cannot hold', () => {
    expect(escapeXml(`<a b="c">'\u0001`)).toBe('&lt;a b=&quot;c&quot;&gt;&apos;\uFFFD');
  });

  it('a code block cannot be closed by its content', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('`', 'a', '\n', '~', ' ') }), (content) => {
        const block = codeBlock(content);
        const lines = block.split('\n');
        const fence = lines[0]!;
        // No inner line is a fence as long as (or longer than) the opening one.
        for (const l of lines.slice(1, -1)) expect(l.trim().startsWith(fence) && /^`+$/.test(l.trim())).toBe(false);
        expect(lines.at(-1)).toBe(fence);
      }),
    );
  });

  it('inline code keeps backticks inside', () => {
    expect(inlineCode('a`b')).toBe('``a`b``');
  });
});
