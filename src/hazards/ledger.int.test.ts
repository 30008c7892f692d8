import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { demoIds } from '../../test/factories.js';
import { describeOnEachDatabase } from '../../test/harness.js';
import { hazards } from '../db/schema/index.js';
import { act, download, readWorkbook, reportHazard, sheetObjects, sheetRows, upload } from './followup.testkit.js';

const LEDGER_HEADER = ['序号', '隐患编号', '所属区域', '属地镇街', '检查对象', '隐患类别', '隐患等级', '隐患描述', '来源', '发现人', '发现时间', '牵头部门', '配合部门', '整改责任人', '整改时限', '状态', '是否逾期', '督办级别', '销号人', '销号时间'];

describeOnEachDatabase('ledger export and major hazards (R4.8, R11.2)', (ctx) => {
  it('R11.2 exports the ledger with the list filters, the 台账 columns, Chinese values, text cells and neutralised formulas', async () => {
    const ids = await demoIds(ctx().db);
    const town = await ctx().login('longgang');
    const general = await reportHazard(town, ids.venue, { description: '=HYPERLINK("http://x","点击")' });
    const major = await reportHazard(town, ids.venue, { severity: 'major', category: 'problem_cylinder', description: '地下室使用液化石油气' });
    await act(town, major.id, 'assign', { deadline: '2020-01-31', responsiblePerson: '李老板' });
    const zhuanban = await ctx().login('zhuanban');

    const all = await download(ctx, zhuanban, `/api/v1/hazards/export.xlsx?regionId=${ids.longgang}`);
    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = await readWorkbook(all.bytes);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('隐患整治台账');
    expect(sheetRows(ws)[0]).toEqual(LEDGER_HEADER);
    const rows = sheetObjects(ws);
    const listed = await zhuanban.get(`/api/v1/hazards?regionId=${ids.longgang}&pageSize=200`);
    expect(rows.map((r) => r['隐患编号'])).toEqual(listed.body.items.map((h: { code: string }) => h.code));
    expect(rows.map((r) => r['序号'])).toEqual(rows.map((_, i) => i + 1));

    const m = rows.find((r) => r['隐患编号'] === major.code)!;
    expect(m).toMatchObject({
      所属区域: '第一网格',
      属地镇街: '龙岗街道',
      检查对象: '老街火锅',
      隐患类别: '问题瓶',
      隐患等级: '重大隐患',
      隐患描述: '地下室使用液化石油气',
      来源: '手工登记',
      发现人: '龙岗街道 赵主任',
      整改责任人: '李老板',
      整改时限: '2020-01-31',
      状态: '已交办',
      是否逾期: '是',
      督办级别: '未督办', // the sweep has not run
      销号人: null,
    });
    expect(String(m['发现时间'])).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const g = rows.find((r) => r['隐患编号'] === general.code)!;
    expect(g).toMatchObject({ 隐患等级: '一般隐患', 状态: '待交办', 是否逾期: '否', 隐患描述: `'=HYPERLINK("http://x","点击")` });
    // Codes and dates are text cells, so Excel keeps them as typed.
    const codeCell = ws.getRow(2).getCell(2);
    expect(codeCell.numFmt).toBe('@');
    expect(typeof codeCell.value).toBe('string');

    // The same filters as the list: majors only.
    const majors = sheetObjects((await readWorkbook((await download(ctx, zhuanban, `/api/v1/hazards/export.xlsx?severity=major&regionId=${ids.longgang}`)).bytes)).worksheets[0]!);
    expect(majors.length).toBeGreaterThan(0);
    expect(majors.every((r) => r['隐患等级'] === '重大隐患')).toBe(true);
    // Scope: another district exports an empty ledger; bad filters are refused before any byte.
    const other = sheetRows((await readWorkbook((await download(ctx, await ctx().login('tongliang'), '/api/v1/hazards/export.xlsx')).bytes)).worksheets[0]!);
    expect(other).toEqual([LEDGER_HEADER]);
    expect((await download(ctx, zhuanban, '/api/v1/hazards/export.xlsx?severity=huge')).status).toBe(400);
    expect((await download(ctx, await ctx().login('tongliang'), `/api/v1/hazards/export.xlsx?regionId=${ids.longgang}`)).status).toBe(404);
  });

  it('R4.8 lists open and recently closed major hazards with their escalation level, overdue first', async () => {
    const ids = await demoIds(ctx().db);
    const town = await ctx().login('longgang');
    const overdue = await reportHazard(town, ids.venue, { severity: 'major', category: 'problem_environment', description: '气瓶间无通风' });
    await act(town, overdue.id, 'assign', { deadline: '2021-01-01', responsiblePerson: '店主' });
    const fresh = await reportHazard(town, ids.venue, { severity: 'major', category: 'problem_valve', description: '未安装紧急切断阀' });
    await act(town, fresh.id, 'assign', { deadline: '2099-01-01', responsiblePerson: '店主' });
    const closed = await reportHazard(town, ids.venue, { severity: 'major', description: '已当场整改的重大隐患', fixedOnSpot: true, photos: [await upload(town)] });
    const general = await reportHazard(town, ids.venue, { severity: 'general', description: '一般隐患' });

    const res = await town.get('/api/v1/hazards/major?pageSize=200');
    expect(res.status).toBe(200);
    const items = res.body.items as { id: string; overdue: boolean; escalationLevel: number; escalationLabel: string; daysOverdue: number; state: string }[];
    const listedIds = items.map((i) => i.id);
    expect(listedIds).toEqual(expect.arrayContaining([overdue.id, fresh.id, closed.id]));
    expect(listedIds).not.toContain(general.id);
    // Overdue first, with its escalation level (computed even before the sweep runs).
    const firstNotOverdue = items.findIndex((i) => !i.overdue);
    expect(items.slice(0, firstNotOverdue).every((i) => i.overdue)).toBe(true);
    expect(items.slice(firstNotOverdue).every((i) => !i.overdue)).toBe(true);
    const o = items.find((i) => i.id === overdue.id)!;
    expect(o).toMatchObject({ overdue: true, escalationLevel: 3, escalationLabel: '三级督办（专班）' });
    expect(o.daysOverdue).toBeGreaterThan(14);
    expect(items.find((i) => i.id === fresh.id)).toMatchObject({ overdue: false, escalationLevel: 0 });
    expect(items.find((i) => i.id === closed.id)).toMatchObject({ state: 'closed', overdue: false });
    expect(res.body.summary.overdue).toBeGreaterThanOrEqual(1);
    expect(res.body.summary.closedRecently).toBeGreaterThanOrEqual(1);

    // Closed longer ago than recentDays drops off; another district sees none.
    await ctx().db.update(hazards).set({ closedAt: new Date(ctx().clock.now().getTime() - 40 * 86_400_000) }).where(eq(hazards.id, closed.id));
    expect((await town.get('/api/v1/hazards/major?pageSize=200')).body.items.map((i: { id: string }) => i.id)).not.toContain(closed.id);
    expect((await town.get('/api/v1/hazards/major?recentDays=60&pageSize=200')).body.items.map((i: { id: string }) => i.id)).toContain(closed.id);
    expect((await (await ctx().login('tongliang')).get('/api/v1/hazards/major')).body.total).toBe(0);
  });
});
