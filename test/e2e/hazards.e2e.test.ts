/**
 * The hazard's closed loop as the people involved do it, in Chromium (R4.1–R4.4, R4.7): a grid
 * worker's inspection of 老街火锅 finds a rubber hose (through the API, as the form would send it);
 * the 龙岗街道 officer finds the hazard on the ledger, assigns it with a deadline and a responsible
 * person and issues a 整改通知书 (PDF); the restaurant owner, on a phone, starts rectification and
 * asks for review with a photo; the market-supervision officer (lead department) rejects it with a
 * reason; the owner asks again with another photo; the town officer closes it and downloads the
 * subject's 责任倒查 dossier; every step is on the hazard's timeline and in its audit entries with
 * the actors.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes } from '../fixtures.js';
import { DEMO_PASSWORD, launchBrowser, loginAs, openPage, PHONE, startApp, waitForText, type E2eApp } from './browser.js';

interface FormItem {
  id: string;
  code: string;
  measured?: { failWhen: string; limit: number; upper?: number } | null;
}

/** A logged-in API session over HTTP (cookies and the CSRF header), for setting the scene. */
async function apiSession(baseUrl: string, username: string) {
  const cookies = new Map<string, string>();
  const call = async (method: string, path: string, body?: unknown, form?: FormData) => {
    const headers: Record<string, string> = { accept: 'application/json', cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    const csrf = cookies.get('gg_csrf');
    if (csrf) headers['x-csrf-token'] = decodeURIComponent(csrf);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, { method, headers, body: form ?? (body === undefined ? undefined : JSON.stringify(body)) });
    for (const c of res.headers.getSetCookie()) {
      const [kv = ''] = c.split(';');
      const i = kv.indexOf('=');
      cookies.set(kv.slice(0, i), kv.slice(i + 1));
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as any;
  };
  await call('POST', '/api/v1/auth/login', { username, password: DEMO_PASSWORD });
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
    upload: async (purpose: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(pngBytes())], { type: 'image/png' }), 'sig.png');
      return (await call('POST', `/api/v1/files?purpose=${purpose}`, undefined, form)).id as string;
    },
  };
}

/** Answers that pass every item (measured ones with a value inside the rule), except `failing`. */
function answers(items: FormItem[], failing: string) {
  return items.map((i) => {
    if (i.code === failing) return { itemId: i.id, result: 'fail', note: '后厨灶具使用橡胶软管连接' };
    const m = i.measured;
    if (!m) return { itemId: i.id, result: 'pass' };
    const value = m.failWhen === 'outside' ? (m.limit + (m.upper ?? m.limit)) / 2 : m.failWhen === '>' || m.failWhen === '>=' ? Math.min(m.limit, 0) : m.limit + 1;
    return { itemId: i.id, value };
  });
}

/** A date `days` after today in China, as YYYY-MM-DD. */
const chinaDay = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

async function waitForState(page: Page, state: string) {
  await page.locator(`[data-testid="hazard-code"] ~ * [data-testid="hazard-state-tag"][data-state="${state}"]`).first().waitFor();
}

/** Click `testId` and return the bytes of the file it downloads. */
async function downloaded(page: Page, testId: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).first().click()]);
  const file = await download.path();
  return fs.readFile(file);
}

/** Open the bell and the newest notification whose title has `text` (it links to the hazard). */
async function openNotification(page: Page, text: string) {
  await page.getByTestId('notification-bell').click();
  await page.getByTestId('notification-item').filter({ hasText: text }).first().click();
  await page.getByTestId('notification-panel').waitFor({ state: 'hidden' });
}

async function act(page: Page, action: string) {
  await page.getByTestId(`hazard-action-${action}`).click();
  await page.getByTestId('hazard-action-form').waitFor();
}

async function submitAction(page: Page) {
  await page.getByTestId('hazard-action-submit').click();
  await page.getByTestId('hazard-action-form').waitFor({ state: 'hidden' });
}

