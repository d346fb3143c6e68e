/**
 * Calibration of the canary judge (issue 7), printed as Markdown:
 *   1. A/A: 1,000 simulated canaries with 10 metrics each, identical versions: overall false fail rate.
 *   2. Power: latency +5% / +10% / +20% at 500 / 1,000 / 5,000 samples per arm: detection rate.
 *   3. Sequential: A/A with 20 looks (mSPRT, always valid) against a fixed-horizon Mann-Whitney test
 *      looked at 20 times; and how early the sequential judge stops a +10% regression.
 *   4. Speed: one judgment at 500 / 1,000 / 5,000 per arm, against sorting the same data (same run).
 *
 *   npx tsx scripts/canary-calibration.ts > scripts/canary-calibration.out.md
 *
 * Seeded (createRng), so the figures reproduce exactly; only the timings vary.
 */
import { createRng, type Rng } from '../harness/core/rng.ts';
import { judgeCanary } from '../harness/canary/judge.ts';
import { judgeConfigSchema, type JudgeConfigInput } from '../harness/canary/judge-config.ts';
import { SequentialCanaryJudge } from '../harness/canary/sequential.ts';
import { mannWhitneyU } from '../harness/stats/index.ts';
import type { MetricSamples } from '../harness/canary/metric-export.ts';

const ALPHA = 0.05;
const t0 = performance.now();
const out: string[] = [];
const say = (s = '') => out.push(s);
const rate = (k: number, n: number) => `${((100 * k) / n).toFixed(1)}% (${k}/${n})`;

/** Clopper-Pearson-free quick 95% interval for a proportion (Wilson), for reading the rates. */
function wilson(k: number, n: number): string {
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return `[${(100 * Math.max(0, c - h)).toFixed(1)}%, ${(100 * Math.min(1, c + h)).toFixed(1)}%]`;
}

const lognormal = (rng: Rng, median: number, sigma: number) => median * Math.exp(sigma * rng.normal());
const exponential = (rng: Rng, mean: number) => -mean * Math.log(1 - rng.float());

/** Ten metrics of a service, of every shape the judge meets: skewed, heavy-tailed, tied, bounded, rare 0/1. */
const TEN: Record<string, (rng: Rng, f: number) => number> = {
  latency_ms: (r, f) => lognormal(r, 100 * f, 0.5),
  ttft_ms: (r) => lognormal(r, 40, 0.8),
  db_ms: (r) => Math.round(lognormal(r, 5, 0.6)),
  tokens: (r) => Math.max(0, Math.round(300 + Math.sqrt(300) * r.normal())),
  relevance: (r) => Math.min(1, Math.max(0, 0.7 + 0.1 * r.normal())),
  cpu_ms: (r) => exponential(r, 20),
  queue_ms: (r) => (r.float() < 0.7 ? 0 : exponential(r, 10)),
  error: (r) => (r.float() < 0.01 ? 1 : 0),
  timeout: (r) => (r.float() < 0.002 ? 1 : 0),
  cache_hit: (r) => (r.float() < 0.6 ? 1 : 0),
};
const tenConfig: JudgeConfigInput = { metrics: { relevance: { direction: 'decrease' }, cache_hit: { direction: 'decrease' } } };

function arm(rng: Rng, n: number, f = 1, names = Object.keys(TEN)): MetricSamples {
  return Object.fromEntries(names.map((name) => [name, Array.from({ length: n }, () => TEN[name](rng, f))]));
}

