import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { demoIds } from '../../test/factories.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { act, download, readWorkbook, sheetObjects, upload } from './followup.testkit.js';
import { pdfPageCount, pdfText } from './pdf-text.testkit.js';

interface FormItem {
  id: string;
  code: string;
  measured?: { failWhen: string; limit: number; upper?: number };
}

/** Every applicable item answered so that it passes, except those given. */
async function answers(c: Client, venueId: string, special: Record<string, Record<string, unknown>>) {
  const items = (await c.get(`/api/v1/checklists/for-subject?subjectType=venue&subjectId=${venueId}`)).body.items as FormItem[];
  return items.map((i) => {
    if (special[i.code]) return { itemId: i.id, ...special[i.code] };
    const m = i.measured;
    if (!m) return { itemId: i.id, result: 'pass' };
    const value = m.failWhen === 'outside' ? (m.limit + (m.upper ?? m.limit)) / 2 : m.failWhen === '>' || m.failWhen === '<' ? m.limit : m.failWhen === '>=' ? Math.max(0, m.limit - 1) : m.limit + 1;
    return { itemId: i.id, value };
  });
}

describeOnEachDatabase('责任倒查 dossier (R4.7)', (ctx) => {
  it('R4.7 a subject taken through inspection → hazard → assignment → rejection → closing has every step with its names in the PDF and the Excel', async () => {
    const ids = await demoIds(ctx().db);
    const grid = await ctx().login('wangge');
    const inspection = await grid.post('/api/v1/inspections', {
      clientUuid: randomUUID(),
      subjectType: 'venue',
      subjectId: ids.venue,
      lat: 29.706512,
      lng: 105.721034,
      gpsAccuracyM: 8,
      inspectorSignatures: [await upload(grid, 'signature')],
      representativeName: '李老板',
      representativeSignature: await upload(grid, 'signature'),
      answers: await answers(grid, ids.venue, { 'RST-HOSE-LENGTH': { value: 2.4 } }),
    });
    expect(inspection.status, JSON.stringify(inspection.body)).toBe(201);
    const hazard = inspection.body.hazards[0] as { id: string; code: string };

    const town = await ctx().login('longgang');
    const owner = await ctx().login('canting');
    const zhuanban = await ctx().login('zhuanban');
    await act(town, hazard.id, 'assign', { deadline: '2099-12-31', responsiblePerson: '李老板' });
    await act(owner, hazard.id, 'start');
    await act(owner, hazard.id, 'request_review', { photos: [await upload(owner)] });
    await act(town, hazard.id, 'reject', { reason: '软管仍超过 2 米' });
    await act(owner, hazard.id, 'request_review', { photos: [await upload(owner)] });
    await act(zhuanban, hazard.id, 'close', { comment: '复核合格' });
    const fine = await town.post(`/api/v1/hazards/${hazard.id}/enforcement`, { kind: 'fine', amountYuan: 2000, officer: '赵明', documentNo: '足龙岗罚〔2026〕9号' });
    expect(fine.status, JSON.stringify(fine.body)).toBe(201);

    // Excel: one sheet per kind of record, with the names of who did each step.
    const xlsx = await download(ctx, zhuanban, `/api/v1/subjects/venue/${ids.venue}/dossier.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(String(xlsx.headers['content-disposition'])).toContain(encodeURIComponent('责任倒查档案'));
    const wb = await readWorkbook(xlsx.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['检查记录', '隐患', '隐患处理过程', '执法措施', '整改通知书', '全过程时间线']);
    const insp = sheetObjects(wb.getWorksheet('检查记录')!).find((r) => r['检查编号'] === inspection.body.inspection.code)!;
    expect(insp).toMatchObject({ 检查人员: '网格员 陈晓', 纬度: 29.706512, 经度: 105.721034, '定位精度（米）': 8, '检查人员签名（份）': 1, 被检查单位代表: '李老板', 代表签名: '已签名' });
    const hz = sheetObjects(wb.getWorksheet('隐患')!).find((r) => r['隐患编号'] === hazard.code)!;
    expect(hz).toMatchObject({ 发现人: '网格员 陈晓', 整改责任人: '李老板', 状态: '已销号', 申请复核人: '老街火锅 店主', 销号人: '大足区燃气专班', 来源: '检查发现' });
    const steps = sheetObjects(wb.getWorksheet('隐患处理过程')!)
      .filter((r) => r['隐患编号'] === hazard.code)
      .map((r) => [r['环节'], r['经办人']]);
    expect(steps).toEqual([
      ['登记隐患', '网格员 陈晓'],
      ['交办', '龙岗街道 赵主任'],
      ['开始整改', '老街火锅 店主'],
      ['申请复核', '老街火锅 店主'],
      ['复核驳回', '龙岗街道 赵主任'],
      ['申请复核', '老街火锅 店主'],
      ['复核销号', '大足区燃气专班'],
      ['执法措施', '龙岗街道 赵主任'],
    ]);
    const reject = sheetObjects(wb.getWorksheet('隐患处理过程')!).find((r) => r['环节'] === '复核驳回')!;
    expect(reject).toMatchObject({ 原状态: '待复核', 新状态: '整改中', 说明: '软管仍超过 2 米' });
    expect(sheetObjects(wb.getWorksheet('执法措施')!)).toEqual([expect.objectContaining({ 措施: '罚款', 执法人员: '赵明', '罚款金额（元）': 2000, 文书编号: '足龙岗罚〔2026〕9号', 登记人: '龙岗街道 赵主任' })]);
    // The trail is in time order, the inspection first.
    const trail = sheetObjects(wb.getWorksheet('全过程时间线')!);
    expect(trail[0]).toMatchObject({ 类别: '检查', 编号: inspection.body.inspection.code, 人员: '网格员 陈晓' });
    const times = trail.map((r) => String(r['时间']));
    expect([...times].sort()).toEqual(times);

    // PDF: produced, non-trivial, and the same names in it.
    const pdf = await download(ctx, zhuanban, `/api/v1/subjects/venue/${ids.venue}/dossier.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.bytes.length).toBeGreaterThan(20_000);
    expect(pdfPageCount(pdf.bytes)).toBeGreaterThanOrEqual(1);
    const text = pdfText(pdf.bytes).replace(/\n/g, '');
    for (const part of ['责任倒查档案', '老街火锅', inspection.body.inspection.code, hazard.code, '网格员 陈晓', '龙岗街道 赵主任', '老街火锅 店主', '大足区燃气专班', '复核驳回', '复核销号', '29.706512, 105.721034', '罚款']) {
      expect(text, part).toContain(part);
    }
  });

  it('R4.7 only officials in scope export dossiers', async () => {
    const ids = await demoIds(ctx().db);
    expect((await download(ctx, await ctx().login('canting'), `/api/v1/subjects/venue/${ids.venue}/dossier.pdf`)).status).toBe(403);
    expect((await download(ctx, await ctx().login('qiye'), `/api/v1/subjects/venue/${ids.venue}/dossier.xlsx`)).status).toBe(403);
    expect((await download(ctx, await ctx().login('tongliang'), `/api/v1/subjects/venue/${ids.venue}/dossier.pdf`)).status).toBe(404);
    expect((await download(ctx, await ctx().login('jingxin'), `/api/v1/subjects/venue/${ids.venue}/dossier.pdf`)).status).toBe(200);
  });
});
