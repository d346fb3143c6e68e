import type { AlertEvent, AlertRuleSpec, ParameterBound } from './drift-system.ts';

export interface TickRecord {
  atMs: number;
  params: Record<string, number>;
  metrics: Record<string, number>;
  alerts: AlertEvent[];
}

export type ViolationKind =
  | 'out-of-bounds'
  | 'step-too-large'
  | 'missing-parameter'
  | 'alert-missing'
  | 'alert-unexpected'
  | 'metric-missing'
  | 'system-error';

export interface Violation {
  kind: ViolationKind;
  atMs: number;
  /** Parameter or rule name. */
  subject: string;
  message: string;
}

export interface InvariantReport {
  ticks: number;
  violations: Violation[];
  /** Violations by kind, every kind present (0 when none). */
  counts: Record<ViolationKind, number>;
  /** Alerts the rules required, by rule name. */
  expectedAlerts: Record<string, number>;
}

const KINDS: ViolationKind[] = [
  'out-of-bounds',
  'step-too-large',
  'missing-parameter',
  'alert-missing',
  'alert-unexpected',
  'metric-missing',
  'system-error',
];

/** Tolerance for float rounding in bound and step comparisons. */
const EPS = 1e-9;

/**
 * Check a whole trace: every bounded parameter within [min, max] at every tick, no change larger
 * than maxStep between consecutive ticks (the first measured from the initial values), and alerts
 * that fired exactly when their rule held outside its cooldown. The expected alerts are recomputed
 * here from the reported metrics and the rule specs, independently of the system's alert engine.
 */
export function checkInvariants(
  trace: readonly TickRecord[],
  bounds: Record<string, ParameterBound>,
  rules: readonly AlertRuleSpec[],
  initialParams: Record<string, number>,
): InvariantReport {
  const violations: Violation[] = [];
  let prev = initialParams;
  const lastFired = new Map<string, number>();
  const expectedAlerts: Record<string, number> = Object.fromEntries(rules.map((r) => [r.name, 0]));
  for (const tick of trace) {
    for (const [name, b] of Object.entries(bounds)) {
      const v = tick.params[name];
      if (v === undefined || !Number.isFinite(v)) {
        violations.push({ kind: 'missing-parameter', atMs: tick.atMs, subject: name, message: `${name} is ${v}` });
        continue;
      }
      if (v < b.min - EPS || v > b.max + EPS)
        violations.push({
          kind: 'out-of-bounds',
          atMs: tick.atMs,
          subject: name,
          message: `${name} = ${v} outside [${b.min}, ${b.max}]`,
        });
      const before = prev[name];
      if (before !== undefined && Math.abs(v - before) > b.maxStep + EPS) {
        violations.push({
          kind: 'step-too-large',
          atMs: tick.atMs,
          subject: name,
          message: `${name} moved ${before} -> ${v} (|step| ${Math.abs(v - before).toPrecision(3)} > ${b.maxStep})`,
        });
      }
    }
    prev = tick.params;

    const fired = new Set(tick.alerts.map((a) => a.rule));
    for (const rule of rules) {
      const value = tick.metrics[rule.metric];
      if (value === undefined) {
        violations.push({
          kind: 'metric-missing',
          atMs: tick.atMs,
          subject: rule.name,
          message: `metric ${rule.metric} not reported`,
        });
        continue;
      }
      const holds = rule.op === '<' ? value < rule.threshold : value > rule.threshold;
      const last = lastFired.get(rule.name);
      const outsideCooldown = last === undefined || tick.atMs - last >= rule.cooldownMs;
      const expected = holds && outsideCooldown;
      if (expected) {
        expectedAlerts[rule.name]!++;
        lastFired.set(rule.name, tick.atMs);
      }
      if (expected && !fired.has(rule.name)) {
        violations.push({
          kind: 'alert-missing',
          atMs: tick.atMs,
          subject: rule.name,
          message: `${rule.metric} = ${value} ${rule.op} ${rule.threshold} outside cooldown, but ${rule.name} did not fire`,
        });
      } else if (!expected && fired.has(rule.name)) {
        const why = holds
          ? `inside its ${rule.cooldownMs} ms cooldown`
          : `${rule.metric} = ${value} does not satisfy ${rule.op} ${rule.threshold}`;
        violations.push({
          kind: 'alert-unexpected',
          atMs: tick.atMs,
          subject: rule.name,
          message: `${rule.name} fired ${why}`,
        });
      }
    }
    for (const a of tick.alerts) {
      if (!rules.some((r) => r.name === a.rule))
        violations.push({
          kind: 'alert-unexpected',
          atMs: tick.atMs,
          subject: a.rule,
          message: `alert ${a.rule} has no rule`,
        });
    }
  }
  const counts = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<ViolationKind, number>;
  for (const v of violations) counts[v.kind]++;
  return { ticks: trace.length, violations, counts, expectedAlerts };
}

/** Add the system's crash (its tick threw; the trace stops there) to an invariant report. */
export function withSystemError(
  report: InvariantReport,
  error: { atMs: number; message: string } | undefined,
): InvariantReport {
  if (!error) return report;
  return {
    ...report,
    violations: [
      ...report.violations,
      {
        kind: 'system-error',
        atMs: error.atMs,
        subject: 'system',
        message: `tick threw, trace stops here: ${error.message}`,
      },
    ],
    counts: { ...report.counts, 'system-error': report.counts['system-error'] + 1 },
  };
}
