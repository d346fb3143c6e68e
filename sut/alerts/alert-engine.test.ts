import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkInvariants } from '../../harness/drift/invariants.ts';
import { AlertEngine, DEFAULT_ALERT_RULES } from './index.ts';

const HOUR = 3_600_000;

describe('AlertEngine', () => {
  it('fires when the rule holds, suppresses inside the cooldown, fires again after it', () => {
    const e = new AlertEngine(DEFAULT_ALERT_RULES);
    const at = (h: number, entropy: number) =>
      e.evaluate(h * HOUR, (m) => (m === 'selection_entropy' ? entropy : undefined)).map((a) => a.rule);
    expect(at(0, 0.2)).toEqual(['diversity_loss']);
    expect(at(1, 0.1)).toEqual([]);
    expect(e.state('diversity_loss')).toMatchObject({ state: 'firing', fired: 1, suppressed: 1 });
    expect(at(6, 0.25)).toEqual(['diversity_loss']);
    expect(at(7, 0.3)).toEqual([]); // 0.3 is not below 0.3
    expect(e.state('diversity_loss')!.state).toBe('ok');
  });

  it('covers the four rules of the issue with their thresholds', () => {
    const e = new AlertEngine(DEFAULT_ALERT_RULES);
    const values: Record<string, number> = {
      selection_entropy: 0.29,
      curator_apply_budget_used_pct: 91,
      llm_breaker_open_ms: 10 * 60_000 + 1,
      hd_detection_slow_rate: 0.26,
    };
    expect(e.evaluate(0, (m) => values[m]).map((a) => [a.rule, a.severity])).toEqual([
      ['diversity_loss', 'warning'],
      ['curator_budget_exhausted', 'warning'],
      ['llm_degraded', 'critical'],
      ['quality_degradation', 'critical'],
    ]);
  });

  it('agrees with the invariant checker on any metric series (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 80 }), (series) => {
        const e = new AlertEngine(DEFAULT_ALERT_RULES);
        const trace = series.map((v, i) => {
          const metrics = {
            selection_entropy: v,
            curator_apply_budget_used_pct: v * 100,
            llm_breaker_open_ms: v * 20 * 60_000,
            hd_detection_slow_rate: v / 2,
          };
          const alerts = e.evaluate(i * HOUR, (m) => metrics[m as keyof typeof metrics]);
          return { atMs: i * HOUR, params: {}, metrics, alerts };
        });
        return checkInvariants(trace, {}, DEFAULT_ALERT_RULES, {}).violations.length === 0;
      }),
    );
  });
});
