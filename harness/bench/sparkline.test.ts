import { describe, expect, it } from 'vitest';
import { sparklineSvg } from './sparkline.ts';

describe('sparklineSvg', () => {
  it('draws one path point per finite value, higher values higher up', () => {
    const svg = sparklineSvg([1, 3, NaN, 2], { width: 100, height: 20, title: 'a < b & "c"' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title>a &lt; b &amp; &quot;c&quot;</title>');
    const d = /<path d="([^"]+)"/.exec(svg)![1]!;
    const pts = d
      .split(/[ML]/)
      .filter(Boolean)
      .map((p) => p.trim().split(' ').map(Number));
    expect(pts).toHaveLength(3);
    expect(pts[1]![1]).toBeLessThan(pts[0]![1]!); // 3 is drawn above 1 (SVG y grows downwards)
    expect(pts[2]![0]).toBe(98); // the last value sits at the right edge
  });

  it('handles no values and constant values', () => {
    expect(sparklineSvg([])).toMatch(/^<svg[^>]*><\/svg>$/);
    expect(sparklineSvg([5, 5, 5])).toContain('<path');
    expect(sparklineSvg([5])).toContain('<circle');
  });
});