// 1. A/A ---------------------------------------------------------------------------------------
{
  const runs = 1000;
  const n = 1000;
  const config = judgeConfigSchema.parse(tenConfig);
  let failed = 0;
  let verdictFail = 0;
  let uncorrected = 0;
  const perMetric: Record<string, number> = {};
  const s0 = performance.now();
  for (let i = 0; i < runs; i++) {
    const rng = createRng(1_000 + i);
    const j = judgeCanary({ baseline: arm(rng, n), canary: arm(rng, n) }, config);
    const bad = j.metrics.filter((m) => m.classification === 'high' || m.classification === 'low');
    if (bad.length) failed++;
    if (j.verdict === 'fail') verdictFail++;
    for (const m of bad) perMetric[m.name] = (perMetric[m.name] ?? 0) + 1;
    // What the same tests would flag without the correction (raw decision p-value below alpha).
    if (j.metrics.some((m) => (m.decisionPValue ?? 1) < ALPHA || (m.spread?.pValue ?? 1) < ALPHA)) uncorrected++;
  }
  const secs = ((performance.now() - s0) / 1000).toFixed(1);
  say('# Canary judge calibration');
  say();
  say(`Reproduce: \`npx tsx scripts/canary-calibration.ts > scripts/canary-calibration.out.md\` (seeded; node ${process.version}).`);
  say();
  say('## 1. A/A: identical versions, 10 metrics each');
  say();
  say(`${runs} simulated canaries, ${n} samples per arm, 10 metrics (7 continuous of varied shape, incl. tied integers and a 70%-zeros metric; 3 rates: 1%, 0.2%, 60%), default judge (alpha ${ALPHA}, Holm across up to 17 tests: 7 shift + 7 spread + 3 count tests, fewer when a rate has no events). ${secs} s.`);
  say();
  say('| measure | rate | 95% interval |');
  say('|---|---|---|');
  say(`| canaries with any metric classified high/low (overall false fail rate) | ${rate(failed, runs)} | ${wilson(failed, runs)} |`);
  say(`| canaries with verdict fail | ${rate(verdictFail, runs)} | ${wilson(verdictFail, runs)} |`);
  say(`| for contrast: any raw (uncorrected) p-value below ${ALPHA} | ${rate(uncorrected, runs)} | ${wilson(uncorrected, runs)} |`);
  say();
  say(`False fails by metric: ${Object.entries(perMetric).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}.`);
  say();
}

// 2. Power ---------------------------------------------------------------------------------------
{
  const reps = 200;
  const config = judgeConfigSchema.parse({ metrics: { latency_ms: {} }, onlyConfigured: true });
  say('## 2. Power: latency increase detected');
  say();
  say(`Latency log-normal, median 100 ms, sigma 0.5 (p99 ~ 3.2x the median); the canary's latency is multiplied by 1 + change. One metric judged (Mann-Whitney shift + spread test, Holm over the 2), alpha ${ALPHA}, allowed change 0. ${reps} canaries per cell; detected = classified high.`);
  say();
  say('| per arm | +5% | +10% | +20% |');
  say('|---|---|---|---|');
  for (const n of [500, 1000, 5000]) {
    const cells: string[] = [];
    const s0 = performance.now();
    for (const change of [0.05, 0.1, 0.2]) {
      let detected = 0;
      for (let i = 0; i < reps; i++) {
        const rng = createRng(50_000 + n + Math.round(change * 1000) * 7 + i * 13);
        const j = judgeCanary({ baseline: arm(rng, n, 1, ['latency_ms']), canary: arm(rng, n, 1 + change, ['latency_ms']) }, config);
        if (j.metrics[0].classification === 'high') detected++;
      }
      cells.push(`${((100 * detected) / reps).toFixed(1)}%`);
    }
    say(`| ${n} | ${cells.join(' | ')} |`);
    process.stderr.write(`power n=${n}: ${((performance.now() - s0) / 1000).toFixed(1)} s\n`);
  }
  say();
}

