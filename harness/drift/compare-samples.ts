import { ksTwoSample, jensenShannon, mean, psi, standardDeviation, wasserstein1d } from '../stats/index.ts';

export interface CompareOptions {
  /** KS significance level. Default 0.01. */
  alpha?: number;
  /** PSI at or above this is a material shift. Default 0.1 (0.1-0.25 "moderate" in the usual rule of thumb). */
  psiThreshold?: number;
  /** Wasserstein distance divided by the reference sd at or above this is material. Default 0.1. */
  wassersteinThreshold?: number;
  /** Jensen-Shannon distance (base 2) at or above this is material. Default 0.1. */
  jensenShannonThreshold?: number;
  bins?: number;
  /**
   * Calibrate the distance thresholds on the reference itself instead: split it into chunks of the
   * current sample's size, compare each with the rest of the reference, and use mean + k sd of each
   * distance over the chunks (at least 5 chunks needed). The thresholds then follow the sample size.
   */
  calibrate?: { k: number };
}

/** The `gauntlet drift --json` object (documented in docs/guide/drift.md). */
export interface SampleComparison {
  reference: { n: number; mean: number; sd: number };
  current: { n: number; mean: number; sd: number };
  ks: { statistic: number; pValue: number; method: 'exact' | 'asymp'; drift: boolean; alpha: number };
  /** Wasserstein-1 distance divided by the reference sd (scale-free). */
  wasserstein: number;
  /** Wasserstein-1 distance in the data's units. */
  wassersteinRaw: number;
  psi: number;
  jensenShannon: number;
  thresholds: { psi: number; wasserstein: number; jensenShannon: number; calibrated?: { chunks: number; k: number } };
  /** Which effect sizes reached their threshold. */
  material: { wasserstein: boolean; psi: boolean; jensenShannon: boolean };
  /** KS significant at alpha and at least one effect size material: a difference that is both real and large enough to matter. */
  drift: boolean;
}

/** Why two samples cannot be compared (all values equal, too few...), named for the user. */
export class CompareSamplesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompareSamplesError';
  }
}

/**
 * Compare a current sample with a reference: KS test (significance), normed Wasserstein, PSI and
 * Jensen-Shannon (effect sizes). Requiring both keeps the decision from depending blindly on sample
 * size: with 10^6 values KS finds any difference; with 20 the effect sizes are noisy.
 */
export function compareSamples(
  reference: readonly number[],
  current: readonly number[],
  o: CompareOptions = {},
): SampleComparison {
  const alpha = o.alpha ?? 0.01;
  const bins = o.bins ?? 10;
  const refSd = standardDeviation(reference);
  if (!(refSd > 0))
    throw new CompareSamplesError('reference: all values are equal, so its spread is 0 and no distance can be scaled');
  const thresholds: SampleComparison['thresholds'] = o.calibrate
    ? calibrateThresholds(reference, current.length, o.calibrate.k, bins)
    : {
        psi: o.psiThreshold ?? 0.1,
        wasserstein: o.wassersteinThreshold ?? 0.1,
        jensenShannon: o.jensenShannonThreshold ?? 0.1,
      };
  const ks = ksTwoSample(reference, current);
  if (!ks.ok) throw new CompareSamplesError(`KS test: ${ks.reason}`);
  const w = wasserstein1d(reference, current);
  const p = psi(reference, current, { bins });
  const js = jensenShannon(reference, current, { bins });
  if (!w.ok || !p.ok || !js.ok)
    throw new CompareSamplesError(
      `distance: ${[w, p, js]
        .map((r) => (r.ok ? '' : r.reason))
        .filter(Boolean)
        .join('; ')}`,
    );
  const wasserstein = w.value / refSd;
  const material = {
    wasserstein: wasserstein >= thresholds.wasserstein,
    psi: p.value >= thresholds.psi,
    jensenShannon: js.value >= thresholds.jensenShannon,
  };
  const ksDrift = ks.pValue < alpha;
  const ref = { n: reference.length, mean: mean(reference), sd: refSd };
  const cur = { n: current.length, mean: mean(current), sd: current.length > 1 ? standardDeviation(current) : 0 };
  // Values near the float range (1e308) overflow a mean or a variance: refuse rather than print NaN.
  if (![ref.mean, ref.sd, cur.mean, cur.sd, wasserstein, w.value].every(Number.isFinite)) {
    throw new CompareSamplesError(
      'values too large to compare: a mean, spread or distance overflows the number range (rescale the data)',
    );
  }
  return {
    reference: ref,
    current: cur,
    ks: { statistic: ks.statistic, pValue: ks.pValue, method: ks.method, drift: ksDrift, alpha },
    wasserstein,
    wassersteinRaw: w.value,
    psi: p.value,
    jensenShannon: js.value,
    thresholds,
    material,
    drift: ksDrift && (material.wasserstein || material.psi || material.jensenShannon),
  };
}

