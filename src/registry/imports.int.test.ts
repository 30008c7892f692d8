import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import type { Client } from '../../test/harness.js';
import { describeOnEachDatabase } from '../../test/harness.js';
import { auditLog, households, importJobs } from '../db/schema/index.js';
import { idNumberCheckChar } from '../shared/codes.js';
import { XLSX_TYPE } from '../shared/excel.js';
import { sweepImportJobs } from './import-jobs.js';

/** A valid 18-digit ID number per n (birth date and sequence vary, check digit computed). */
function idNumber(n: number): string {
  const month = String(1 + (Math.floor(n / 28_000) % 12)).padStart(2, '0');
  const day = String(1 + (Math.floor(n / 1_000) % 28)).padStart(2, '0');
  const body = `1101051990${month}${day}${String(n % 1_000).padStart(3, '0')}`;
  return body + idNumberCheckChar(body)!;
}

const HEADERS = ['*住址', '楼栋', '户主姓名', '户主身份证号', '联系电话', '气源', '老旧小区', '*所属区域代码'];
type Row = (string | number | null)[];

function household(prefix: string, n: number, over: Partial<Record<'building' | 'phone' | 'id' | 'region', string>> = {}): Row {
  return [`${prefix}小区${n}号`, over.building ?? `${(n % 9) + 1}栋`, '张三', over.id ?? idNumber(n), over.phone ?? `138${String(n).padStart(8, '0')}`, '瓶装液化石油气', n % 2 ? '是' : '否', over.region ?? '500111001001'];
}

