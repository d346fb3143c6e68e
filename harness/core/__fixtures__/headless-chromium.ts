import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { chromium } from './optional-programs.ts';

/** Debian's chromium headless, offline and quiet (no sandbox: CI containers run as root). */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HeadlessChromium {
  /** Set before the first test runs. */
  browser: Browser;
  /** Where pages and screenshots go: GAUNTLET_SCREENSHOT_DIR, or a new temporary directory. */
  dir: string;
  /** Save a screenshot of the viewport as `dir/<name>.png`. */
  screenshot(page: Page, name: string): Promise<void>;
}

/**
 * For a `describe.skipIf(!has(chromium))` block of browser tests: launches headless Chromium before
 * its tests and closes it after them (the one place the launch and screenshot setup live).
 */
export function headlessChromium(prefix: string): HeadlessChromium {
  const ctx = {
    dir: '',
    screenshot: async (page: Page, name: string) => void (await page.screenshot({ path: join(ctx.dir, `${name}.png`) })),
  } as HeadlessChromium;
  beforeAll(async () => {
    ctx.dir = process.env.GAUNTLET_SCREENSHOT_DIR ?? (await mkdtemp(join(tmpdir(), prefix)));
    ctx.browser = await playwright.launch({ executablePath: chromium.path, args: ARGS });
  }, 30_000);
  afterAll(async () => ctx.browser?.close());
  return ctx;
}
