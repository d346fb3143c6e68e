/**
 * The reference system's observability, end to end: a drift simulation whose alerts go to a real
 * local webhook receiver (which fails its first requests), its business dashboards written from the
 * scenario's metrics store, and the CLI over that store: alerts status, metrics query and cleanup,
 * dashboard generate, with exit 2 on bad input.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDetectorConfig } from '../harness/drift/detector-config.ts';
import { scenarioSchema } from '../harness/drift/scenario-schema.ts';
import { simulateScenario } from '../harness/drift/simulate.ts';
import { referenceDriftSystem } from '../sut/autopilot/index.ts';
import { select } from '../sut/planner/index.ts';
import type { AlertPayload } from '../sut/alerts/index.ts';
import { runCli } from './helpers-cli.ts';

const scenario = scenarioSchema.parse({
  name: 'push',
  days: 6,
  referenceDays: 2,
  stepMinutes: 5,
  base: { mean: 0.5, sd: 0.1 },
  seasonality: { daily: 1 },
  changes: [{ kind: 'shift', atDay: 3, meanShift: 3 }],
});
const detectors = {
  ...defaultDetectorConfig(),
  psi: { enabled: false, threshold: { k: 7, min: 0 } },
  jensenShannon: { enabled: false, threshold: { k: 7, min: 0 } },
};

const received: AlertPayload[] = [];
let requests = 0;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    requests++;
    if (requests <= 2) return void res.writeHead(503).end(); // the receiver fails at first
    received.push(JSON.parse(body) as AlertPayload);
    res.writeHead(200).end();
  });
});
let dir: string;
let store: string;

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  dir = mkdtempSync(join(tmpdir(), 'gauntlet-observability-'));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  const system = referenceDriftSystem({
    select,
    alertWebhook: { url, timeoutMs: 2_000 },
    dashboardsDir: join(dir, 'dashboards'),
  });
  const r = await simulateScenario({ scenario, seed: 3, detectors, system });
  expect(r.system!.invariants.expectedAlerts.diversity_loss).toBeGreaterThan(0);
  store = join(dir, 'dashboards/push-seed3/metrics.sqlite');
}, 120_000);
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('reference system alerts and dashboards in a drift simulation', () => {
  it('delivered fired alerts to the webhook as JSON after the receiver failed, without blocking the simulation', async () => {
    for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(received.length).toBeGreaterThan(0);
    expect(received[0]).toMatchObject({
      name: expect.any(String),
      severity: expect.stringMatching(/warning|critical/),
      source: 'reference-system/push seed 3',
      recommendedAction: expect.any(String),
    });
    expect(received[0]!.dashboardLink).toContain('push-seed3/business-overview.html');
    expect(Object.keys(received[0]!.metricValues)).toContain('selection_entropy');
  });

  it('wrote both business dashboards (HTML and Grafana JSON valid against the schema) from the scenario metrics store', () => {
    const schema = JSON.parse(readFileSync(resolve('harness/dashboard/grafana-dashboard.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(schema);
    for (const view of ['business-overview', 'autopilot-health']) {
      const html = readFileSync(join(dir, `dashboards/push-seed3/${view}.html`), 'utf8');
      const model = JSON.parse(/<script type="application\/json" id="model">(.*?)<\/script>/s.exec(html)![1]!);
      expect(model.panels.length).toBeGreaterThanOrEqual(3);
      const grafana = JSON.parse(readFileSync(join(dir, `dashboards/push-seed3/${view}.grafana.json`), 'utf8'));
      expect(validate(grafana), JSON.stringify(validate.errors)).toBe(true);
    }
    // Autopilot health: prediction error, rollback rate, drift detections (the system's own monitor counts
    // the shift at hour 72 once, after it), novelty KLD, and the alert timeline.
    const health = readFileSync(join(dir, 'dashboards/push-seed3/autopilot-health.html'), 'utf8');
    const model = JSON.parse(/<script type="application\/json" id="model">(.*?)<\/script>/s.exec(health)![1]!);
    expect(model.panels.map((p: { id: string }) => p.id)).toEqual([
      'autopilot_pred_vs_real_error',
      'autopilot_rollback_rate',
      'drift_detections',
      'novelty_temporal_kld',
    ]);
    const detections = model.panels[2].points as Array<{ t: number; value: number }>;
    expect(detections.at(-1)!.value).toBeGreaterThanOrEqual(1);
    expect(detections.find((p) => p.value >= 1)!.t).toBeGreaterThanOrEqual(72 * 3_600_000);
    expect(health).toContain('Alert timeline');
    const overview = readFileSync(join(dir, 'dashboards/push-seed3/business-overview.html'), 'utf8');
    expect(overview).toContain('diversity_loss (&lt; 0.3)'.replace('&lt;', '\\u003c')); // the rule threshold, in the embedded model
    expect(overview).toContain('Alert timeline');
  });
});

describe('observability CLI over the metrics store', () => {
  // The receiver fails first, so deliveries are still being retried (real backoff) when the simulation ends:
  // the system's close() waits for them (bounded) and records the channel's counts before the store is written.
  it('alerts status shows each rule and the webhook channel counts', async () => {
    const r = await runCli(['alerts', 'status', '--store', store, '--json'], dir);
    expect(r.code).toBe(0);
    const status = JSON.parse(r.out);
    expect(status.rules.map((x: { rule: string }) => x.rule).sort()).toEqual([
      'curator_budget_exhausted',
      'diversity_loss',
      'llm_degraded',
      'quality_degradation',
    ]);
    expect(status.rules.find((x: { rule: string }) => x.rule === 'diversity_loss')).toMatchObject({
      metric: 'selection_entropy',
      op: '<',
      threshold: 0.3,
    });
    expect(status.channels[0]).toMatchObject({ channel: 'webhook' });
    // Every alert was resolved before the store was written; the first went through after the two 503s.
    expect(status.channels[0]).toMatchObject({ failed: 0, queued: 0 });
    expect(status.channels[0].delivered).toBeGreaterThan(0);
    expect(status.channels[0].retries).toBeGreaterThanOrEqual(2);
    const text = (await runCli(['alerts', 'status', '--store', store], dir)).out;
    expect(text).toMatch(/diversity_loss \(selection_entropy < 0\.3\)/);
    expect(text).toMatch(/channel webhook: delivered [1-9]\d*, failed 0, retries \d+/);
  });

  it('metrics query filters by type and time; cleanup applies a retention; bad input is exit 2', async () => {
    const all = JSON.parse(
      (await runCli(['metrics', 'query', '--store', store, '--type', 'selection_entropy', '--json'], dir)).out,
    ).records;
    expect(all.length).toBe(6 * 24);
    const day = JSON.parse(
      (
        await runCli(
          ['metrics', 'query', '--store', store, '--type', 'selection_entropy', '--since', '1d', '--json'],
          dir,
        )
      ).out,
    ).records;
    expect(day.length).toBeGreaterThanOrEqual(24);
    expect(day.length).toBeLessThanOrEqual(25);
    const bad = await runCli(['metrics', 'query', '--store', store, '--type', 'nope'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--type: no records of 'nope'/);
    const missing = await runCli(['metrics', 'query', '--store', 'missing.sqlite'], dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/missing\.sqlite: metrics store not found/);
    expect((await runCli(['metrics', 'cleanup', '--store', store, '--retention', 'seven days'], dir)).code).toBe(2);
    const clean = await runCli(['metrics', 'cleanup', '--store', store, '--retention', '2d'], dir);
    expect(clean.code).toBe(0);
    const left = JSON.parse(
      (await runCli(['metrics', 'query', '--store', store, '--type', 'selection_entropy', '--json'], dir)).out,
    ).records;
    expect(left.length).toBeGreaterThanOrEqual(48);
    expect(left.length).toBeLessThanOrEqual(49);
  });

  it('dashboard generate writes both views from a store file', async () => {
    const r = await runCli(['dashboard', 'generate', '--store', store, '--out', 'gen'], dir);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'gen/business-overview.html'))).toBe(true);
    expect(existsSync(join(dir, 'gen/autopilot-health.grafana.json'))).toBe(true);
  });
});