async function xlsx(rows: Row[], headers = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('居民用户');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readBack(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describeOnEachDatabase('registry Excel import and export (R2.9)', (ctx) => {
  async function upload(c: Client, kind: string, file: Buffer, extra: Record<string, string> = {}) {
    const boundary = `----gasguard${Math.random().toString(16).slice(2)}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="data.xlsx"\r\nContent-Type: ${XLSX_TYPE}\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await ctx().app.inject({
      method: 'POST',
      url: `/api/v1/registry/${kind}/imports`,
      cookies: c.cookies,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-csrf-token': c.csrf ?? '', ...extra },
      payload,
    });
    return { status: res.statusCode, body: res.json() };
  }
  async function download(c: Client, url: string) {
    const res = await ctx().app.inject({ method: 'GET', url, cookies: c.cookies });
    return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
  }
  const count = async (prefix: string) =>
    Number((await ctx().db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM households WHERE address LIKE ${prefix + '%'}`)).rows[0]!.n);
  async function waitDone(c: Client, id: string) {
    for (let i = 0; i < 600; i++) {
      const job = await c.get(`/api/v1/registry/imports/${id}`);
      if (!['queued', 'validating', 'importing'].includes(job.body.status)) return job.body;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('import did not finish');
  }

  it('the template has Chinese headers, text-formatted code columns, drop-downs and 填写说明', async () => {
    const c = await ctx().login('zhuanban');
    const res = await download(c, '/api/v1/registry/household/template.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    const wb = await readBack(res.body);
    const data = wb.worksheets[0]!;
    expect(data.name).toBe('居民用户');
    const headers = (data.getRow(1).values as string[]).slice(1);
    expect(headers).toEqual(expect.arrayContaining(['*住址', '户主身份证号', '联系电话', '气源', '老旧小区', '*所属区域代码', '供气企业（信用代码）']));
    expect(data.rowCount).toBe(1); // the example lives in 填写说明, not in the data sheet
    const colOf = (h: string) => headers.indexOf(h) + 1;
    for (const h of ['户主身份证号', '联系电话', '*所属区域代码', '供气企业（信用代码）']) expect(data.getColumn(colOf(h)).numFmt).toBe('@');
    const dv = (data as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const gas = dv[`${data.getColumn(colOf('气源')).letter}2`];
    expect(gas?.type).toBe('list');
    expect(gas?.formulae[0]).toMatch(/^'字典'!\$[A-Z]+\$2:\$[A-Z]+\$5$/);
    expect(wb.getWorksheet('字典')!.state).toBe('hidden');
    const guide = wb.getWorksheet('填写说明')!;
    const texts: string[] = [];
    guide.eachRow((r) => texts.push((r.values as unknown[]).slice(1).join('|')));
    expect(texts.join('\n')).toContain('带 * 的为必填项');
    expect(texts.some((t) => t.includes('11010519491231002X'))).toBe(true);

    const ent = await readBack((await download(c, '/api/v1/registry/enterprise/template.xlsx')).body);
    const eh = (ent.worksheets[0]!.getRow(1).values as string[]).slice(1);
    expect(eh).toContain('*统一社会信用代码');
    expect(ent.worksheets[0]!.getColumn(eh.indexOf('*统一社会信用代码') + 1).numFmt).toBe('@');
  });

  it('a bad row in the middle imports nothing and is reported with row, column and reason (zh, en); receipt; valid-only', async () => {
    const c = await ctx().login('zhuanban');
    const rows = [1, 2, 3, 4, 5].map((n) => household('坏行测试', n));
    rows[2] = household('坏行测试', 3, { id: '110105194912310021' }); // Excel row 4: wrong check digit
    const before = await count('坏行测试');
    const res = await upload(c, 'household', await xlsx(rows));
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('invalid');
    expect(res.body.progress).toMatchObject({ totalRows: 5, validRows: 4, invalidRows: 1, importedRows: 0 });
    expect(res.body.errors).toEqual([{ row: 4, column: '户主身份证号', field: 'holderIdNumber', message: expect.stringContaining('身份证号不正确') }]);
    expect(await count('坏行测试')).toBe(before);

    const en = await ctx().app.inject({ method: 'GET', url: `/api/v1/registry/imports/${res.body.id}`, cookies: { ...c.cookies, gg_lang: 'en' } });
    expect(en.json().errors[0]).toMatchObject({ row: 4, column: '户主身份证号', message: expect.stringContaining('Invalid ID number') });

    const receipt = await download(c, res.body.links.receipt);
    expect(receipt.status).toBe(200);
    const sheet = (await readBack(receipt.body)).worksheets[0]!;
    const rh = (sheet.getRow(1).values as string[]).slice(1);
    expect(rh[0]).toBe('原行号');
    expect(rh.at(-1)).toBe('错误原因');
    expect(sheet.rowCount).toBe(2);
    const bad = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(bad[0]).toBe(4);
    expect(bad).toContain('110105194912310021');
    expect(String(bad.at(-1))).toContain('户主身份证号：身份证号不正确');

    const confirm = await c.post(`/api/v1/registry/imports/${res.body.id}/confirm`, { mode: 'valid-only' });
    expect(confirm.status).toBe(201);
    expect(confirm.body).toMatchObject({ status: 'done', mode: 'valid-only', progress: { importedRows: 4, createdRows: 4, invalidRows: 1 } });
    expect(await count('坏行测试')).toBe(before + 4);
    expect((await c.post(`/api/v1/registry/imports/${res.body.id}/confirm`, { mode: 'valid-only' })).status).toBe(409);
  });

  it('re-importing the same file creates no duplicates and updates changed values, with audit entries', async () => {
    const c = await ctx().login('zhuanban');
    const rows = [1, 2, 3].map((n) => household('重导测试', n));
    const first = await upload(c, 'household', await xlsx(rows));
    expect(first.body).toMatchObject({ status: 'done', progress: { createdRows: 3, updatedRows: 0 } });
    expect(await count('重导测试')).toBe(3);
    const again = await upload(c, 'household', await xlsx(rows));
    expect(again.body).toMatchObject({ status: 'done', progress: { createdRows: 0, updatedRows: 0, unchangedRows: 3 } });
    rows[1] = household('重导测试', 2, { phone: '13900001111', building: '9栋' });
    const changed = await upload(c, 'household', await xlsx(rows));
    expect(changed.body).toMatchObject({ status: 'done', progress: { createdRows: 0, updatedRows: 1, unchangedRows: 2 } });
    expect(await count('重导测试')).toBe(3);
    const [h] = await ctx().db.select().from(households).where(eq(households.address, '重导测试小区2号'));
    expect(h).toMatchObject({ phone: '13900001111', building: '9栋', oldCommunity: false });
    const audits = await ctx().db.select().from(auditLog).where(eq(auditLog.entityId, h!.id));
    expect(audits.map((a) => a.action).sort()).toEqual(['household.import', 'household.import']);
    const update = audits.find((a) => a.before !== null)!;
    expect(update.before).toMatchObject({ phone: '13800000002' });
    expect(update.after).toMatchObject({ phone: '13900001111' });
  });

  it('R1.4 a second district cannot import into 大足区 or overwrite its records', async () => {
    const dazu = await ctx().login('zhuanban');
    await upload(dazu, 'household', await xlsx([household('辖区测试', 1)]));
    const other = await ctx().login('tongliang');
    const res = await upload(other, 'household', await xlsx([household('辖区外', 1), household('辖区外', 2, { region: '500111001002' }), household('辖区测试', 1, { region: '500151001000' })]));
    expect(res.body.status).toBe('invalid');
    expect(res.body.errors).toEqual([
      { row: 2, column: '所属区域代码', field: 'regionId', message: '区域“500111001001”不在您的管辖范围内' },
      { row: 3, column: '所属区域代码', field: 'regionId', message: '区域“500111001002”不在您的管辖范围内' },
      { row: 4, column: '住址', field: 'address', message: '已有相同记录属于您管辖范围以外，不能导入' },
    ]);
    expect(await count('辖区外')).toBe(0);
    // Only the uploader (or a platform admin) reads a job.
    expect((await dazu.get(`/api/v1/registry/imports/${res.body.id}`)).status).toBe(404);
    expect((await (await ctx().login('admin')).get(`/api/v1/registry/imports/${res.body.id}`)).status).toBe(200);
  });

  it('writers per kind; an enterprise account imports only for its own enterprise', async () => {
    const qiye = await ctx().login('qiye');
    expect((await upload(qiye, 'enterprise', await xlsx([['x']], ['企业名称']))).status).toBe(403);
    const own = await upload(qiye, 'household', await xlsx([household('企业导入', 1, { region: '500111001001' })]));
    expect(own.body.status).toBe('done');
    const [h] = await ctx().db.select().from(households).where(eq(households.address, '企业导入小区1号'));
    expect(h?.supplierId).toBeTruthy();
    const foreign = await upload(qiye, 'household', await xlsx([[...household('企业导入', 2), '91350100M000100Y43']], [...HEADERS, '供气企业（信用代码）']));
    expect(foreign.body.errors[0]).toMatchObject({ row: 2, column: '供气企业（信用代码）' });
  });

  it('exports every row of the filter with personal data masked and formulas neutralised', async () => {
    const c = await ctx().login('zhuanban');
    const res = await upload(c, 'household', await xlsx([household('导出测试', 1, { id: '11010519491231002X', phone: '13812341234', building: '=1+1' })]));
    expect(res.body.status).toBe('done');
    const exp = await download(c, `/api/v1/registry/household/export.xlsx?q=${encodeURIComponent('导出测试')}&oldCommunity=true`);
    expect(exp.status).toBe(200);
    const sheet = (await readBack(exp.body)).worksheets[0]!;
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    expect(sheet.rowCount).toBe(2);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    const cell = (h: string) => row[headers.indexOf(h)];
    expect(cell('户主身份证号')).toBe('110105********002X');
    expect(cell('联系电话')).toBe('138****1234');
    expect(cell('户主姓名')).toBe('张*');
    expect(cell('楼栋')).toBe("'=1+1");
    expect(cell('气源')).toBe('瓶装液化石油气');
    expect(cell('老旧小区')).toBe('是');
    expect(cell('所属区域代码')).toBe('500111001001');
    expect(cell('所属区域名称')).toBe('五星社区');
    const other = await download(await ctx().login('tongliang'), `/api/v1/registry/household/export.xlsx?q=${encodeURIComponent('导出测试')}`);
    expect((await readBack(other.body)).worksheets[0]!.rowCount).toBe(1);
  });

  it('refuses a zip bomb, an oversized file and a non-xlsx file with a 4xx JSON error', async () => {
    const c = await ctx().login('zhuanban');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('居民用户').addRow(['*住址']);
    wb.addWorksheet('padding').getCell('A1').value = 'x'.repeat(30_000);
    // A real workbook whose sheet holds 60 MB of one repeated character: a ratio no real sheet has.
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    zip.file('xl/worksheets/sheet2.xml', 'x'.repeat(60 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    const refused = await upload(c, 'household', bomb);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('解压后过大');
    const big = await upload(c, 'household', Buffer.alloc(21 * 1024 * 1024, 1));
    expect(big.status).toBe(413);
    expect(big.body.error.message).toContain('20 MB');
    const text = await upload(c, 'household', Buffer.from('住址,所属区域代码\n'));
    expect(text.status).toBe(422);
    expect(text.body.error.message).toContain('不是有效的 Excel 文件');
    const headerless = await upload(c, 'household', await xlsx([household('缺列', 1).slice(0, 3)], HEADERS.slice(0, 3)));
    expect(headerless.status).toBe(422);
    expect(headerless.body.error.message).toBe('缺少必填列：所属区域代码');
  });

  it('a job left running by a dead instance is marked failed by the sweep; its receipt is gone with its file', async () => {
    const c = await ctx().login('zhuanban');
    const res = await upload(c, 'household', await xlsx([household('中断测试', 1)]));
    await ctx().db.update(importJobs).set({ status: 'importing', heartbeatAt: new Date(Date.now() - 10 * 60_000) }).where(eq(importJobs.id, res.body.id));
    expect((await sweepImportJobs(ctx().db)).failed).toBeGreaterThanOrEqual(1);
    const job = await c.get(`/api/v1/registry/imports/${res.body.id}`);
    expect(job.body).toMatchObject({ status: 'failed', failure: { message: '导入因服务中断而停止，请重新上传' } });
    expect((await download(c, `/api/v1/registry/imports/${res.body.id}/receipt.xlsx`)).status).toBe(404);
  });

  it('a file above the threshold runs in the background and reaches done with progress counters', async () => {
    const c = await ctx().login('zhuanban');
    const rows = Array.from({ length: 2_500 }, (_, i) => household('后台测试', i + 1, { region: i % 2 ? '500111001002' : '500111001003' }));
    const res = await upload(c, 'household', await xlsx(rows));
    expect(res.status).toBe(202);
    expect(['validating', 'importing', 'done']).toContain(res.body.status);
    const job = await waitDone(c, res.body.id);
    expect(job).toMatchObject({ status: 'done', progress: { totalRows: 2_500, validatedRows: 2_500, validRows: 2_500, invalidRows: 0, importedRows: 2_500, createdRows: 2_500 } });
    expect(job.links.receipt).toBeNull();
    expect(await count('后台测试')).toBe(2_500);
  }, 120_000);
});
