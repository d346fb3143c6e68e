import { describe, expect, it } from 'vitest';
import { judgeCanary } from './judge.ts';
import { judgeConfigSchema } from './judge-config.ts';
import { renderCanaryChart } from './chart.ts';

const ramp = (n: number, f: number) => Array.from({ length: n }, (_, i) => (100 + (i % 50)) * f);

describe('renderCanaryChart', () => {
  it('draws one row per metric, the allowed band, the interval, and escapes names', () => {
    const j = judgeCanary(
      { baseline: { 'lat<ms>': ramp(200, 1), gone: [] }, canary: { 'lat<ms>': ramp(200, 1.3), gone: [] } },
      judgeConfigSchema.parse({ metrics: { 'lat<ms>': { allowedChange: 0.05, critical: true } } }),
    );
    const svg = renderCanaryChart(j);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('lat&lt;ms&gt; *');
    expect(svg).not.toContain('lat<ms>');
    expect(svg.match(/<rect /g)).toHaveLength(1); // one allowed band (the metric without data has none)
    expect(svg).toContain('stroke="#c62828"'); // the failing interval is red
    expect(svg).toContain('>no data<');
  });
});
