import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { headlessChromium } from '../core/__fixtures__/headless-chromium.ts';
import { chromium, has } from '../core/__fixtures__/optional-programs.ts';
import { createRng } from '../core/rng.ts';
import { HistoryStore } from '../history/history-store.ts';
import { renderDashboardHtml } from './dashboard-html.ts';
import { historyDashboard } from './history-dashboard.ts';

/** A history with a planted +12% shift on day 40 of 60 and a `limit` threshold, as a dashboard page. */
function dashboardPage(): string {
  const store = new HistoryStore(':memory:');
  const rng = createRng(5);
  const machine = { fingerprint: 'm1', cpu: 'cpu', cores: 2, platform: 'linux', arch: 'x64', node: 'v20' };
  store.append(
    Array.from({ length: 60 }, (_, i) => ({
      schemaVersion: 1 as const,
      runId: `run-${i}`,
      date: new Date(Date.UTC(2026, 8, 1) + i * 86_400_000).toISOString(),
      commit: `c${String(i).padStart(3, '0')}aaaaaaaaaaaa`,
      branch: 'main',
      machine,
      verdict: 'pass' as const,
      metrics: [
        {
          kind: 'bench',
          suite: 'planner',
          check: 'select <b>10,000</b>',
          metric: 'median_ms',
          value: (i >= 40 ? 112 : 100) * (1 + 0.01 * rng.normal()),
        },
        { kind: 'bench', suite: 'planner', check: 'select <b>10,000</b>', metric: 'limit', value: 130 },
      ],
    })),
  );
  const html = renderDashboardHtml(historyDashboard(store, { now: new Date(Date.UTC(2026, 10, 1)) }));
  store.close();
  return html;
}

/** The history dashboard in Debian's headless Chromium: panels draw, thresholds and change points show, drill-down and time range work. */
describe.skipIf(!has(chromium))('history dashboard in headless Chromium', () => {
  const chrome = headlessChromium('gauntlet-dashboard-');

  it('draws each panel with its threshold and change point, drills down to a run, and narrows the time range', async () => {
    const file = join(chrome.dir, 'dashboard.html');
    writeFileSync(file, dashboardPage());
    const page = await chrome.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    const panel = page.locator('.panel').first();
    await panel.locator('svg circle.pt').first().waitFor({ timeout: 10_000 });

    expect(await page.locator('.panel').count()).toBe(1); // `limit` is a threshold line, not a panel
    expect(await panel.locator('h2').textContent()).toBe('bench:planner / select <b>10,000</b> / median_ms'); // markup in names is text
    expect(await panel.locator('svg b').count()).toBe(0);
    expect(await panel.locator('line.threshold').count()).toBe(1);
    expect(await panel.locator('line.change-point').count()).toBe(1);
    expect(await panel.locator('svg circle.pt').count()).toBe(60);
    // The change point's label and the threshold's label (both near the top here) do not overlap.
    const a = (await panel.locator('text.change-label').boundingBox())!;
    const b = (await panel.locator('text.threshold-label').boundingBox())!;
    const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
    expect(apart, JSON.stringify({ a, b })).toBe(true);
    await chrome.screenshot(page, 'gauntlet-dashboard');

    // Drill-down: the last point names its run and commit and highlights the run's row.
    await panel.locator('svg circle.pt').last().click();
    expect(await panel.locator('.drill').textContent()).toContain('commit c059aaaaaaaa');
    expect(await page.locator('tr.hit').getAttribute('id')).toBe('run-run-59');

    // Time range: the last 7 days keep 7 or 8 of the 60 daily points.
    await page.getByRole('button', { name: 'last 7 days' }).click();
    const shown = await panel.locator('svg circle.pt').count();
    expect(shown).toBeGreaterThanOrEqual(7);
    expect(shown).toBeLessThanOrEqual(8);
    await chrome.screenshot(page, 'gauntlet-dashboard-7d');

    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
    await page.close();
  }, 45_000);
});