/** Distances of one sample against a reference: normed Wasserstein, PSI, Jensen-Shannon. */
function distances(
  reference: readonly number[],
  sample: readonly number[],
  refSd: number,
  bins: number,
): { wasserstein: number; psi: number; jensenShannon: number } | undefined {
  const w = wasserstein1d(reference, sample);
  const p = psi(reference, sample, { bins });
  const js = jensenShannon(reference, sample, { bins });
  if (!w.ok || !p.ok || !js.ok) return undefined;
  return { wasserstein: w.value / refSd, psi: p.value, jensenShannon: js.value };
}

/** Why the verdict is what it is (the rule: KS significant and at least one distance over its threshold). */
function driftReason(c: SampleComparison): string {
  const p = c.ks.pValue < 1e-4 ? c.ks.pValue.toExponential(2) : c.ks.pValue.toFixed(4);
  const over = (['wasserstein', 'psi', 'jensenShannon'] as const).filter((k) => c.material[k]);
  if (!c.ks.drift) return `KS p = ${p} >= ${c.ks.alpha}: no significant difference`;
  if (!over.length)
    return `KS p = ${p} < ${c.ks.alpha}, but no distance is over its threshold: significant, not material`;
  return `KS p = ${p} < ${c.ks.alpha}, and over threshold: ${over.join(', ')}`;
}

/** Thresholds as mean + k sd of each distance between reference chunks of size m and the rest of the reference. */
export function calibrateThresholds(
  reference: readonly number[],
  m: number,
  k: number,
  bins = 10,
): SampleComparison['thresholds'] {
  const chunks = Math.floor(reference.length / m);
  if (chunks < 5)
    throw new CompareSamplesError(
      `reference: --calibrate needs at least 5 chunks of the current sample's size (${m}), the reference has ${reference.length} values (${chunks} chunk(s))`,
    );
  const got: { wasserstein: number[]; psi: number[]; jensenShannon: number[] } = {
    wasserstein: [],
    psi: [],
    jensenShannon: [],
  };
  for (let c = 0; c < chunks; c++) {
    const chunk = reference.slice(c * m, (c + 1) * m);
    const rest = [...reference.slice(0, c * m), ...reference.slice((c + 1) * m)];
    const sd = standardDeviation(rest);
    const d = sd > 0 ? distances(rest, chunk, sd, bins) : undefined;
    if (!d) continue;
    got.wasserstein.push(d.wasserstein);
    got.psi.push(d.psi);
    got.jensenShannon.push(d.jensenShannon);
  }
  if (got.psi.length < 5)
    throw new CompareSamplesError('reference: too few usable chunks to calibrate on (constant stretches?)');
  const thr = (xs: number[]) => mean(xs) + k * standardDeviation(xs);
  return {
    wasserstein: thr(got.wasserstein),
    psi: thr(got.psi),
    jensenShannon: thr(got.jensenShannon),
    calibrated: { chunks: got.psi.length, k },
  };
}

const f = (x: number) => (Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(4) : x.toExponential(2));

/** The comparison as text for the terminal. */
export function renderComparison(c: SampleComparison, files: { reference: string; current: string }): string {
  const rows = [
    [
      'KS',
      f(c.ks.statistic),
      c.ks.pValue < 1e-4 ? c.ks.pValue.toExponential(2) : c.ks.pValue.toFixed(4),
      `p < ${c.ks.alpha}`,
      c.ks.drift ? 'yes' : 'no',
    ],
    [
      'Wasserstein / ref sd',
      f(c.wasserstein),
      '-',
      `>= ${f(c.thresholds.wasserstein)}`,
      c.material.wasserstein ? 'yes' : 'no',
    ],
    ['PSI', f(c.psi), '-', `>= ${f(c.thresholds.psi)}`, c.material.psi ? 'yes' : 'no'],
    [
      'Jensen-Shannon',
      f(c.jensenShannon),
      '-',
      `>= ${f(c.thresholds.jensenShannon)}`,
      c.material.jensenShannon ? 'yes' : 'no',
    ],
  ];
  const head = ['test', 'statistic', 'p-value', 'threshold', 'over'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    `reference: ${files.reference} (n=${c.reference.n}, mean=${f(c.reference.mean)}, sd=${f(c.reference.sd)})`,
    `current:   ${files.current} (n=${c.current.n}, mean=${f(c.current.mean)}, sd=${f(c.current.sd)})`,
    '',
    line(head),
    ...rows.map(line),
    '',
    ...(c.thresholds.calibrated
      ? [
          `thresholds: mean + ${c.thresholds.calibrated.k} sd over ${c.thresholds.calibrated.chunks} reference chunks of the current sample's size`,
        ]
      : []),
    `drift: ${c.drift ? 'YES' : 'no'} (${driftReason(c)})`,
    '',
  ].join('\n');
}
