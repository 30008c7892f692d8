/**
 * The registry (R2) as people use it, in Chromium: the task force downloads the venue template
 * through the page, fills it in, uploads a file with a bad row (nothing is imported; the row
 * number and reason are shown), fixes the row and imports, finds a new venue with the search
 * box, opens it (masked phone, 查看完整, the import in its history), edits it, and exports the filtered
 * list (the venue is there, its phone masked). A grid worker sees the venue ledger on a phone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, loginAs, openPage, PHONE, startApp, waitForText, type E2eApp } from './browser.js';

const LONGGANG = '500111001000'; // 龙岗街道, in the demo district 大足区

/** Save a download the page triggered by `click` and return its path. */
async function download(page: Page, click: () => Promise<void>, dir: string): Promise<{ file: string; name: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = path.join(dir, `${Date.now()}-${dl.suggestedFilename()}`);
  await dl.saveAs(file);
  return { file, name: dl.suggestedFilename() };
}

/** Header cells of a sheet's first row, `*` (required mark) removed. */
function headersOf(sheet: ExcelJS.Worksheet): string[] {
  const values = sheet.getRow(1).values as unknown[];
  return values.slice(1).map((v) => String(v ?? '').replace(/^\*/, ''));
}

/** Cell text, whatever type exceljs read it as. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

describe('web app: registry', () => {
  let env: E2eApp | undefined;
  let browser: Browser | undefined;
  let dir = '';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gasguard-e2e-registry-'));
    [env, browser] = await Promise.all([startApp(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await env?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the task force imports venues from Excel, finds one, opens it and exports the list', async () => {
    const { page, context, errors } = await openPage(browser!, env!.url);
    await loginAs(page, 'zhuanban');
    await page.getByTestId('menu-registry').click();
    await page.getByTestId('registry-tab-venue').click();
    await waitForText(page, 'registry-table', '老街火锅');

    // 1. The template, downloaded through the import dialog.
    await page.getByTestId('registry-import').click();
    const template = await download(page, () => page.getByTestId('import-template').click(), dir);
    expect(template.name).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(template.file);
    const sheet = wb.getWorksheet('用气场所')!;
    const headers = headersOf(sheet);
    for (const h of ['场所名称', '场所类型', '地址', '联系电话', '所属区域代码']) expect(headers).toContain(h);
    expect(wb.getWorksheet('填写说明')).toBeDefined();

    // 2. Three venues in 龙岗街道; the middle one has a phone number that is no phone number.
    const tag = `E2E${Date.now() % 100000}`;
    const venues: Record<string, string>[] = [
      { 场所名称: `${tag}甲火锅`, 场所类型: '餐饮场所', 地址: `龙岗街道${tag}路 1 号`, 负责人: '李四', 联系电话: '13900001111', 气源: '瓶装液化石油气', 所属区域代码: LONGGANG },
      { 场所名称: `${tag}乙面馆`, 场所类型: '餐饮场所', 地址: `龙岗街道${tag}路 2 号`, 负责人: '王五', 联系电话: '12345', 气源: '管道天然气', 所属区域代码: LONGGANG },
      { 场所名称: `${tag}丙学校食堂`, 场所类型: '学校', 地址: `龙岗街道${tag}路 3 号`, 负责人: '赵六', 联系电话: '13900003333', 人员密集场所: '是', 所属区域代码: LONGGANG },
    ];
    const writeFile = async (name: string) => {
      for (let i = sheet.rowCount; i > 1; i--) sheet.spliceRows(i, 1);
      for (const v of venues) sheet.addRow(headers.map((h) => v[h] ?? null));
      const file = path.join(dir, name);
      await wb.xlsx.writeFile(file);
      return file;
    };
    const fileInput = page.getByTestId('import-modal').locator('input[type=file]');
    await fileInput.setInputFiles(await writeFile('venues-bad.xlsx'));

    // The bad row is reported with its Excel row number (header = row 1) and reason; nothing is imported.
    await page.getByTestId('import-invalid').waitFor();
    await waitForText(page, 'import-invalid', '未导入任何数据');
    const errorRows = page.getByTestId('import-errors').locator('tbody tr.ant-table-row');
    await expect.poll(() => errorRows.count()).toBe(1);
    const cells = await errorRows.first().locator('td').allInnerTexts();
    expect(cells[0]).toBe('3');
    expect(cells[1]).toBe('联系电话');
    expect(cells[2]).toContain('电话号码格式不正确');
    await expect(page.getByTestId('import-receipt').getAttribute('href')).resolves.toMatch(/\/receipt\.xlsx$/);
    await page.getByTestId('import-valid-only').waitFor();
    await page.getByTestId('import-close').click();
    await page.getByTestId('registry-q').fill(tag);
    await page.getByTestId('registry-search-submit').click();
    await page.getByTestId('registry-table').locator('.ant-table-placeholder').waitFor();
    expect(await page.getByTestId('registry-table').innerText()).not.toContain(tag);
    const stored = await page.evaluate((q) => fetch(`/api/v1/registry/venue?q=${encodeURIComponent(q)}`).then((r) => r.json()), tag);
    expect(stored).toMatchObject({ total: 0 });

    // 3. The row fixed, the same file again: all three are imported.
    venues[1]!.联系电话 = '13900002222';
    await page.getByTestId('registry-import').click();
    await page.getByTestId('import-modal').locator('input[type=file]').setInputFiles(await writeFile('venues-good.xlsx'));
    await waitForText(page, 'import-done', '新增 3 条');
    await page.getByTestId('import-close').click();
    await waitForText(page, 'registry-total', '共 3 条');

    // 4. One of them by the search box; its detail shows the masked phone, reveals it, and the import in the history.
    const name = venues[1]!.场所名称!;
    await page.getByTestId('registry-q').fill(name);
    await page.getByTestId('registry-search-submit').click();
    await waitForText(page, 'registry-total', '共 1 条');
    await waitForText(page, 'registry-table', name);
    await waitForText(page, 'registry-table', '139****2222');
    await page.getByTestId('registry-table').locator('tr', { hasText: name }).getByTestId('registry-view').click();
    await waitForText(page, 'record-title', name);
    await waitForText(page, 'record-fields', '龙岗街道');
    await waitForText(page, 'masked-contactPhone', '139****2222');
    await waitForText(page, 'record-history', '通过 Excel 导入');
    await page.getByTestId('reveal-contactPhone').click();
    await waitForText(page, 'revealed-contactPhone', '13900002222');

    // 5. Edit: a wrong phone is refused on its field by the server; a new operator is saved and shows in the history.
    await page.getByTestId('record-edit').click();
    await page.getByTestId('field-contactPhone').fill('12345');
    await page.getByTestId('record-save').click();
    await waitForText(page, 'record-form', '电话号码格式不正确');
    await page.getByTestId('field-contactPhone').fill('');
    await page.getByTestId('field-operatorName').fill('大足餐饮管理公司');
    await page.getByTestId('record-save').click();
    await waitForText(page, 'record-fields', '大足餐饮管理公司');
    await waitForText(page, 'record-history', '修改了记录');
    await waitForText(page, 'record-history', '经营单位');

    // 6. Back to the filtered list and export it: the venue is in the file, its phone masked.
    await page.getByTestId('record-back').click();
    await waitForText(page, 'registry-total', '共 1 条');
    const exported = await download(page, () => page.getByTestId('registry-export').click(), dir);
    const out = new ExcelJS.Workbook();
    await out.xlsx.readFile(exported.file);
    const rows = out.worksheets[0]!;
    const outHeaders = headersOf(rows);
    const nameCol = outHeaders.indexOf('场所名称') + 1;
    const phoneCol = outHeaders.indexOf('联系电话') + 1;
    const data: string[][] = [];
    rows.eachRow((row, n) => n > 1 && data.push([cellText(row.getCell(nameCol).value), cellText(row.getCell(phoneCol).value)]));
    expect(data).toEqual([[name, '139****2222']]);
    expect(JSON.stringify(data)).not.toContain('13900002222');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('a grid worker reads the venue ledger on a phone', async () => {
    const { page, context, errors } = await openPage(browser!, env!.url, PHONE, { isMobile: true });
    await loginAs(page, 'wangge');
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('menu-registry').click();
    await waitForText(page, 'registry-tabs', '用气场所');
    await page.getByTestId('registry-tab-venue').click();
    await waitForText(page, 'registry-table', '老街火锅');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(errors).toEqual([]);
    await context.close();
  });
});
