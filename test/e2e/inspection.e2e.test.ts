/**
 * A grid worker inspects a restaurant on a phone with a poor connection (R3.7, offline drafts):
 * starts the form for 老街火锅, answers every item (a 2.5 m hose fails, the rest pass through the
 * measured values and 其余合格), photographs the failure, signs twice, loses the connection,
 * reloads the page and finds the draft as it was, submits offline (the form waits in the outbox),
 * and sees it submitted when the connection returns; the failure is on the hazard ledger with
 * its photo, and only one record exists although the form was sent from the outbox.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes } from '../fixtures.js';
import { launchBrowser, loginAs, openPage, PHONE, startApp, waitForText, type E2eApp } from './browser.js';

interface Measured {
  failWhen: '>' | '>=' | '<' | '<=' | 'outside';
  limit: number;
  upper?: number;
}

/** A value inside the rule (the item passes). */
function passingValue(m: Measured): number {
  if (m.failWhen === 'outside') return (m.limit + (m.upper ?? m.limit + 1)) / 2;
  if (m.failWhen === '>' || m.failWhen === '>=') return m.limit > 0 ? Math.min(1, m.limit / 2) : 0;
  return m.limit + 1;
}

/** The draft as IndexedDB holds it (what survives a reload). */
function readDraft(page: Page, clientUuid: string) {
  return page.evaluate(
    (key) =>
      new Promise<{ status: string; answers: Record<string, { photos: unknown[] }>; inspectorSignature: unknown; representativeSignature: unknown } | null>((resolve, reject) => {
        const open = indexedDB.open('gasguard-offline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const r = open.result.transaction('drafts').objectStore('drafts').get(key);
          r.onsuccess = () => resolve((r.result as never) ?? null);
          r.onerror = () => reject(r.error);
        };
      }),
    clientUuid,
  );
}