describe('web app: hazard ledger and closed loop', () => {
  let env: E2eApp | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [env, browser] = await Promise.all([startApp(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('an inspection finding is assigned, rectified from a phone, rejected, resubmitted and closed, with notice, dossier and audit trail', async () => {
    const base = env!.url;
    const t0 = Date.now();
    const mark = (what: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${what}`);

    // The starting point: wangge inspects 老街火锅 and the rubber hose fails (问题软管: 区市场监管局 leads).
    const grid = await apiSession(base, 'wangge');
    const venue = (await grid.get(`/api/v1/registry/venue?q=${encodeURIComponent('老街火锅')}`)).items[0].id as string;
    const form = await grid.get(`/api/v1/checklists/for-subject?subjectType=venue&subjectId=${venue}`);
    const submitted = await grid.post('/api/v1/inspections', {
      clientUuid: randomUUID(),
      subjectType: 'venue',
      subjectId: venue,
      lat: 29.70512,
      lng: 105.72136,
      inspectorSignatures: [await grid.upload('signature')],
      representativeName: '李老板',
      representativeSignature: await grid.upload('signature'),
      answers: answers(form.items as FormItem[], 'RST-RUBBER-HOSE'),
    });
    expect(submitted.hazards).toHaveLength(1);
    const { code } = submitted.hazards[0] as { id: string; code: string };

    mark('龙岗街道 finds it');
    // 龙岗街道 finds it on the ledger (keyword search) and opens it.
    const town = await openPage(browser!, base);
    const tp = town.page;
    town.context.setDefaultTimeout(20_000);
    await loginAs(tp, 'longgang');
    await tp.getByTestId('menu-hazards').click();
    await tp.getByTestId('hazards-page').waitFor();
    await tp.getByTestId('hazards-q').fill(code);
    await tp.getByTestId('hazards-search-submit').click();
    await expect.poll(() => tp.url()).toContain(`q=${code}`);
    await waitForText(tp, 'hazards-table', '老街火锅');
    await waitForText(tp, 'hazards-table', '待交办');
    await tp.getByTestId(`hazard-link-${code}`).click();
    await tp.getByTestId('hazard-detail-page').waitFor();
    await waitForText(tp, 'hazard-basics', '检查发现');
    await waitForText(tp, 'hazard-basics', '区市场监管局');

    mark('交办: deadline');
    // 交办: deadline and responsible person.
    const deadline = chinaDay(14);
    await act(tp, 'assign');
    const deadlineInput = tp.locator('[data-testid="hazard-action-form"] .ant-picker input');
    await deadlineInput.click();
    await deadlineInput.fill(deadline);
    await deadlineInput.press('Enter');
    await tp.getByTestId('action-responsible').fill('李老板');
    await submitAction(tp);
    await waitForState(tp, 'assigned');
    await waitForText(tp, 'hazard-rectification', deadline);
    await waitForText(tp, 'hazard-rectification', '李老板');

    mark('整改通知书 while');
    // 整改通知书 while the hazard is open (the server lists only open hazards), in the town's name.
    await tp.getByTestId('notice-issue').click();
    await tp.getByTestId('notice-form').waitFor();
    await tp.getByTestId('notice-officer-name-0').fill('赵明');
    await tp.getByTestId('notice-officer-cert-0').fill('渝执0010001');
    await tp.getByTestId('notice-officer-name-1').fill('钱亮');
    await tp.getByTestId('notice-officer-cert-1').fill('渝执0010002');
    await tp.getByTestId('notice-submit').click();
    await waitForText(tp, 'hazard-notices', '〔');
    const notice = await downloaded(tp, 'notice-pdf');
    expect(notice.subarray(0, 4).toString('latin1')).toBe('%PDF');

    mark('The owner, on a p');
    // The owner, on a phone: start, then ask for review with a photo.
    const owner = await openPage(browser!, base, PHONE, { isMobile: true });
    const op = owner.page;
    owner.context.setDefaultTimeout(20_000);
    await loginAs(op, 'canting');
    await op.getByTestId('menu-toggle').click();
    await op.getByTestId('menu-hazards').click();
    await op.getByTestId(`hazard-card-${code}`).click();
    await op.getByTestId('hazard-detail-page').waitFor();
    await act(op, 'start');
    await submitAction(op);
    await waitForState(op, 'rectifying');
    const askForReview = async (rgb: [number, number, number], note: string) => {
      await act(op, 'request_review');
      await op.getByTestId('action-photos').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: pngBytes(8, 8, rgb) });
      await op.locator('[data-testid="action-photos-thumbs"] [data-testid="evidence-thumb"]').first().waitFor();
      await op.getByTestId('action-comment').fill(note);
      await submitAction(op);
      await waitForState(op, 'awaiting_review');
    };
    await askForReview([30, 160, 60], '已更换为燃气专用金属软管');

    mark('区市场监管局 (the lead');
    // 区市场监管局 (the lead department) rejects it with a reason.
    const dept = await openPage(browser!, base);
    const dp = dept.page;
    dept.context.setDefaultTimeout(20_000);
    await loginAs(dp, 'shichang');
    await dp.getByTestId('menu-hazards').click();
    await dp.getByTestId(`hazard-link-${code}`).click();
    await dp.getByTestId('hazard-detail-page').waitFor();
    await waitForState(dp, 'awaiting_review');
    await act(dp, 'reject');
    await dp.getByTestId('action-reason').fill('软管接口未使用卡箍固定');
    await submitAction(dp);
    await waitForState(dp, 'rectifying');

    mark('The owner sees th');
    // The owner hears of it through the bell, sees the reason and asks again with another photo.
    await openNotification(op, '复核未通过');
    await waitForState(op, 'rectifying');
    await waitForText(op, 'hazard-timeline', '软管接口未使用卡箍固定');
    await askForReview([40, 90, 200], '已加装卡箍');

    mark('The town closes i');
    // The town closes it and downloads the subject's dossier.
    await openNotification(tp, '待复核');
    await waitForState(tp, 'awaiting_review');
    await act(tp, 'close');
    await submitAction(tp);
    await waitForState(tp, 'closed');
    const pdf = await downloaded(tp, 'dossier-pdf');
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const xlsx = await downloaded(tp, 'dossier-xlsx');
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');

    mark('The timeline has ');
    // The timeline has every step with who did it, and both rounds of photos.
    const steps = await tp.getByTestId('hazard-event').evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-action')}:${e.querySelector('[data-testid="hazard-event-actor"]')?.textContent ?? ''}`),
    );
    expect(steps.filter((s) => !s.startsWith('notice_issued'))).toEqual([
      'create:wangge',
      'assign:longgang',
      'start:canting',
      'request_review:canting',
      'reject:shichang',
      'request_review:canting',
      'close:longgang',
    ]);
    expect(steps).toContain('notice_issued:longgang');
    expect(await tp.locator('[data-testid="hazard-event-photos"] img').count()).toBe(2);

    mark('The audit entries');
    // The audit entries of the hazard, as the task force (who reads the audit log) sees them.
    const tf = await openPage(browser!, base);
    tf.context.setDefaultTimeout(20_000);
    await loginAs(tf.page, 'zhuanban');
    await tf.page.getByTestId('menu-hazards').click();
    await tf.page.getByTestId(`hazard-link-${code}`).click();
    await waitForText(tf.page, 'hazard-audit', '登记隐患');
    await expect
      .poll(() => tf.page.locator('[data-testid="hazard-audit"] [data-testid="audit-action"]').count())
      .toBe(7);
    const audit = await tf.page.locator('[data-testid="hazard-audit"] tbody tr.ant-table-row').evaluateAll((rows) =>
      rows.map((r) => `${r.querySelector('[data-testid="audit-action"]')?.getAttribute('data-action')}:${r.querySelector('[data-testid="audit-actor"]')?.textContent}`),
    );
    expect(audit).toEqual([
      'hazard.create:wangge',
      'hazard.assign:longgang',
      'hazard.start:canting',
      'hazard.request_review:canting',
      'hazard.reject:shichang',
      'hazard.request_review:canting',
      'hazard.close:longgang',
    ]);
    await waitForText(tf.page, 'hazard-audit', '复核销号');

    for (const p of [town, owner, dept, tf]) expect(p.errors).toEqual([]);
    await Promise.all([town, owner, dept, tf].map((p) => p.context.close()));
  });
});
