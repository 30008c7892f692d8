/**
 * The foundation as a person uses it, in Chromium: log in, the workbench, the language switch, each
 * admin page with real demo data, creating an account (then its forced password change, authenticator
 * set-up and a login with a code), an API token, the audit trail with its hash chain, and a grid
 * worker on a phone.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/accounts/totp.js';
import { launchBrowser, loginAs, openPage, PHONE, pickRegion, selectOption, startApp, waitForText, type E2eApp } from './browser.js';

describe('web app: foundation', () => {
  let env: E2eApp | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [env, browser] = await Promise.all([startApp(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('the platform admin works through every admin page', async () => {
    const { page, context, errors } = await openPage(browser!, env!.url);

    // An anonymous visit lands on the login page, and after login on the page it asked for.
    await page.goto('/regions');
    await page.getByTestId('login-card').waitFor();
    await loginAs(page, 'admin');
    await page.getByTestId('regions-page').waitFor();

    await page.getByTestId('menu-home').click();
    await waitForText(page, 'home-page', '平台管理员');
    await waitForText(page, 'home-modules', '区域管理');

    // English and back; the choice is stored on the account too.
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('menu-regions').getByText('Regions').waitFor();
    await waitForText(page, 'home-page', 'Hello');
    await expect.poll(() => page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()).then((m: { locale: string }) => m.locale))).toBe('en');
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('menu-regions').getByText('区域管理').waitFor();
    await expect.poll(() => page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()).then((m: { locale: string }) => m.locale))).toBe('zh-CN');

    // 区域管理: the tree opens from the root; the detail shows the selected region.
    await page.getByTestId('menu-regions').click();
    await waitForText(page, 'region-tree', '重庆市');
    await waitForText(page, 'region-detail', '000000');

    // Work on 大足区 from here on.
    await pickRegion(page, ['全国', '重庆市', '重庆市市辖区', '大足区']);
    await expect.poll(() => page.getByTestId('region-picker').textContent()).toContain('大足区');

    // 部门管理: the district's departments, the gas authority marked.
    await page.getByTestId('menu-departments').click();
    await waitForText(page, 'departments-table', '区经济信息委');
    await waitForText(page, 'departments-table', '燃气主管部门');

    // 职责矩阵: the Dazu preset with Chinese labels, and a routing trial.
    await page.getByTestId('menu-matrix').click();
    await waitForText(page, 'matrix-table', '区经济信息委');
    await waitForText(page, 'matrix-table', '问题瓶');
    await waitForText(page, 'matrix-status', '大足区');
    await selectOption(page, 'trial-category', '问题瓶');
    await selectOption(page, 'trial-task', '餐饮等用气场所');
    await page.getByTestId('trial-run').click();
    await waitForText(page, 'trial-result', '区市场监管局');

    // 账号管理: the district's accounts; a new task-force account gets a one-time password.
    await page.getByTestId('menu-accounts').click();
    await waitForText(page, 'accounts-table', 'wangge');
    await page.getByTestId('account-create').click();
    await page.getByTestId('account-username').fill('e2e_zhuanban');
    await page.getByTestId('account-display-name').fill('专班 测试');
    await selectOption(page, 'account-role', '工作专班');
    await waitForText(page, 'account-region', '大足区');
    await page.getByTestId('account-save').click();
    const secret = page.getByTestId('initial-password');
    await secret.waitFor();
    const initialPassword = (await secret.innerText()).trim();
    expect(initialPassword).toMatch(/^\S{10,}$/);
    await page.getByTestId('secret-close').click();
    await waitForText(page, 'accounts-table', 'e2e_zhuanban');

    // API 令牌: the secret is shown once.
    await page.getByTestId('menu-tokens').click();
    await page.getByTestId('tokens-page').waitFor();
    await page.getByTestId('token-create').click();
    await page.getByTestId('token-name').fill('大足 设备网关');
    await page.getByTestId('token-save').click();
    const token = page.getByTestId('token-secret');
    await token.waitFor();
    expect((await token.innerText()).trim()).toMatch(/^gg_\S{20,}$/);
    await page.getByTestId('secret-close').click();
    await waitForText(page, 'tokens-table', '大足 设备网关');

    // 审计日志: the login is there; the new account's entry shows its data; the chain is intact.
    await page.getByTestId('menu-audit').click();
    await waitForText(page, 'audit-table', 'auth.login');
    await page.getByTestId('audit-filter-action').locator('input').fill('account.create');
    await page.keyboard.press('Escape');
    await page.getByTestId('audit-search-submit').click();
    await expect.poll(() => page.getByTestId('audit-table').textContent()).not.toContain('auth.login');
    await waitForText(page, 'audit-table', '新建账号');
    await page.locator('[data-testid^="audit-detail-"]').first().click();
    await waitForText(page, 'audit-diff', 'e2e_zhuanban');
    await page.keyboard.press('Escape');
    await page.getByTestId('audit-verify').click();
    await waitForText(page, 'audit-verify-result', '哈希链完整');

    expect(errors).toEqual([]);
    await context.close();

    // The new account replaces its initial password, then (a task force) sets up its authenticator.
    const fresh = await openPage(browser!, env!.url);
    const p2 = fresh.page;
    await loginAs(p2, 'e2e_zhuanban', initialPassword);
    await p2.getByTestId('password-forced').waitFor();
    await p2.getByTestId('password-current').fill(initialPassword);
    await p2.getByTestId('password-new').fill('Zhuanban#2026x');
    await p2.getByTestId('password-confirm').fill('Zhuanban#2026x');
    await p2.getByTestId('password-submit').click();
    await p2.getByTestId('totp-start').click();
    const totpSecret = (await p2.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    await p2.getByTestId('totp-code').fill(totpCode(totpSecret, new Date()));
    await p2.getByTestId('totp-confirm').click();
    await waitForText(p2, 'home-page', '专班 测试');
    await waitForText(p2, 'home-account', '已启用');

    // From now on the login asks for the authenticator's code.
    await p2.getByTestId('user-menu').click();
    await p2.getByTestId('user-logout').click();
    await p2.getByTestId('login-username').fill('e2e_zhuanban');
    await p2.getByTestId('login-password').fill('Zhuanban#2026x');
    await p2.getByTestId('login-submit').click();
    await p2.getByTestId('login-otp').fill(totpCode(totpSecret, new Date()));
    await p2.getByTestId('login-submit').click();
    await waitForText(p2, 'home-page', '专班 测试');
    expect(fresh.errors).toEqual([]);
    await fresh.context.close();
  });

  it('a grid worker uses it on a phone', async () => {
    const { page, context, errors } = await openPage(browser!, env!.url, PHONE, { isMobile: true });
    await page.goto('/');
    // A wrong password is answered on the login card, in the user's language.
    await page.getByTestId('login-username').fill('wangge');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await waitForText(page, 'login-error', '用户名或密码错误');
    await loginAs(page, 'wangge');
    await waitForText(page, 'home-page', '第一网格');
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // The menu is a drawer behind the menu button.
    await expect(page.getByTestId('main-menu').isVisible()).resolves.toBe(false);
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('menu-matrix').click();
    await waitForText(page, 'matrix-status', '大足区');
    await waitForText(page, 'matrix-table', '区经济信息委');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    expect(errors).toEqual([]);
    await context.close();
  });
});