// 3. Sequential ---------------------------------------------------------------------------------
{
  const runs = 1000;
  const looks = 20;
  const batch = 100;
  const one = judgeConfigSchema.parse({ metrics: { latency_ms: {} }, onlyConfigured: true, sequential: { looks } });
  let seqFail = 0;
  let naiveFail = 0;
  let naiveLast = 0;
  const s0 = performance.now();
  for (let i = 0; i < runs; i++) {
    const rng = createRng(900_000 + i);
    const judge = new SequentialCanaryJudge(one);
    const b: number[] = [];
    const c: number[] = [];
    let naiveFlag = false;
    for (let k = 1; k <= looks; k++) {
      const nb = arm(rng, batch, 1, ['latency_ms']).latency_ms;
      const nc = arm(rng, batch, 1, ['latency_ms']).latency_ms;
      b.push(...nb);
      c.push(...nc);
      if (!judge.done) judge.look({ baseline: { latency_ms: nb }, canary: { latency_ms: nc } });
      // Naive: the fixed-horizon one-sided Mann-Whitney test at alpha, repeated at every look.
      const p = mannWhitneyU(c, b, { alternative: 'greater' });
      if (p.ok && p.pValue < ALPHA) {
        naiveFlag = true;
        if (k === looks) naiveLast++;
      }
    }
    if (judge.done!.decision === 'roll back') seqFail++;
    if (naiveFlag) naiveFail++;
  }
  const secs = ((performance.now() - s0) / 1000).toFixed(1);

  const ten = judgeConfigSchema.parse({ ...tenConfig, sequential: { looks } });
  const tenRuns = 300;
  let tenFail = 0;
  for (let i = 0; i < tenRuns; i++) {
    const rng = createRng(700_000 + i);
    const judge = new SequentialCanaryJudge(ten);
    while (!judge.done) judge.look({ baseline: arm(rng, batch), canary: arm(rng, batch) });
    if (judge.done!.decision === 'roll back') tenFail++;
  }

  const powerRuns = 200;
  let detected = 0;
  const stops: number[] = [];
  for (let i = 0; i < powerRuns; i++) {
    const rng = createRng(800_000 + i);
    const judge = new SequentialCanaryJudge(one);
    while (!judge.done) judge.look({ baseline: arm(rng, batch, 1, ['latency_ms']), canary: arm(rng, batch, 1.1, ['latency_ms']) });
    if (judge.done!.decision === 'roll back') {
      detected++;
      stops.push(judge.done!.sequential.looksTaken);
    }
  }
  stops.sort((x, y) => x - y);
  say('## 3. Sequential looks');
  say();
  say(`A/A canaries judged at ${looks} looks, ${batch} new samples per arm per look (${looks * batch} per arm at the end), latency as in 2. ${secs} s for the first two rows.`);
  say();
  say('| procedure | false fail rate | 95% interval |');
  say('|---|---|---|');
  say(`| sequential judge (mSPRT always-valid p-values, tau 0.2 sd), ${looks} looks, ${runs} canaries | ${rate(seqFail, runs)} | ${wilson(seqFail, runs)} |`);
  say(`| naive: fixed-horizon one-sided Mann-Whitney at alpha ${ALPHA}, looked at ${looks} times, same ${runs} canaries | ${rate(naiveFail, runs)} | ${wilson(naiveFail, runs)} |`);
  say(`| (the naive test at the last look only, for reference) | ${rate(naiveLast, runs)} | ${wilson(naiveLast, runs)} |`);
  say(`| sequential judge, all 10 metrics of section 1 (Holm across metrics), ${tenRuns} canaries | ${rate(tenFail, tenRuns)} | ${wilson(tenFail, tenRuns)} |`);
  say();
  say(`Sequential power: a +10% latency regression was rolled back in ${rate(detected, powerRuns)} of ${powerRuns} canaries; median stop at look ${stops[Math.floor(stops.length / 2)] ?? 'n/a'} of ${looks} (${(stops[Math.floor(stops.length / 2)] ?? 0) * batch} samples per arm), 90th percentile look ${stops[Math.floor(stops.length * 0.9)] ?? 'n/a'}.`);
  say();
}

// 4. Speed --------------------------------------------------------------------------------------
{
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const config = judgeConfigSchema.parse({ metrics: { latency_ms: {} }, onlyConfigured: true });
  say('## 4. Speed of one judgment');
  say();
  say('Median of 15 runs; the reference is sorting the same 2n values once (Float64Array sort), measured in the same run.');
  say();
  say('| per arm | one latency metric | 10 metrics | sort reference | ratio (one metric / sort) |');
  say('|---|---|---|---|---|');
  for (const n of [500, 1000, 5000]) {
    const rng = createRng(42 + n);
    const b = arm(rng, n);
    const c = arm(rng, n);
    const one: number[] = [];
    const all: number[] = [];
    const ref: number[] = [];
    const tenCfg = judgeConfigSchema.parse(tenConfig);
    for (let i = 0; i < 15; i++) {
      let t = performance.now();
      judgeCanary({ baseline: { latency_ms: b.latency_ms }, canary: { latency_ms: c.latency_ms } }, config);
      one.push(performance.now() - t);
      t = performance.now();
      judgeCanary({ baseline: b, canary: c }, tenCfg);
      all.push(performance.now() - t);
      t = performance.now();
      Float64Array.from([...b.latency_ms, ...c.latency_ms]).sort();
      ref.push(performance.now() - t);
    }
    const [o, a, r] = [median(one), median(all), median(ref)];
    say(`| ${n} | ${o.toFixed(1)} ms | ${a.toFixed(1)} ms | ${r.toFixed(2)} ms | ${(o / r).toFixed(0)}x |`);
  }
  say();
}

say(`Total time: ${((performance.now() - t0) / 1000).toFixed(0)} s.`);
process.stdout.write(out.join('\n') + '\n');
