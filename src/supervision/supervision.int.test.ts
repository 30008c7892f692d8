import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { pngBytes } from '../../test/fixtures.js';
import { auditOf, demoIds, fingerprint } from '../../test/factories.js';
import { describeOnEachDatabase, type Client, type TestContext } from '../../test/harness.js';
import { accounts, notifications } from '../db/schema/index.js';
import { addDays } from '../notifications/events.js';
import { todayInChina } from '../registry/registry.routes.js';
import { runSupervisionSweep } from './supervision.sweep.js';

async function upload(c: Client) {
  const res = await c.upload('/api/v1/files?purpose=document', pngBytes(), 'doc.png');
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const today = (ctx: () => TestContext) => todayInChina(ctx().clock.now());

/** Usernames notified of `kind` about entity `id`, sorted. */
async function notified(ctx: () => TestContext, id: string, kind: string): Promise<string[]> {
  const rows = await ctx()
    .db.select({ username: accounts.username })
    .from(notifications)
    .innerJoin(accounts, eq(accounts.id, notifications.recipientId))
    .where(and(eq(notifications.entityId, id), eq(notifications.kind, kind)));
  return rows.map((r) => r.username).sort();
}

describeOnEachDatabase('dispatch and supervision (R5.1)', (ctx) => {
  it('交办 → 办理反馈 → 办结: the task force hands a task to a street, the street replies, each step notified and audited', async () => {
    const ids = await demoIds(ctx().db);
    const tf = await ctx().login('zhuanban');
    const doc = await upload(tf);
    const issued = await tf.post('/api/v1/supervision/tasks', {
      title: '开展餐饮场所燃气安全专项排查',
      description: '请于期限内完成辖区全部餐饮场所排查并报送台账。',
      deadline: addDays(today(ctx), 7),
      attachments: [doc],
      targetTownId: ids.longgang,
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const task = issued.body;
    expect(task).toMatchObject({ status: 'open', issuerName: '大足区工作专班', targetName: '龙岗街道', targetType: 'town', overdue: false, availableActions: [] });
    expect(task.attachments).toEqual([{ id: doc, url: `/api/v1/files/${doc}` }]);
    expect(await notified(ctx, task.id, 'supervision.task_issued')).toEqual(['longgang']);

    const town = await ctx().login('longgang');
    const received = await town.get('/api/v1/supervision/tasks?box=received');
    expect(received.body.items.map((t: { id: string }) => t.id)).toContain(task.id);
    const detail = await town.get(`/api/v1/supervision/tasks/${task.id}`);
    expect(detail.body.task.availableActions).toEqual(['reply']);
    expect((await town.get(`/api/v1/files/${doc}`)).status).toBe(200); // the addressee reads the attachment

    // Not addressed to them: a department does not see it, the issuer cannot reply for the street.
    expect((await (await ctx().login('shichang')).get(`/api/v1/supervision/tasks/${task.id}`)).status).toBe(404);
    expect((await tf.post(`/api/v1/supervision/tasks/${task.id}/reply`, { text: '代为反馈' })).status).toBe(403);

    const proof = await upload(town);
    const replied = await town.post(`/api/v1/supervision/tasks/${task.id}/reply`, { text: '已完成 46 家餐饮场所排查，发现隐患 12 处，已全部交办。', attachments: [proof] });
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    expect(replied.body).toMatchObject({ status: 'done', repliedByLabel: 'longgang', availableActions: [] });
    expect(await notified(ctx, task.id, 'supervision.task_replied')).toEqual(['zhuanban']);
    const again = await town.post(`/api/v1/supervision/tasks/${task.id}/reply`, { text: '再次反馈' });
    expect(again.status).toBe(403);
    expect(again.body.error.message).toBe('该任务已办结');
    expect((await tf.get(`/api/v1/files/${proof}`)).status).toBe(200);
    expect((await auditOf(ctx().db, task.id)).map((a) => a.action).reverse()).toEqual(['supervision.task.issue', 'supervision.task.reply']);
    expect((await tf.get('/api/v1/supervision/tasks?status=done&box=issued')).body.items.map((t: { id: string }) => t.id)).toContain(task.id);
  });

  it('a department hands tasks to streets only; a task to a department is answered by its officers', async () => {
    const ids = await demoIds(ctx().db);
    const gas = await ctx().login('jingxin');
    const toTown = await gas.post('/api/v1/supervision/tasks', { title: '瓶装液化气用户入户安检', description: '组织燃气企业入户安检。', deadline: addDays(today(ctx), 10), targetTownId: ids.longgang });
    expect(toTown.status, JSON.stringify(toTown.body)).toBe(201);
    expect(toTown.body.issuerName).toBe('区经济信息委');
    const toDept = await gas.post('/api/v1/supervision/tasks', { title: 'x', description: 'x', deadline: addDays(today(ctx), 10), targetDepartmentId: ids.marketSupervision });
    expect(toDept.status).toBe(403);
    expect((await gas.post('/api/v1/supervision/tasks', { title: 'x', description: 'x', deadline: addDays(today(ctx), 10) })).status).toBe(422);
    expect((await gas.post('/api/v1/supervision/tasks', { title: 'x', description: 'x', deadline: addDays(today(ctx), -1), targetTownId: ids.longgang })).status).toBe(422);
    expect((await (await ctx().login('longgang')).post('/api/v1/supervision/tasks', { title: 'x', description: 'x', deadline: addDays(today(ctx), 3), targetTownId: ids.longgang })).status).toBe(403);

    const tf = await ctx().login('zhuanban');
    const t = (await tf.post('/api/v1/supervision/tasks', { title: '核查不合格燃气器具销售', description: '对辖区门店开展抽检。', deadline: addDays(today(ctx), 5), targetDepartmentId: ids.marketSupervision })).body;
    expect(t.targetName).toBe('区市场监管局');
    expect(await notified(ctx, t.id, 'supervision.task_issued')).toEqual(['shichang']);
    expect((await gas.post(`/api/v1/supervision/tasks/${t.id}/reply`, { text: 'x' })).status).toBe(404); // not its task
    expect((await (await ctx().login('shichang')).post(`/api/v1/supervision/tasks/${t.id}/reply`, { text: '已抽检 8 家门店。' })).body.status).toBe('done');
  });

  it('an overdue task gets a 督办 record and notifications from the sweep (fake clock), once; more 督办 by hand', async () => {
    const ids = await demoIds(ctx().db);
    const tf = await ctx().login('zhuanban');
    const deadline = today(ctx);
    const task = (await tf.post('/api/v1/supervision/tasks', { title: '报送燃气安全隐患整治月报', description: '按月报送。', deadline, targetTownId: ids.longgang })).body;
    expect((await runSupervisionSweep(ctx().db, today(ctx))).ran).toBe(true);
    expect((await tf.get(`/api/v1/supervision/tasks/${task.id}`)).body.task.status).toBe('open');

    ctx().clock.advance(2 * 86_400_000);
    const swept = await runSupervisionSweep(ctx().db, today(ctx));
    expect(swept.urged).toBeGreaterThanOrEqual(1);
    const tf2 = await ctx().login('zhuanban'); // two idle days ended the earlier session
    const detail = (await tf2.get(`/api/v1/supervision/tasks/${task.id}`)).body;
    expect(detail.task).toMatchObject({ status: 'overdue', overdue: true, urgeCount: 1, availableActions: ['urge'] });
    expect(detail.urges).toHaveLength(1);
    expect(detail.urges[0]).toMatchObject({ mode: 'auto', byLabel: 'system', daysOverdue: 2 });
    expect(await notified(ctx, task.id, 'supervision.task_overdue')).toEqual(['longgang', 'zhuanban']);
    const [n] = await ctx().db.select().from(notifications).where(and(eq(notifications.entityId, task.id), eq(notifications.kind, 'supervision.task_overdue')));
    expect(n!.body).toContain('逾期 2 天');

    await runSupervisionSweep(ctx().db, today(ctx));
    expect((await tf2.get(`/api/v1/supervision/tasks/${task.id}`)).body.urges).toHaveLength(1);
    expect((await auditOf(ctx().db, task.id)).map((a) => a.action)).toContain('supervision.task.overdue');

    const town = await ctx().login('longgang');
    expect((await town.post(`/api/v1/supervision/tasks/${task.id}/urge`, { note: 'x' })).status).toBe(403);
    const urged = await tf2.post(`/api/v1/supervision/tasks/${task.id}/urge`, { note: '请今日内报送' });
    expect(urged.status, JSON.stringify(urged.body)).toBe(200);
    expect(urged.body.urge).toMatchObject({ mode: 'manual', byLabel: 'zhuanban', note: '请今日内报送', daysOverdue: 2 });
    expect(urged.body.task.urgeCount).toBe(2);
    expect((await town.get(`/api/v1/supervision/tasks?status=overdue`)).body.items.map((t: { id: string }) => t.id)).toContain(task.id);
    expect((await town.post(`/api/v1/supervision/tasks/${task.id}/reply`, { text: '已报送（逾期）' })).body.status).toBe('done');
    expect((await tf2.post(`/api/v1/supervision/tasks/${task.id}/urge`, {})).status).toBe(403);
  });

  it('warning letters (警示建议函) and interviews (约谈) are recorded against a unit and listed to who may see them', async () => {
    const ids = await demoIds(ctx().db);
    const tf = await ctx().login('zhuanban');
    const doc = await upload(tf);
    const letter = await tf.post('/api/v1/supervision/warning-letters', {
      unitType: 'town',
      unitId: ids.longgang,
      date: today(ctx),
      title: '关于龙岗街道燃气安全隐患整治进度滞后的警示建议函',
      docNumber: '大足燃专函〔2026〕3号',
      summary: '隐患整改率低于全区平均水平，请于 10 日内提交整改方案。',
      documents: [doc],
    });
    expect(letter.status, JSON.stringify(letter.body)).toBe(201);
    expect(letter.body).toMatchObject({ kind: 'warning_letter', unitName: '龙岗街道', docNumber: '大足燃专函〔2026〕3号', recordedByLabel: 'zhuanban' });
    expect(await notified(ctx, letter.body.id, 'supervision.warning_letter')).toEqual(['longgang']);

    const dept = await ctx().login('shichang');
    const interview = await dept.post('/api/v1/supervision/interviews', {
      unitType: 'enterprise',
      unitId: ids.enterprise,
      date: today(ctx),
      title: '约谈大足燃气有限公司主要负责人',
      participants: ['区市场监管局 王科长', '大足燃气有限公司 总经理'],
      summary: '针对气瓶充装记录不全问题进行约谈，企业承诺一周内整改。',
    });
    expect(interview.status, JSON.stringify(interview.body)).toBe(201);
    expect(await notified(ctx, interview.body.id, 'supervision.interview')).toEqual(['qiye']);
    expect((await dept.post('/api/v1/supervision/interviews', { unitType: 'department', unitId: ids.gasAuthority, date: today(ctx), title: 'x', summary: 'x' })).status).toBe(403);

    const list = async (c: Client, path: string) => ((await c.get(`/api/v1/supervision/${path}`)).body.items as { id: string }[]).map((r) => r.id);
    expect(await list(tf, 'warning-letters')).toContain(letter.body.id);
    expect(await list(tf, 'interviews')).toContain(interview.body.id);
    expect(await list(await ctx().login('longgang'), 'warning-letters')).toContain(letter.body.id);
    expect(await list(dept, 'interviews')).toContain(interview.body.id);
    const ent = await ctx().login('qiye');
    expect(await list(ent, 'interviews')).toEqual([interview.body.id]);
    expect(await list(ent, 'warning-letters')).toEqual([]);
    expect(await list(await ctx().login('canting'), 'interviews')).toEqual([]);
    expect(await list(await ctx().login('jingxin'), 'interviews')).not.toContain(interview.body.id);
    const one = await ent.get(`/api/v1/supervision/interviews/${interview.body.id}`);
    expect(one.body.participants).toEqual(['区市场监管局 王科长', '大足燃气有限公司 总经理']);
    expect((await tf.get(`/api/v1/supervision/warning-letters?unitType=town&unitId=${ids.longgang}`)).body.items[0].documents).toEqual([{ id: doc, url: `/api/v1/files/${doc}` }]);
    expect((await tf.get(`/api/v1/supervision/interviews/${letter.body.id}`)).status).toBe(404); // a letter is not an interview
    expect((await auditOf(ctx().db, interview.body.id))[0]!.action).toBe('supervision.interview.create');
  });

  it('R1.4 another district (tongliang) sees none of it and can change nothing', async () => {
    const ids = await demoIds(ctx().db);
    const tf = await ctx().login('zhuanban');
    const task = (await tf.post('/api/v1/supervision/tasks', { title: '范围测试', description: 'x', deadline: addDays(today(ctx), 3), targetTownId: ids.longgang })).body;
    const letter = (await tf.post('/api/v1/supervision/warning-letters', { unitType: 'town', unitId: ids.longgang, date: today(ctx), title: '范围测试函', summary: 'x' })).body;
    const other = await ctx().login('tongliang');
    expect((await other.get('/api/v1/supervision/tasks')).body).toMatchObject({ items: [], total: 0 });
    expect((await other.get('/api/v1/supervision/warning-letters')).body.items).toEqual([]);
    expect((await other.get('/api/v1/supervision/interviews')).body.items).toEqual([]);

    const before = await fingerprint(ctx().db);
    const refused: [string, Promise<{ status: number }>][] = [
      ['read a task', other.get(`/api/v1/supervision/tasks/${task.id}`)],
      ['reply to it', other.post(`/api/v1/supervision/tasks/${task.id}/reply`, { text: '越权' })],
      ['urge it', other.post(`/api/v1/supervision/tasks/${task.id}/urge`, { note: '越权' })],
      ['hand a task to a Dazu street', other.post('/api/v1/supervision/tasks', { title: '越权', description: 'x', deadline: addDays(today(ctx), 3), targetTownId: ids.longgang })],
      ['hand a task to a Dazu department', other.post('/api/v1/supervision/tasks', { title: '越权', description: 'x', deadline: addDays(today(ctx), 3), targetDepartmentId: ids.gasAuthority })],
      ['read a letter', other.get(`/api/v1/supervision/warning-letters/${letter.id}`)],
      ['write a letter to a Dazu street', other.post('/api/v1/supervision/warning-letters', { unitType: 'town', unitId: ids.longgang, date: today(ctx), title: '越权', summary: 'x' })],
      ['interview a Dazu enterprise', other.post('/api/v1/supervision/interviews', { unitType: 'enterprise', unitId: ids.enterprise, date: today(ctx), title: '越权', summary: 'x' })],
    ];
    for (const [does, res] of refused) expect((await res).status, does).toBe(404);
    expect(await fingerprint(ctx().db)).toEqual(before);
  });
});
