/**
 * A gas leak from detector to closed alarm, in Chromium (R7.2–R7.4): the 龙岗街道 officer watches
 * the live board (desktop) and the task force watches it on a phone; a device gateway (its API
 * token made through the API by the task force) posts a methane reading of 60 %LEL for the
 * restaurant's detector; the alarm appears on both boards without a reload; the officer opens it,
 * acknowledges, dispatches to himself, marks arrival, is told by the server that on-site handling
 * needs a photo, records a real leak with a photo (a hazard is created) and closes it; the timeline
 * shows every step with its actor, the alarm is closed on the server, and it leaves the phone's
 * board by itself.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes } from '../fixtures.js';
import { DEMO_PASSWORD, launchBrowser, loginAs, openPage, PHONE, selectOption, startApp, waitForText, type E2eApp } from './browser.js';

/** A logged-in API session over HTTP (cookies and the CSRF header), for setting the scene and checking. */
async function apiSession(baseUrl: string, username: string) {
  const cookies = new Map<string, string>();
  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { accept: 'application/json', cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    const csrf = cookies.get('gg_csrf');
    if (csrf) headers['x-csrf-token'] = decodeURIComponent(csrf);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const c of res.headers.getSetCookie()) {
      const [kv = ''] = c.split(';');
      const i = kv.indexOf('=');
      cookies.set(kv.slice(0, i), kv.slice(i + 1));
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as any;
  };
  const me = await call('POST', '/api/v1/auth/login', { username, password: DEMO_PASSWORD });
  return { me, get: (path: string) => call('GET', path), post: (path: string, body: unknown) => call('POST', path, body) };
}

const LEAK_DEVICE = 'DZ-LJHG-CH4-01';
const alarmState = (page: Page, state: string) => page.locator(`[data-testid="alarm-state"][data-state="${state}"]`).waitFor();

