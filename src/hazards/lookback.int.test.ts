import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { accountByUsername, auditOf, createVenue, demoIds } from '../../test/factories.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { hazards } from '../db/schema/index.js';
import { act, reportHazard, upload } from './followup.testkit.js';

/** A hazard fixed on the spot (closed at once), then dated as closed at `closedAt`. */
async function closedHazard(ctx: () => { db: import('../db/db.js').Db }, c: Client, venueId: string, closedAt: string) {
  const h = await reportHazard(c, venueId, { fixedOnSpot: true, photos: [await upload(c)], description: `当场整改 ${closedAt}` });
  await ctx().db.update(hazards).set({ closedAt: new Date(closedAt) }).where(eq(hazards.id, h.id));
  return h.id;
}

const idsOf = (batch: { items: { hazardId: string }[] }) => batch.items.map((i) => i.hazardId).sort();

describeOnEachDatabase('回头看 (R4.6)', (ctx) => {
  it('R4.6 draws a random sample of the requested size from hazards closed in the region and period only', async () => {
    const ids = await demoIds(ctx().db);
    const town = await ctx().login('longgang');
    const zhuanban = await ctx().login('zhuanban');
    const tangxiangVenue = await createVenue(ctx().db, ids.tangxiang);
    const inside = [
      await closedHazard(ctx, town, ids.venue, '2025-03-01T00:00:00+08:00'),
      await closedHazard(ctx, town, ids.venue, '2025-03-10T12:00:00+08:00'),
      await closedHazard(ctx, town, ids.venue, '2025-03-20T12:00:00+08:00'),
      await closedHazard(ctx, town, ids.venue, '2025-03-31T23:30:00+08:00'),
    ].sort();
    const elsewhere = [await closedHazard(ctx, zhuanban, tangxiangVenue.id, '2025-03-15T12:00:00+08:00'), await closedHazard(ctx, zhuanban, tangxiangVenue.id, '2025-03-16T12:00:00+08:00')];
    await closedHazard(ctx, town, ids.venue, '2025-04-01T00:10:00+08:00'); // the day after the period (China time)
    await closedHazard(ctx, town, ids.venue, '2025-02-28T23:50:00+08:00'); // the day before
    await reportHazard(town, ids.venue); // open: never sampled

    const three = await town.post('/api/v1/hazards/lookbacks', { regionId: ids.longgang, from: '2025-03-01', to: '2025-03-31', size: 3 });
    expect(three.status, JSON.stringify(three.body)).toBe(201);
    expect(three.body.batch).toMatchObject({ requestedSize: 3, size: 3, available: 4, unitType: 'region', unitName: '龙岗街道' });
    expect(three.body.items).toHaveLength(3);
    expect(idsOf(three.body).every((id) => inside.includes(id))).toBe(true);
    expect(three.body.items.every((i: { status: string; closedByName: string }) => i.status === 'pending' && i.closedByName === '龙岗街道 赵主任')).toBe(true);
    expect((await auditOf(ctx().db, three.body.batch.id)).map((a) => a.action)).toEqual(['lookback.create']);

    const capped = await town.post('/api/v1/hazards/lookbacks', { regionId: ids.longgang, from: '2025-03-01', to: '2025-03-31', size: 50 });
    expect(capped.body.batch).toMatchObject({ requestedSize: 50, size: 4 });
    expect(idsOf(capped.body)).toEqual(inside);

    const district = await zhuanban.post('/api/v1/hazards/lookbacks', { regionId: ids.dazu, from: '2025-03-01', to: '2025-03-31', size: 50 });
    expect(idsOf(district.body)).toEqual([...inside, ...elsewhere].sort());
    expect(district.body.batch.unitName).toBe('大足区');

    // A department's batch is assigned to the department.
    const dept = await (await ctx().login('jingxin')).post('/api/v1/hazards/lookbacks', { regionId: ids.dazu, from: '2025-03-01', to: '2025-03-31', size: 1 });
    expect(dept.body.batch).toMatchObject({ unitType: 'department', unitName: '区经济信息委', size: 1 });

    expect((await town.post('/api/v1/hazards/lookbacks', { regionId: ids.longgang, from: '2025-07-01', to: '2025-07-31', size: 3 })).status).toBe(422);
    expect((await town.post('/api/v1/hazards/lookbacks', { regionId: ids.longgang, from: '2025-03-31', to: '2025-03-01', size: 3 })).status).toBe(422);
    expect((await (await ctx().login('wangge')).post('/api/v1/hazards/lookbacks', { regionId: ids.longgang, from: '2025-03-01', to: '2025-03-31', size: 3 })).status).toBe(403);
    expect((await (await ctx().login('tongliang')).post('/api/v1/hazards/lookbacks', { regionId: ids.longgang, from: '2025-03-01', to: '2025-03-31', size: 3 })).status).toBe(404);
    expect((await (await ctx().login('tongliang')).get(`/api/v1/hazards/lookbacks/${three.body.batch.id}`)).status).toBe(404);
    expect((await (await ctx().login('canting')).get(`/api/v1/hazards/lookbacks/${three.body.batch.id}`)).status).toBe(403);

    // A grid worker of the town re-inspects one: passed, confirmed.
    const grid = await ctx().login('wangge');
    const item = three.body.items[0];
    const passed = await grid.post(`/api/v1/hazards/lookbacks/${three.body.batch.id}/items/${item.id}`, { result: 'passed', note: '复查合格', photos: [await upload(grid)] });
    expect(passed.status, JSON.stringify(passed.body)).toBe(200);
    expect(passed.body.items.find((i: { id: string }) => i.id === item.id)).toMatchObject({ status: 'confirmed', checkedByName: '网格员 陈晓', reboundHazardId: null });
    expect((await grid.post(`/api/v1/hazards/lookbacks/${three.body.batch.id}/items/${item.id}`, { result: 'failed' })).status).toBe(409);
    const list = await town.get('/api/v1/hazards/lookbacks');
    expect(list.body.total).toBe(4);
  });

  it('R4.6 a failed re-inspection is a rebound linked to the closed hazard, counted per region and for the reviewer who closed it', async () => {
    const ids = await demoIds(ctx().db);
    const town = await ctx().login('longgang');
    const owner = await ctx().login('canting');
    const market = await ctx().login('shichang'); // lead department of 问题软管 at restaurants: it reviews
    const h = await reportHazard(town, ids.venue, { description: '软管老化开裂' });
    await act(town, h.id, 'assign', { deadline: '2025-06-10', responsiblePerson: '店主' });
    await act(owner, h.id, 'start');
    await act(owner, h.id, 'request_review', { photos: [await upload(owner)] });
    await act(market, h.id, 'close', { comment: '已更换' });
    await ctx().db.update(hazards).set({ closedAt: new Date('2025-06-15T10:00:00+08:00') }).where(eq(hazards.id, h.id));

    const batch = (await town.post('/api/v1/hazards/lookbacks', { regionId: ids.longgang, from: '2025-06-01', to: '2025-06-30', size: 5 })).body;
    expect(idsOf(batch)).toEqual([h.id]);
    expect(batch.items[0].closedByName).toBe('区市场监管局 王科长');
    const url = `/api/v1/hazards/lookbacks/${batch.batch.id}/items/${batch.items[0].id}`;
    // The batch belongs to the town: a department's officer may not record it.
    expect((await market.post(url, { result: 'passed' })).status).toBe(403);

    const failed = await town.post(url, { result: 'failed', description: '软管再次老化开裂', photos: [await upload(town)] });
    expect(failed.status, JSON.stringify(failed.body)).toBe(200);
    const item = failed.body.items[0];
    expect(item.status).toBe('rebound');
    const rebound = (await town.get(`/api/v1/hazards/${item.reboundHazardId}`)).body.hazard;
    expect(rebound).toMatchObject({ reboundOf: h.id, subjectId: ids.venue, category: 'problem_hose', state: 'reported', description: '软管再次老化开裂', source: 'inspection' });
    const original = await town.get(`/api/v1/hazards/${h.id}`);
    expect(original.body.events.at(-1)).toMatchObject({ action: 'lookback', data: { result: 'rebound', reboundHazardId: item.reboundHazardId } });
    expect((await auditOf(ctx().db, item.id)).map((a) => a.action)).toEqual(['lookback.rebound']);

    // The town sees only its own subtree; the task force asks for the district.
    expect((await town.get(`/api/v1/hazards/rebounds/stats?regionId=${ids.dazu}`)).status).toBe(404);
    const zhuanban = await ctx().login('zhuanban');
    const all = await zhuanban.get(`/api/v1/hazards/rebounds/stats?regionId=${ids.dazu}&from=2026-01-01&to=2099-12-31`);
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.total).toBe(1);
    expect(all.body.byRegion).toEqual([{ regionId: ids.longgang, regionName: '龙岗街道', regionCode: '500111001000', rebounds: 1 }]);
    expect(all.body.byReviewer).toEqual([{ accountId: (await accountByUsername(ctx().db, 'shichang')).id, name: '区市场监管局 王科长', rebounds: 1 }]);
    const none = await zhuanban.get(`/api/v1/hazards/rebounds/stats?regionId=${ids.dazu}&from=2020-01-01&to=2020-12-31`);
    expect(none.body).toMatchObject({ total: 0, byRegion: [], byReviewer: [] });
    const own = await town.get('/api/v1/hazards/rebounds/stats');
    expect(own.body.total).toBe(1);
    expect((await (await ctx().login('tongliang')).get('/api/v1/hazards/rebounds/stats')).body.total).toBe(0);
  });
});
