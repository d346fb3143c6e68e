import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { headlessChromium } from '../core/__fixtures__/headless-chromium.ts';
import { fixtureRunReport, HOSTILE_NAME } from './__fixtures__/run-reports.ts';
import { writeMochawesome } from './mochawesome-reporter.ts';
import { renderJunitXml } from './junit-xml.ts';
import { chromium, has } from '../core/__fixtures__/optional-programs.ts';

/** The HTML report in Debian's headless Chromium: the failing check is on the page, markup from names is text, charts load. */
describe.skipIf(!has(chromium))('HTML report in headless Chromium', () => {
  const chrome = headlessChromium('gauntlet-html-');

  it('shows the failing check, renders hostile names as text, and shows the SVG charts', async () => {
    const report = fixtureRunReport();
    const { html } = await writeMochawesome(report, chrome.dir);
    const page = await chrome.browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(html).href);
    await page.getByText('returning user, diverse', { exact: true }).first().waitFor({ timeout: 15_000 });

    // The failing check is on the page, marked failed, and its reason is readable once expanded.
    const failing = page.locator('[class*="test--component"][class*="failed"]', { hasText: 'returning user, diverse' });
    await expect.poll(() => failing.count()).toBeGreaterThan(0);
    await failing.first().locator('h4, [class*="title"]').first().click();
    await page.getByText('left top 3: item-17', { exact: false }).first().waitFor({ timeout: 5_000 });
    await chrome.screenshot(page, 'gauntlet-report');

    // The hostile case name is text on the page, never an element.
    await expect.poll(() => page.getByText(HOSTILE_NAME, { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.locator('img[src="x"]').count()).toBe(0);

    // Charts: the bench suite's first test holds its trend chart as an image that loads.
    const bench = page.locator('[class*="test--component"]', { hasText: 'plan 100 candidates' }).first();
    await bench.locator('h4, [class*="title"]').first().click();
    const chart = page.locator('img[src^="data:image/svg+xml;base64,"]').first();
    await chart.waitFor({ timeout: 5_000 });
    expect(await chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(240);
    await chrome.screenshot(page, 'gauntlet-report-chart');

    expect(dialogs).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
    await page.close();
  }, 45_000);

  it('the JUnit XML is well-formed for a real XML parser, hostile names and control characters included', async () => {
    const report = fixtureRunReport();
    report.suites[0]!.checks[1]!.reasons.push('bell \u0007 and ]]> and a lone surrogate \uD800 end');
    const xml = renderJunitXml(report);
    const page = await chrome.browser.newPage();
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const error = doc.querySelector('parsererror');
      return {
        error: error?.textContent ?? null,
        cases: doc.querySelectorAll('testcase').length,
        failures: doc.querySelectorAll('testcase > failure').length,
        names: Array.from(doc.querySelectorAll('testcase'), (t) => t.getAttribute('name')),
      };
    }, xml);
    await page.close();
    expect(parsed.error).toBeNull();
    expect(parsed.cases).toBe(16);
    expect(parsed.failures).toBe(2);
    expect(parsed.names).toContain(HOSTILE_NAME);
  });
});
