import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../harness/core/clock.ts';
import { createRng } from '../../harness/core/rng.ts';
import { MetricsStore } from '../metrics-store/index.ts';
import {
  AlertDispatcher,
  AlertEngine,
  alertPayload,
  DEFAULT_ALERT_RULES,
  loadAlertStates,
  loadChannelStats,
  recordDelivery,
  saveAlertStates,
  WebhookChannel,
  type AlertPayload,
} from './index.ts';

type Behaviour = (n: number, req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP receiver on 127.0.0.1 whose n-th request (1-based) gets `behaviour(n)`. */
async function receiver(behaviour: Behaviour) {
  const bodies: AlertPayload[] = [];
  const hung: ServerResponse[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(JSON.parse(body) as AlertPayload);
      behaviour(++n, req, res);
      if (!res.writableEnded) hung.push(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push({
    close: () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      server.close();
    },
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, count: () => n };
}
const servers: Array<{ close(): void }> = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

const answer =
  (status: number): Behaviour =>
  (_n, _req, res) =>
    res.writeHead(status).end();
const rule = DEFAULT_ALERT_RULES.find((r) => r.name === 'llm_degraded')!;
const payload = alertPayload(
  { rule: rule.name, severity: rule.severity, atMs: Date.UTC(2026, 10, 27, 12), value: 900_000 },
  rule,
  {
    source: 'reference-system/test',
    dashboardLink: 'file:///dash/index.html#llm_breaker_open_ms',
    metrics: { selection_entropy: 0.5 },
  },
);

/** Advance the virtual clock (backoff waits) and let real I/O happen until `done()`; bounded. */
async function runUntil(clock: VirtualClock, done: () => boolean) {
  for (let i = 0; i < 500 && !done(); i++) {
    await clock.advance(1_000);
    await new Promise((r) => setTimeout(r, 2));
  }
  expect(done()).toBe(true);
}

function channel(
  url: string,
  clock: VirtualClock,
  extra: { maxAttempts?: number; timeoutMs?: number; name?: string } = {},
) {
  return new WebhookChannel({
    url,
    clock,
    random: createRng(1).float,
    backoffBaseMs: 2_000,
    backoffMaxMs: 30_000,
    ...extra,
  });
}

describe('webhook alert delivery against a real local receiver', () => {
  it('retries a failing receiver with backoff on the virtual clock and delivers the full JSON payload', async () => {
    const rx = await receiver((n, req, res) => answer(n <= 2 ? 500 : 200)(n, req, res));
    const clock = new VirtualClock(0);
    const d = new AlertDispatcher([channel(rx.url, clock)]);
    d.dispatch([payload]);
    await runUntil(clock, () => d.stats()[0]!.delivered === 1);
    expect(d.stats()[0]).toMatchObject({ delivered: 1, failed: 0, retries: 2 });
    expect(rx.bodies).toHaveLength(3);
    expect(rx.bodies[2]).toEqual({
      name: 'llm_degraded',
      severity: 'critical',
      time: '2026-11-27T12:00:00.000Z',
      source: 'reference-system/test',
      description: expect.stringContaining('breaker'),
      metricValues: { selection_entropy: 0.5, llm_breaker_open_ms: 900_000 },
      recommendedAction: expect.any(String),
      dashboardLink: 'file:///dash/index.html#llm_breaker_open_ms',
    });
  });

  it('counts a failure after the last attempt, and does not retry a 4xx', async () => {
    const down = await receiver(answer(503));
    const bad = await receiver(answer(400));
    const clock = new VirtualClock(0);
    const d = new AlertDispatcher([
      channel(down.url, clock, { maxAttempts: 3, name: 'down' }),
      channel(bad.url, clock, { name: 'bad' }),
    ]);
    d.dispatch([payload, payload]);
    await runUntil(clock, () => d.stats().every((s) => s.failed === 2));
    expect(d.stats()).toEqual([
      { channel: 'down', delivered: 0, failed: 2, retries: 4, dropped: 0, queued: 0, lastError: 'HTTP 503' },
      { channel: 'bad', delivered: 0, failed: 2, retries: 0, dropped: 0, queued: 0, lastError: 'HTTP 400' },
    ]);
    expect(down.count()).toBe(6);
    expect(bad.count()).toBe(2);
  });

  it('never blocks the engine: a hung receiver times out while another channel delivers', async () => {
    const hang = await receiver(() => undefined);
    const ok = await receiver(answer(204));
    const clock = new VirtualClock(0);
    const d = new AlertDispatcher(
      [
        channel(hang.url, clock, { maxAttempts: 2, timeoutMs: 150, name: 'hung' }),
        channel(ok.url, clock, { name: 'ok' }),
      ],
      { maxQueue: 2 },
    );
    d.dispatch([payload, payload, payload]); // returns at once; the queue of 2 drops one
    const engine = new AlertEngine(DEFAULT_ALERT_RULES);
    expect(engine.evaluate(0, () => 0.1).map((f) => f.rule)).toEqual(['diversity_loss']); // the engine goes on meanwhile
    await runUntil(clock, () => d.stats()[1]!.delivered === 2);
    expect(d.stats()[0]!.delivered).toBe(0);
    await runUntil(clock, () => d.stats()[0]!.failed === 2);
    expect(d.stats()[0]).toMatchObject({ failed: 2, dropped: 1, lastError: 'timed out after 150 ms' });
    await d.idle();
  });

  it('flush waits for pending deliveries up to a bound and says whether all were resolved', async () => {
    const hang = await receiver(() => undefined);
    const ok = await receiver(answer(200));
    const clock = new VirtualClock(0);
    const d = new AlertDispatcher([
      channel(hang.url, clock, { maxAttempts: 1, timeoutMs: 60_000, name: 'hung' }),
      channel(ok.url, clock, { name: 'ok' }),
    ]);
    d.dispatch([payload, payload]);
    await runUntil(clock, () => d.stats()[1]!.delivered === 2);
    expect(await d.flush(50)).toBe(false); // the hung receiver holds its lane past the bound
    expect(d.stats()).toMatchObject([
      { channel: 'hung', delivered: 0, queued: 2 }, // one in flight, one waiting
      { channel: 'ok', delivered: 2, queued: 0 },
    ]);
    const fine = new AlertDispatcher([channel(ok.url, clock, { name: 'ok' })]);
    fine.dispatch([payload]);
    expect(await fine.flush(30_000)).toBe(true);
    expect(fine.stats()[0]).toMatchObject({ delivered: 1, queued: 0 });
  });
});

describe('alert state in the metrics store', () => {
  it('survives reopening the store file: counts, firing state, cooldown and channel failure counts', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'gauntlet-alerts-')), 'metrics.sqlite');
    const store = new MetricsStore(file);
    const engine = new AlertEngine(DEFAULT_ALERT_RULES);
    engine.evaluate(1_000, (m) => (m === 'selection_entropy' ? 0.1 : undefined));
    const saved = saveAlertStates(store, 1_000, engine.states());
    saveAlertStates(store, 2_000, engine.states(), saved); // unchanged: nothing recorded
    expect(store.count('alert_state')).toBe(DEFAULT_ALERT_RULES.length);
    recordDelivery(
      store,
      1_500,
      { channel: 'hook', delivered: 0, failed: 3, retries: 6, dropped: 0, queued: 0, lastError: 'HTTP 500' },
      'diversity_loss',
      false,
    );
    store.close();

    const reopened = new MetricsStore(file);
    const restored = new AlertEngine(DEFAULT_ALERT_RULES, loadAlertStates(reopened));
    expect(restored.state('diversity_loss')).toEqual({
      state: 'firing',
      fired: 1,
      suppressed: 0,
      lastFiredAtMs: 1_000,
    });
    expect(restored.evaluate(60_000, (m) => (m === 'selection_entropy' ? 0.1 : undefined))).toEqual([]); // still in cooldown
    expect(restored.state('diversity_loss')!.suppressed).toBe(1);
    expect(loadChannelStats(reopened)).toEqual([
      { channel: 'hook', delivered: 0, failed: 3, retries: 6, dropped: 0, queued: 0, lastError: 'HTTP 500' },
    ]);
    reopened.close();
  });
});