describe('web app: inspection on a phone, offline', () => {
  let env: E2eApp | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [env, browser] = await Promise.all([startApp(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('a grid worker fills in the form, loses the connection, reloads, submits offline and it is sent when back online', async () => {
    const { page, context, errors } = await openPage(browser!, env!.url, PHONE, { isMobile: true });
    await context.grantPermissions(['geolocation'], { origin: env!.url });
    await context.setGeolocation({ latitude: 29.70512, longitude: 105.72136, accuracy: 12 });

    await loginAs(page, 'wangge');
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('menu-inspections').click();
    await page.getByTestId('inspections-page').waitFor();
    // The service worker must control the page before the connection goes (it serves the reload).
    await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 15_000 });

    // The subject: search by name, pick 老街火锅.
    await page.getByTestId('insp-new').click();
    await page.getByTestId('insp-subject-q').locator('input').fill('老街');
    await page.getByTestId('insp-subject-q').locator('input').press('Enter');
    await page.getByTestId('insp-subject-result').filter({ hasText: '老街火锅' }).first().click();
    await page.getByTestId('insp-form-page').waitFor();
    const clientUuid = /\/inspections\/draft\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    expect(clientUuid).toBeTruthy();
    await waitForText(page, 'insp-subject-name', '老街火锅');
    // GPS from the browser, with its accuracy.
    await waitForText(page, 'insp-gps', '29.705120');
    await waitForText(page, 'insp-gps', '±12');

    // The form's items, to enter a passing value in each measured item.
    const venueId = await page.evaluate(async () => {
      const r = (await (await fetch('/api/v1/registry/venue?q=%E8%80%81%E8%A1%97%E7%81%AB%E9%94%85')).json()) as { items: { id: string }[] };
      return r.items[0]!.id;
    });
    const form = await page.evaluate(
      async (id) => (await (await fetch(`/api/v1/checklists/for-subject?subjectType=venue&subjectId=${id}`)).json()) as { items: { code: string; measured?: Measured }[] },
      venueId,
    );
    const measured = form.items.filter((i) => i.measured);
    expect(measured.length).toBeGreaterThan(3);
    for (const item of measured) {
      const value = item.code === 'RST-HOSE-LENGTH' ? 2.5 : passingValue(item.measured!);
      await page.locator(`[data-testid="value-${item.code}"] input`).fill(String(value));
    }
    // The verdict is judged on the page as the server does: 2.5 m > 2 m fails.
    await waitForText(page, 'verdict-RST-HOSE-LENGTH', '不合格');
    await waitForText(page, 'verdict-RST-CYL-APPLIANCE-DISTANCE', '合格');

    // 其余合格 answers every remaining plain item.
    await page.getByTestId('insp-all-pass').click();
    await waitForText(page, 'insp-progress', `已答 ${form.items.length}/${form.items.length}`);

    // A photo and a note on the failed item (uploaded at once while online).
    await page.getByTestId('photo-input-RST-HOSE-LENGTH').setInputFiles({ name: 'hose.png', mimeType: 'image/png', buffer: pngBytes(40, 30) });
    await page.getByTestId('item-RST-HOSE-LENGTH').locator('[data-testid="photo-thumb"][data-uploaded="yes"]').waitFor();
    await page.getByTestId('note-RST-HOSE-LENGTH').fill('灶台软管约 2.5 米，穿过操作台');

    await page.getByTestId('insp-rep-name').fill('李老板');
    for (const pad of ['sign-inspector', 'sign-representative']) {
      const canvas = page.getByTestId(pad).locator('canvas');
      await canvas.scrollIntoViewIfNeeded();
      const box = (await canvas.boundingBox())!;
      await page.mouse.move(box.x + 30, box.y + 40);
      await page.mouse.down();
      await page.mouse.move(box.x + 90, box.y + 110, { steps: 6 });
      await page.mouse.move(box.x + 160, box.y + 50, { steps: 6 });
      await page.mouse.move(box.x + 230, box.y + 120, { steps: 6 });
      await page.mouse.up();
      await expect.poll(() => canvas.getAttribute('data-signed')).toBe('yes');
    }
    // Kept on the device (the form saves 300 ms after the last change).
    await expect
      .poll(async () => {
        const d = await readDraft(page, clientUuid!);
        return !!d?.inspectorSignature && !!d.representativeSignature && Object.values(d.answers).some((a) => a.photos.length === 1);
      })
      .toBe(true);

    // The connection goes; the page is reloaded: the draft is back with answers, photo and signatures.
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('insp-form-page').waitFor();
    await page.getByTestId('insp-offline').waitFor();
    await waitForText(page, 'insp-progress', `已答 ${form.items.length}/${form.items.length}`);
    await waitForText(page, 'verdict-RST-HOSE-LENGTH', '不合格');
    expect(await page.locator('[data-testid="value-RST-HOSE-LENGTH"] input').inputValue()).toBe('2.5');
    await page.getByTestId('item-RST-HOSE-LENGTH').getByTestId('photo-thumb').waitFor();
    expect(await page.getByTestId('sign-inspector').locator('canvas').getAttribute('data-signed')).toBe('yes');
    expect(await page.getByTestId('sign-representative').locator('canvas').getAttribute('data-signed')).toBe('yes');
    expect(await page.getByTestId('insp-rep-name').inputValue()).toBe('李老板');

    // 提交 while offline: the form waits in the outbox (待同步).
    await page.getByTestId('insp-submit').click();
    await page.getByTestId('insp-queued').waitFor();
    await waitForText(page, 'insp-form-header', '待同步');
    expect((await readDraft(page, clientUuid!))?.status).toBe('queued');

    // Back online: the outbox uploads the signatures and sends the record by itself.
    await context.setOffline(false);
    await page.getByTestId('insp-submitted').waitFor({ timeout: 30_000 });
    await waitForText(page, 'insp-form-header', '已提交');
    await waitForText(page, 'insp-submitted', '1 项问题');

    // The record: immutable, with the finding, its photo, both signatures and the hazard.
    await page.getByTestId('insp-view-record').click();
    await page.getByTestId('insp-record-page').waitFor();
    await waitForText(page, 'record-answer-RST-HOSE-LENGTH', '不合格');
    await waitForText(page, 'record-answer-RST-HOSE-LENGTH', '2.5');
    await page.getByTestId('insp-record-gps').waitFor();
    expect(await page.getByTestId('record-signature').count()).toBe(2);
    expect(await page.getByTestId('record-answer-RST-HOSE-LENGTH').getByTestId('record-photo').count()).toBe(1);
    await waitForText(page, 'insp-record-hazards', '一般隐患');

    // The hazard ledger has the failure, with the photo; one record although it went through the outbox.
    const ledger = await page.evaluate(async (id) => {
      const h = (await (await fetch(`/api/v1/hazards?subjectId=${id}`)).json()) as { items: { itemCode: string | null; photos: string[]; source: string }[] };
      const i = (await (await fetch(`/api/v1/inspections?subjectId=${id}`)).json()) as { total: number; items: { findings: number; lat: number | null }[] };
      return { hazards: h.items, inspections: i };
    }, venueId);
    const hose = ledger.hazards.filter((h) => h.itemCode === 'RST-HOSE-LENGTH');
    expect(hose).toHaveLength(1);
    expect(hose[0]!.photos).toHaveLength(1);
    expect(hose[0]!.source).toBe('inspection');
    expect(ledger.inspections.total).toBe(1);
    expect(ledger.inspections.items[0]!.findings).toBe(1);
    expect(ledger.inspections.items[0]!.lat).toBeCloseTo(29.70512, 5);

    // The record links to the hazard on the ledger's page.
    const link = page.getByTestId('insp-record-hazard').locator('a').first();
    const hazardCode = (await link.innerText()).trim();
    expect(hazardCode).toMatch(/^YH/);
    await link.click();
    await expect.poll(() => page.url()).toMatch(/\/hazards\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.evaluate(() => document.body.innerText)).toContain(hazardCode);

    // The module's home lists it as 已提交 on this device.
    await page.goto('/inspections');
    await waitForText(page, 'insp-drafts', '已提交');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    expect(errors).toEqual([]);
    await context.close();
  });
});
