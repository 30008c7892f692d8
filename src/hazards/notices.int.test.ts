import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditOf, demoIds } from '../../test/factories.js';
import { describeOnEachDatabase } from '../../test/harness.js';
import { noticeCounters } from '../db/schema/index.js';
import { todayInChina } from '../registry/registry.routes.js';
import { download, reportHazard, upload, venueIdOf } from './followup.testkit.js';
import { pdfPageCount, pdfText } from './pdf-text.testkit.js';

const officers = [
  { name: '赵明', certificateNo: '渝执500111001' },
  { name: '钱亮', certificateNo: '渝执500111002' },
];

describeOnEachDatabase('rectification notices (R4.4)', (ctx) => {
  it('R4.4 the town issues a numbered notice over two open hazards; the PDF carries every part of the form', async () => {
    const town = await ctx().login('longgang');
    const venue = await venueIdOf(town, '老街火锅');
    const h1 = await reportHazard(town, venue, { description: '软管长度超过 2 米' });
    const h2 = await reportHazard(town, venue, { category: 'problem_environment', description: '气瓶放在就餐区' });
    const year = todayInChina(ctx().clock.now()).slice(0, 4);
    const sig = await upload(town, 'signature');
    const res = await town.post('/api/v1/notices', {
      items: [{ hazardId: h1.id, basis: '《城镇燃气管理条例》第二十八条' }, { hazardId: h2.id }],
      deadline: '2099-12-31',
      officers,
      representativeName: '李老板',
      representativeSignature: sig,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const n = res.body;
    expect(n.number).toBe(`龙岗燃整改〔${year}〕1号`);
    expect(n).toMatchObject({ issuerName: '龙岗街道', subjectName: '老街火锅', reviewBody: '重庆市大足区人民政府', court: '重庆市大足区人民法院', kind: 'rectification' });
    expect(n.items.map((i: { code: string }) => i.code)).toEqual([h1.code, h2.code]);

    const pdf = await download(ctx, town, n.pdfUrl);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfPageCount(pdf.bytes)).toBeGreaterThanOrEqual(1);
    const text = pdfText(pdf.bytes).replace(/\n/g, '');
    for (const part of [
      '隐患整改通知书',
      n.number,
      '老街火锅：',
      '地址：重庆市大足区龙岗街道五星大道 88 号',
      '经查，你单位存在下列问题：',
      '1. 软管长度超过 2 米',
      '依据：《城镇燃气管理条例》第二十八条',
      '2. 气瓶放在就餐区',
      '责令对第1、2项问题于2099年12月31日前整改完毕。',
      '确保安全',
      '六十日内依法向重庆市大足区人民政府申请行政复议',
      '六个月内依法向重庆市大足区人民法院提起行政诉讼',
      '不停止执行',
      '赵明（执法证号：渝执500111001）',
      '钱亮（执法证号：渝执500111002）',
      '被检查单位负责人签名（李老板）：',
      '龙岗街道（印章）',
      '扫码核验',
    ]) {
      expect(text, part).toContain(part);
    }

    // The hazards list the notice, and their trail shows it.
    const detail = await town.get(`/api/v1/hazards/${h1.id}`);
    expect(detail.body.notices.map((x: { number: string }) => x.number)).toEqual([n.number]);
    expect(detail.body.events.at(-1)).toMatchObject({ action: 'notice_issued', comment: n.number, actorLabel: 'longgang' });
    expect((await auditOf(ctx().db, n.id)).map((a) => a.action)).toEqual(['notice.issue']);
    // The venue sees the notice addressed to it; another district does not.
    expect((await (await ctx().login('canting')).get(`/api/v1/notices/${n.id}`)).status).toBe(200);
    expect((await (await ctx().login('tongliang')).get(`/api/v1/notices/${n.id}`)).status).toBe(404);
  });

  it('R4.4 the public verification answers without login with issuer, date, subject and item count only', async () => {
    const town = await ctx().login('longgang');
    const venue = await venueIdOf(town, '老街火锅');
    const h = await reportHazard(town, venue);
    const n = (await town.post('/api/v1/notices', { items: [{ hazardId: h.id }], deadline: '2099-06-30', officers })).body;
    const anon = ctx().anonymous();
    const ok = await anon.get(`/api/v1/public/notices/verify?no=${encodeURIComponent(n.number)}&code=${n.verificationCode}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ valid: true, number: n.number, kind: 'rectification', issuer: '龙岗街道', issuedOn: n.issuedOn, subjectName: '老街火锅', itemCount: 1 });
    expect((await anon.get(`/api/v1/public/notices/verify?no=${encodeURIComponent(n.number)}&code=AAAAAAAAAA`)).status).toBe(404);
    expect((await anon.get(`/api/v1/public/notices/verify?no=${encodeURIComponent('龙岗燃整改〔1999〕1号')}&code=${n.verificationCode}`)).status).toBe(404);
    // The QR code in the PDF links to the same verification.
    expect(n.verifyPath).toBe(`/api/v1/public/notices/verify?no=${encodeURIComponent(n.number)}&code=${n.verificationCode}`);
    // Everything else about notices needs a login.
    expect((await anon.get(`/api/v1/notices/${n.id}.pdf`)).status).toBe(401);
  });

  it('R4.4 refuses a grid worker, closed hazards, hazards of two subjects, and a unit not responsible', async () => {
    const town = await ctx().login('longgang');
    const venue = await venueIdOf(town, '老街火锅');
    const open = await reportHazard(town, venue);
    const grid = await ctx().login('wangge');
    expect((await grid.post('/api/v1/notices', { items: [{ hazardId: open.id }], deadline: '2099-01-01', officers })).status).toBe(403);

    const closed = (await town.post('/api/v1/hazards', { subjectType: 'venue', subjectId: venue, category: 'problem_hose', severity: 'general', description: '已当场整改', fixedOnSpot: true, photos: [await upload(town)] })).body.hazard;
    const r1 = await town.post('/api/v1/notices', { items: [{ hazardId: open.id }, { hazardId: closed.id }], deadline: '2099-01-01', officers });
    expect(r1.status).toBe(422);
    expect(r1.body.error.fields[0].message).toContain(closed.code);

    const zhuanban = await ctx().login('zhuanban');
    const enterprise = (await zhuanban.get(`/api/v1/registry/enterprise?q=${encodeURIComponent('大足燃气')}`)).body.items[0].id;
    const other = (await zhuanban.post('/api/v1/hazards', { subjectType: 'enterprise', subjectId: enterprise, category: 'management', severity: 'general', description: '未建立隐患排查制度' })).body.hazard;
    const r2 = await zhuanban.post('/api/v1/notices', { issuer: { type: 'region', id: open.townId }, items: [{ hazardId: open.id }, { hazardId: other.id }], deadline: '2099-01-01', officers });
    expect(r2.status).toBe(422);
    expect(r2.body.error.fields[0].message).toBe('一份通知书只能列入同一检查对象的隐患');

    // A town that is not the hazard's territory may not be named as issuer.
    const ids = await demoIds(ctx().db);
    const r3 = await zhuanban.post('/api/v1/notices', { issuer: { type: 'region', id: ids.baoding }, items: [{ hazardId: open.id }], deadline: '2099-01-01', officers });
    expect(r3.status).toBe(422);
    expect(r3.body.error.fields[0].message).toBe('该单位不是这些隐患的牵头或配合部门、燃气主管部门或属地镇街');

    // Only one officer; a deadline in the past.
    expect((await town.post('/api/v1/notices', { items: [{ hazardId: open.id }], deadline: '2099-01-01', officers: officers.slice(0, 1) })).status).toBe(400);
    expect((await town.post('/api/v1/notices', { items: [{ hazardId: open.id }], deadline: '2000-01-01', officers })).status).toBe(422);
    // Another district cannot see the hazard at all.
    expect((await (await ctx().login('tongliang')).post('/api/v1/notices', { issuer: { type: 'region', id: open.townId }, items: [{ hazardId: open.id }], deadline: '2099-01-01', officers })).status).toBe(404);
  });

  it('R4.4 an admin sets the abbreviation and appeal bodies per region; the next notice uses them', async () => {
    const ids = await demoIds(ctx().db);
    const admin = await ctx().login('zhuanban');
    expect((await (await ctx().login('longgang')).put(`/api/v1/notices/settings/${ids.dazu}`, { court: 'x' })).status).toBe(403);
    const bad = await admin.put(`/api/v1/notices/settings/${ids.dazu}`, { abbreviations: { [ids.gasAuthority]: '足〔经信' } });
    expect(bad.status).toBe(422);
    const before = await admin.get(`/api/v1/notices/settings?regionId=${ids.dazu}`);
    expect(before.body.units.find((u: { id: string }) => u.id === ids.gasAuthority).abbreviation).toBe('大足经济燃整改');
    const saved = await admin.put(`/api/v1/notices/settings/${ids.dazu}`, { reviewBody: '重庆市大足区人民政府行政复议办公室', abbreviations: { [ids.gasAuthority]: '足经信燃整改' } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.units.find((u: { id: string }) => u.id === ids.gasAuthority).abbreviation).toBe('足经信燃整改');
    expect((await auditOf(ctx().db, ids.dazu)).map((a) => a.action)).toContain('notice.settings.update');

    const gas = await ctx().login('jingxin');
    const venue = await venueIdOf(gas, '老街火锅');
    const h = await reportHazard(gas, venue);
    const n = await gas.post('/api/v1/notices', { kind: 'order', items: [{ hazardId: h.id }], deadline: '2099-03-01', officers });
    expect(n.status, JSON.stringify(n.body)).toBe(201);
    expect(n.body.number).toBe(`足经信燃整改〔${todayInChina(ctx().clock.now()).slice(0, 4)}〕1号`);
    expect(n.body.reviewBody).toBe('重庆市大足区人民政府行政复议办公室'); // inherited by the town below too
    expect(n.body.court).toBe('重庆市大足区人民法院');
    const pdf = pdfText((await download(ctx, gas, n.body.pdfUrl)).bytes).replace(/\n/g, '');
    expect(pdf).toContain('责令限期整改指令书');
    expect(pdf).toContain('区经济信息委（印章）');
  });
});

describeOnEachDatabase('notice numbering under concurrency (R4.4)', (ctx) => {
  it('R4.4 twenty notices issued at once by one unit get 1..20, no gap, no duplicate', async () => {
    const town = await ctx().login('longgang');
    const venue = await venueIdOf(town, '老街火锅');
    const h = await reportHazard(town, venue);
    const year = Number(todayInChina(ctx().clock.now()).slice(0, 4));
    const results = await Promise.all(Array.from({ length: 20 }, () => town.post('/api/v1/notices', { items: [{ hazardId: h.id }], deadline: '2099-12-31', officers })));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const seqs = results.map((r) => r.body.seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.body.number)).size).toBe(20);
    expect(results.map((r) => r.body.number).sort()).toEqual(seqs.map((s) => `龙岗燃整改〔${year}〕${s}号`).sort());
    const [counter] = await ctx().db.select().from(noticeCounters).where(and(eq(noticeCounters.unitId, h.townId!), eq(noticeCounters.year, year)));
    expect(counter?.last).toBe(20);
    // A notice refused after its number was drawn (the number clashes with another unit's) gives
    // the number back: the unit's next notice is still its 1.
    const ids = await demoIds(ctx().db);
    const admin = await ctx().login('zhuanban');
    expect((await admin.put(`/api/v1/notices/settings/${ids.dazu}`, { abbreviations: { [ids.gasAuthority]: '龙岗燃整改' } })).status).toBe(200);
    const gas = await ctx().login('jingxin');
    const clash = await gas.post('/api/v1/notices', { items: [{ hazardId: h.id }], deadline: '2099-12-31', officers });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toBe(`文号 龙岗燃整改〔${year}〕1号 已被其他单位使用，请检查文号简称设置`);
    expect(await ctx().db.select().from(noticeCounters).where(eq(noticeCounters.unitId, ids.gasAuthority))).toEqual([]);
    expect((await admin.put(`/api/v1/notices/settings/${ids.dazu}`, { abbreviations: { [ids.gasAuthority]: null } })).status).toBe(200);
    const first = await gas.post('/api/v1/notices', { items: [{ hazardId: h.id }], deadline: '2099-12-31', officers });
    expect(first.body.number).toBe(`大足经济燃整改〔${year}〕1号`);
  });
});