describe('web app: live alarm board and alarm handling', () => {
  let env: E2eApp | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [env, browser] = await Promise.all([startApp(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('a leak reading appears on the boards live and is handled to the end', async () => {
    const url = env!.url;

    // The task force makes a device-gateway token for its district (as an integrator would).
    const zhuanban = await apiSession(url, 'zhuanban');
    const created = await zhuanban.post('/api/v1/api-tokens', { name: 'e2e 网关', kind: 'device_gateway', regionId: zhuanban.me.region.id });
    const token = created.token as string;
    expect(token).toMatch(/^gg_/);

    // The town officer on a desktop and the task force on a phone open the live board.
    const desk = await openPage(browser!, url);
    const page = desk.page;
    await loginAs(page, 'longgang');
    await page.getByTestId('menu-alarms').click();
    await page.locator('[data-testid="alarm-stream-status"][data-state="live"]').waitFor();

    const mobile = await openPage(browser!, url, PHONE, { isMobile: true });
    const phone = mobile.page;
    await loginAs(phone, 'zhuanban');
    await phone.goto('/alarms');
    await phone.locator('[data-testid="alarm-stream-status"][data-state="live"]').waitFor();
    for (const p of [page, phone]) {
      await expect(p.locator(`.mon-alarm[data-device="${LEAK_DEVICE}"]`).count()).resolves.toBe(0);
      // A mark that a reload would wipe out.
      await p.evaluate(() => Object.assign(window, { __sameDocument: true }));
    }

    // The detector reports 60 %LEL through the gateway.
    const sent = Date.now();
    const res = await fetch(`${url}/api/v1/telemetry`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ device: LEAK_DEVICE, ts: sent, seq: 1, ch4: 60, battery: 95 }]),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 1, rejected: 0 });

    // Both boards show it within seconds, highlighted as new, without a reload.
    const card = page.locator(`.mon-alarm[data-device="${LEAK_DEVICE}"]`);
    await card.waitFor({ timeout: 5000 });
    const phoneCard = phone.locator(`.mon-alarm[data-device="${LEAK_DEVICE}"]`);
    await phoneCard.waitFor({ timeout: 5000 });
    expect(Date.now() - sent).toBeLessThan(5000);
    for (const p of [page, phone]) expect(await p.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await expect(card.getAttribute('class')).resolves.toContain('mon-alarm-fresh');
    await waitForText(page, 'alarm-new-banner', '老街火锅');
    await expect(card.innerText()).resolves.toMatch(/紧急[\s\S]*可燃气体浓度超限 60 %LEL[\s\S]*老街火锅/);
    await waitForText(page, 'alarm-count-critical', '1');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // The officer opens it: device, subject and the system's steps so far.
    await card.click();
    await page.getByTestId('alarm-detail').waitFor();
    const alarmId = page.url().split('/alarms/')[1]!;
    await waitForText(page, 'alarm-info', LEAK_DEVICE);
    await waitForText(page, 'alarm-info', '老街火锅');
    await waitForText(page, 'alarm-info', '60 %LEL');
    await page.getByTestId('timeline-raise').waitFor();

    // 确认
    await page.getByTestId('alarm-action-acknowledge').click();
    await alarmState(page, 'acknowledged');
    // The phone's board follows.
    await phoneCard.locator('[data-testid="alarm-card-state"]').getByText('已确认').waitFor();

    // 派单 to himself (he will go on site).
    await page.getByTestId('alarm-action-dispatch').click();
    await selectOption(page, 'dispatch-responder', '龙岗街道 赵主任（镇街人员）');
    await page.getByTestId('dispatch-submit').click();
    await alarmState(page, 'dispatched');

    // 到场
    await page.getByTestId('alarm-action-arrive').click();
    await page.getByTestId('arrive-confirm').click();
    await alarmState(page, 'on_site');

    // 处置: without a photo the server refuses, and says so on the photos field.
    await page.getByTestId('alarm-action-handle').click();
    await page.locator('label:has([data-testid="handle-result-real_leak"])').click();
    await page.getByTestId('handle-note').fill('灶前软管接口松动漏气，已关阀并更换接口');
    await page.getByTestId('handle-submit').click();
    await page.locator('.ant-modal').getByText('现场处置须上传现场照片').waitFor();
    await page.getByTestId('handle-photo-input').setInputFiles({ name: 'leak.png', mimeType: 'image/png', buffer: pngBytes(40, 30) });
    await page.locator('[data-testid="handle-photo"][data-uploaded="yes"]').waitFor();
    await page.getByTestId('handle-submit').click();
    await alarmState(page, 'handled');
    await waitForText(page, 'alarm-result', '真实泄漏');
    // A real leak is on the hazard ledger.
    await expect(page.getByTestId('alarm-hazard-link').getAttribute('href')).resolves.toMatch(/^\/hazards\/[0-9a-f-]{36}$/);
    await page.getByTestId('alarm-photos').locator('img').first().waitFor();

    // 关闭
    await page.getByTestId('alarm-action-close').click();
    await page.getByTestId('close-confirm').click();
    await alarmState(page, 'closed');
    await page.getByTestId('alarm-actions-none').waitFor();

    // Every step on the timeline, with its actor.
    for (const step of ['raise', 'notify']) await waitForText(page, `timeline-${step}`, '系统');
    for (const step of ['acknowledge', 'dispatch', 'arrive', 'handle', 'close']) await waitForText(page, `timeline-${step}`, 'longgang');
    await waitForText(page, 'timeline-dispatch', '派给 龙岗街道 赵主任');
    await waitForText(page, 'timeline-handle', '真实泄漏');
    await waitForText(page, 'alarm-response-times', '秒');

    // The server agrees; the phone's board dropped the closed alarm by itself.
    const stored = await zhuanban.get(`/api/v1/alarms/${alarmId}`);
    expect(stored.state).toBe('closed');
    expect(stored.result).toBe('real_leak');
    expect(stored.hazardId).toMatch(/^[0-9a-f-]{36}$/);
    expect(stored.photos).toHaveLength(1);
    expect(stored.events.map((e: { action: string }) => e.action)).toEqual(['raise', 'notify', 'acknowledge', 'dispatch', 'arrive', 'handle', 'close']);
    expect(stored.events.slice(2).map((e: { actorLabel: string }) => e.actorLabel)).toEqual(Array(5).fill('longgang'));
    await phoneCard.waitFor({ state: 'detached', timeout: 5000 });
    expect(await phone.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    expect(desk.errors).toEqual([]);
    expect(mobile.errors).toEqual([]);
    await desk.context.close();
    await mobile.context.close();
  });
});
