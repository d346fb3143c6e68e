import { describe, expect, it } from 'vitest';
import { fixtureRunReport, erroredSuite } from './__fixtures__/run-reports.ts';
import { renderJunitXml } from './junit-xml.ts';

describe('JUnit XML', () => {
  it('has a testsuite per suite and a testcase per check with the right counts', () => {
    const report = fixtureRunReport();
    report.suites.push(structuredClone(erroredSuite));
    const xml = renderJunitXml(report);
    const checks = report.suites.reduce((n, s) => n + s.checks.length, 0) + 1;
    expect(xml).toMatch(new RegExp(`<testsuites name="gauntlet" tests="${checks}" failures="2" errors="1"`));
    expect(xml.match(/<testsuite /g)).toHaveLength(6);
    expect(xml.match(/<testcase /g)).toHaveLength(checks);
    expect(xml).toContain('<failure message="exact order differs" type="check">exact order differs\noverlap@3 0.6667');
    expect(xml).toContain(
      '<failure message="median 1.31 ms vs baseline 1.02 ms: +28.4% (95% CI +21.0% .. +36.2%), threshold +10%" type="regression">',
    );
    expect(xml).toContain('file="suites/bench/planner.bench.ts" line="12"');
    expect(xml).toMatch(/<error message="GAUNTLET_INPUT: suites\/golden\/broken.yaml:7/);
    expect(xml).toContain('<property name="overlap_at_k" value="0.6667"/>');
  });

  it('escapes names and reasons', () => {
    const xml = renderJunitXml(fixtureRunReport());
    expect(xml).not.toContain('<img');
    expect(xml).toContain('name="&lt;img src=x onerror=alert(1)&gt;"');
    // Every tag opened is closed, in order (well-formed for the simple structure written).
    const stack: string[] = [];
    for (const m of xml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (m[3]) continue;
      if (m[1]) expect(stack.pop()).toBe(m[2]);
      else stack.push(m[2]!);
    }
    expect(stack).toEqual([]);
  });
});
