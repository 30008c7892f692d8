/**
 * End-to-end helpers shared by the e2e tests: the whole app (API plus the built web app) on a
 * fresh copy of the seeded demo database, listening on a random port, and headless Chromium from
 * @sparticuz/chromium driven by playwright-core. The web app must be built first
 * (`npm run build:web`); the server serves dist/web.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import chromium from '@sparticuz/chromium';
import type { FastifyInstance } from 'fastify';
import { chromium as pw, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/db.js';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import { systemClock } from '../../src/shared/clock.js';
import { freshDatabase, testServers } from '../db.js';

export { DEMO_PASSWORD };

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

export interface E2eApp {
  app: FastifyInstance;
  db: Db;
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

/** The platform on a fresh database, listening on a free port. */
export async function startApp(): Promise<E2eApp> {
  if (!fs.existsSync(path.join(webDist, 'index.html')) || !fs.existsSync(path.join(webDist, 'assets'))) {
    throw new Error(`The web app is not built (${webDist} is missing). Run \`npm run build:web\` before the e2e tests.`);
  }
  const server = testServers()[0];
  if (!server) throw new Error('no test database server (is the e2e globalSetup configured?)');
  const fresh = await freshDatabase(server);
  const app = await buildApp(
    { db: fresh.db, config: loadConfig({ GASGUARD_LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv), clock: systemClock },
    { logger: false },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app did not report a TCP address');
  return {
    app,
    db: fresh.db,
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await fresh.drop();
    },
  };
}

/**
 * Headless Chromium. The package's arguments are made for AWS Lambda; `--single-process` among
 * them makes closing a browser context take the whole browser down, and the tests open one context
 * per user, so it is left out. The machine has no CJK fonts; DOM assertions do not need them.
 */
export async function launchBrowser(): Promise<Browser> {
  const args = chromium.args.filter((a) => a !== '--single-process');
  return pw.launch({ executablePath: await chromium.executablePath(), args, headless: true });
}

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page; a test should end with none. */
  errors: string[];
}

/** A fresh browser context (own cookies and storage) with one page on the app. */
export async function openPage(browser: Browser, baseURL: string, viewport = DESKTOP, opts: { isMobile?: boolean } = {}): Promise<TestPage> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'zh-CN', ...(opts.isMobile ? { isMobile: true, hasTouch: true } : {}) });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/** Log in through the login page and wait for the shell (or the forced password change). */
export async function loginAs(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  if (!page.url().includes('/login')) await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  try {
    await page.locator('[data-testid="user-menu"], [data-testid="change-password-card"]').first().waitFor();
  } catch (e) {
    // Say what the page showed instead (an error message, a blank page).
    const shown = await page.evaluate(() => document.body.innerText.slice(0, 500)).catch(() => '');
    throw new Error(`login as ${username} did not get in; the page shows: ${JSON.stringify(shown)}`, { cause: e });
  }
}

/** Wait until the element with `testId` shows `text` somewhere inside it; on failure, keep a screenshot. */
export async function waitForText(page: Page, testId: string, text: string): Promise<void> {
  try {
    await page.getByTestId(testId).getByText(text, { exact: false }).first().waitFor();
  } catch (e) {
    const file = path.join(os.tmpdir(), `gasguard-e2e-${testId}-${Date.now()}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    throw new Error(`"${text}" did not appear in [data-testid=${testId}]; screenshot: ${file}`, { cause: e });
  }
}

/** Choose a region in the header's cascader by the names along its path, e.g. 全国 → … → 大足区. */
export async function pickRegion(page: Page, names: string[]): Promise<void> {
  await page.getByTestId('region-picker').locator('.ant-select').click();
  for (const name of names) await page.locator(`.ant-cascader-menu-item[title="${name}"]`).click();
  await page.keyboard.press('Escape');
}

/** Choose an option of an antd Select found by its data-testid, and wait until the Select shows it. */
export async function selectOption(page: Page, testId: string, optionTitle: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${optionTitle}"]`).click();
  await page.getByTestId(testId).getByText(optionTitle, { exact: true }).first().waitFor();
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
}
