import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { activate, auditOf, createAccount, createEnterprise, demoIds, fingerprint } from '../../test/factories.js';
import { describeOnEachDatabase } from '../../test/harness.js';
import { venues } from '../db/schema/index.js';
import { act, reportHazard, upload, venueIdOf } from './followup.testkit.js';

describeOnEachDatabase('enforcement and supply suspension (R4.5)', (ctx) => {
  beforeAll(async () => {
    // 老街火锅 buys its gas from 大足燃气 (the demo data leaves the supplier empty).
    const ids = await demoIds(ctx().db);
    await ctx().db.update(venues).set({ supplierId: ids.enterprise }).where(eq(venues.id, ids.venue));
  });

  it('R4.5 officials record fines, seizures, referrals with date, officer, document number and files; listed on the hazard', async () => {
    const town = await ctx().login('longgang');
    const venue = await venueIdOf(town, '老街火锅');
    const h = await reportHazard(town, venue, { description: '使用不合格减压阀' });
    const doc = await upload(town, 'evidence');
    const fine = await town.post(`/api/v1/hazards/${h.id}/enforcement`, { kind: 'fine', amountYuan: 5000, actionDate: '2026-03-10', officer: '赵明 渝执500111001', documentNo: '足龙岗罚〔2026〕3号', files: [doc], note: '当场送达' });
    expect(fine.status, JSON.stringify(fine.body)).toBe(201);
    expect(fine.body).toMatchObject({ kind: 'fine', amountYuan: 5000, documentNo: '足龙岗罚〔2026〕3号', kindLabel: { zh: '罚款' } });
    const market = await ctx().login('shichang'); // lead department of 问题软管 at restaurants
    expect((await market.post(`/api/v1/hazards/${h.id}/enforcement`, { kind: 'referral_market', officer: '王科长' })).status).toBe(201);
    expect((await town.post(`/api/v1/hazards/${h.id}/enforcement`, { kind: 'seizure', officer: '赵明', note: '查封不合格减压阀 2 个' })).status).toBe(201);

    // A fine needs its amount; only a fine has one; grid workers and the venue record none.
    expect((await town.post(`/api/v1/hazards/${h.id}/enforcement`, { kind: 'fine', officer: '赵明' })).status).toBe(422);
    expect((await town.post(`/api/v1/hazards/${h.id}/enforcement`, { kind: 'stop_use', officer: '赵明', amountYuan: 1 })).status).toBe(422);
    expect((await (await ctx().login('wangge')).post(`/api/v1/hazards/${h.id}/enforcement`, { kind: 'stop_use', officer: '陈晓' })).status).toBe(403);
    expect((await (await ctx().login('canting')).post(`/api/v1/hazards/${h.id}/enforcement`, { kind: 'stop_use', officer: 'x' })).status).toBe(403);
    expect((await (await ctx().login('tongliang')).post(`/api/v1/hazards/${h.id}/enforcement`, { kind: 'stop_use', officer: 'x' })).status).toBe(404);

    const detail = await town.get(`/api/v1/hazards/${h.id}`);
    expect(detail.body.enforcement.map((e: { kind: string }) => e.kind)).toEqual(['fine', 'referral_market', 'seizure']);
    expect(detail.body.enforcement[0]).toMatchObject({ officer: '赵明 渝执500111001', actionDate: '2026-03-10', recordedByName: '龙岗街道 赵主任', files: [{ id: doc, url: `/api/v1/files/${doc}` }] });
    expect(detail.body.enforcement[2].actionDate).toMatch(/^\d{4}-\d{2}-\d{2}$/); // defaults to today
    expect(detail.body.events.filter((e: { action: string }) => e.action === 'enforcement').map((e: { comment: string }) => e.comment)).toEqual(['罚款', '移送市场监管溯源', '查封扣押']);
    expect((await auditOf(ctx().db, fine.body.id)).map((a) => a.action)).toEqual(['enforcement.fine']);
  });

  it('R4.5 the supplier suspends supply to a user who refuses to rectify; the subject shows suspended; closing prompts restoration; restoration clears it', async () => {
    const ids = await demoIds(ctx().db);
    const town = await ctx().login('longgang');
    const h = await reportHazard(town, ids.venue, { description: '拒不更换老化软管' });
    await act(town, h.id, 'assign', { deadline: '2099-12-31', responsiblePerson: '店主' });

    // An enterprise that does not supply this user is refused and changes nothing.
    const zhuanban = await ctx().login('zhuanban');
    const stranger = await createEnterprise(ctx().db, ids.longgang);
    const other = await activate(ctx(), await createAccount(zhuanban, { role: 'enterprise_admin', regionId: ids.longgang, enterpriseId: stranger.id }));
    const before = await fingerprint(ctx().db);
    const refused = await other.post(`/api/v1/hazards/${h.id}/supply/suspend`, { officer: '他人' });
    expect([403, 404]).toContain(refused.status);
    expect(await fingerprint(ctx().db)).toEqual(before);
    // The venue itself cannot either.
    expect((await (await ctx().login('canting')).post(`/api/v1/hazards/${h.id}/supply/suspend`, { officer: '店主' })).status).toBe(403);

    const gas = await ctx().login('qiye');
    const listed = await gas.get('/api/v1/hazards/supply');
    expect(listed.body.items.map((x: { id: string }) => x.id)).toContain(h.id);
    const suspended = await gas.post(`/api/v1/hazards/${h.id}/supply/suspend`, { officer: '大足燃气 安全部 孙工', documentNo: '停气告知〔2026〕8号', note: '用户拒不整改' });
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(201);
    expect(suspended.body.supplySuspended).toBe(true);
    expect((await gas.post(`/api/v1/hazards/${h.id}/supply/suspend`, { officer: 'again' })).status).toBe(409);

    // Suspended everywhere: the registry record and list, the hazard list and detail.
    expect((await zhuanban.get(`/api/v1/registry/venue/${ids.venue}`)).body.record.supplySuspended).toBe(true);
    expect((await zhuanban.get(`/api/v1/registry/venue?q=${encodeURIComponent('老街火锅')}`)).body.items[0].supplySuspended).toBe(true);
    const list = await zhuanban.get(`/api/v1/hazards?subjectId=${ids.venue}`);
    expect(list.body.items.every((x: { supplySuspended: boolean }) => x.supplySuspended === true)).toBe(true);
    expect((await town.get(`/api/v1/hazards/${h.id}`)).body.hazard).toMatchObject({ supplySuspended: true, promptRestoreSupply: false });
    expect((await gas.get(`/api/v1/hazards/${h.id}/enforcement`)).body).toMatchObject({ supplySuspended: true, enforcement: [{ kind: 'supply_suspension', recordedByName: '大足燃气 安全部' }] });

    // Not restorable while the hazard is open.
    const early = await gas.post(`/api/v1/hazards/${h.id}/supply/restore`, { officer: '孙工' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('隐患尚未销号，不能恢复供气');

    const owner = await ctx().login('canting');
    await act(owner, h.id, 'start');
    await act(owner, h.id, 'request_review', { photos: [await upload(owner)] });
    const closed = await act(town, h.id, 'close', { comment: '已更换金属软管' });
    expect(closed).toMatchObject({ state: 'closed', supplySuspended: true, promptRestoreSupply: true });
    expect((await town.get(`/api/v1/hazards/${h.id}`)).body.hazard.promptRestoreSupply).toBe(true);

    // The unrelated enterprise cannot restore either; the supplier does.
    expect([403, 404]).toContain((await other.post(`/api/v1/hazards/${h.id}/supply/restore`, { officer: '他人' })).status);
    const restored = await gas.post(`/api/v1/hazards/${h.id}/supply/restore`, { officer: '大足燃气 安全部 孙工', note: '复查合格后恢复供气' });
    expect(restored.status, JSON.stringify(restored.body)).toBe(201);
    expect(restored.body.suspension.restoredAt).not.toBeNull();
    expect((await zhuanban.get(`/api/v1/registry/venue/${ids.venue}`)).body.record.supplySuspended).toBe(false);
    const after = await town.get(`/api/v1/hazards/${h.id}`);
    expect(after.body.hazard).toMatchObject({ supplySuspended: false, promptRestoreSupply: false });
    expect(after.body.enforcement.map((e: { kind: string; recordedByName: string }) => [e.kind, e.recordedByName])).toEqual([
      ['supply_suspension', '大足燃气 安全部'],
      ['supply_restoration', '大足燃气 安全部'],
    ]);
    expect((await gas.post(`/api/v1/hazards/${h.id}/supply/restore`, { officer: 'again' })).status).toBe(409);
    expect((await auditOf(ctx().db, suspended.body.suspension.id)).map((a) => a.action)).toEqual(['supply.restore', 'supply.suspend']);
  });

  it('R4.5 supply is suspended only for gas users, not for enterprises', async () => {
    const zhuanban = await ctx().login('zhuanban');
    const ids = await demoIds(ctx().db);
    const h = (await zhuanban.post('/api/v1/hazards', { subjectType: 'enterprise', subjectId: ids.enterprise, category: 'management', severity: 'general', description: '安全管理制度不健全' })).body.hazard;
    const res = await zhuanban.post(`/api/v1/hazards/${h.id}/supply/suspend`, { officer: '专班' });
    expect(res.status).toBe(422);
    expect(res.body.error.fields[0].message).toBe('只能对用气场所或居民用户暂停或恢复供气');
  });
});
