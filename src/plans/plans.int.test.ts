import { expect, it } from 'vitest';
import { describeOnEachDatabase } from '../../test/harness.js';

describeOnEachDatabase('inspection plans and joint visits (R3.6)', (ctx) => {
  it('a campaign plan targets every restaurant of the region within its dates', async () => {
    const c = await ctx().login('zhuanban');
    const dazu = (await c.get(`/api/v1/regions?q=${encodeURIComponent('大足区')}`)).body.items[0].id;
    const restaurants = (await c.get('/api/v1/registry/venue?kind=restaurant&pageSize=200')).body.total as number;
    const res = await c.post('/api/v1/inspection-plans', { name: '餐饮场所燃气安全全覆盖排查', kind: 'campaign', regionId: dazu, subjectType: 'venue', subjectKinds: ['restaurant'], startDate: '2026-09-01', endDate: '2026-12-31' });
    expect(res.status).toBe(201);
    expect(res.body.tasks).toBe(restaurants);
    const tasks = await c.get(`/api/v1/inspection-tasks?planId=${res.body.plan.id}`);
    expect(tasks.body.total).toBe(restaurants);
    expect(tasks.body.items[0]).toMatchObject({ dueFrom: '2026-09-01', dueTo: '2026-12-31', status: 'open' });
  });

  it('a monthly patrol by the town creates one visit per month', async () => {
    const town = await ctx().login('longgang');
    const me = (await town.get('/api/v1/me')).body;
    const res = await town.post('/api/v1/inspection-plans', { name: '月度巡查', kind: 'recurring', intervalMonths: 1, openHazardIntervalDays: 7, regionId: me.region.id, subjectType: 'venue', subjectKinds: ['restaurant'], startDate: '2026-01-01', endDate: '2026-03-31' });
    expect(res.status).toBe(201);
    const perSubject = res.body.tasks / 3;
    expect(Number.isInteger(perSubject) && perSubject >= 1).toBe(true);
  });

  it('two departments planning the same restaurant in overlapping windows get one joint visit, each seeing what the others check', async () => {
    const fire = await ctx().login('shichang'); // market supervision
    const gas = await ctx().login('jingxin'); // gas authority
    const dazu = (await fire.get(`/api/v1/regions?q=${encodeURIComponent('大足区')}`)).body.items[0].id;
    const a = await fire.post('/api/v1/inspection-plans', { name: '市场监管 检查', kind: 'campaign', regionId: dazu, subjectType: 'venue', subjectKinds: ['restaurant'], startDate: '2027-03-01', endDate: '2027-03-31' });
    expect(a.body.jointVisits).toBe(0);
    const b = await gas.post('/api/v1/inspection-plans', { name: '燃气主管部门 检查', kind: 'campaign', regionId: dazu, subjectType: 'venue', subjectKinds: ['restaurant'], startDate: '2027-03-20', endDate: '2027-04-30' });
    expect(b.body.jointVisits).toBeGreaterThanOrEqual(1);
    const list = await gas.get('/api/v1/joint-visits?status=proposed');
    const visit = list.body.items.find((v: { windowFrom: string }) => v.windowFrom === '2027-03-20');
    expect(visit).toMatchObject({ windowFrom: '2027-03-20', windowTo: '2027-03-31' });
    const detail = await fire.get(`/api/v1/joint-visits/${visit.id}`);
    const names = detail.body.departments.map((d: { name: string }) => d.name).sort();
    expect(names).toEqual(['区市场监管局', '区经济信息委'].sort());
    const market = detail.body.departments.find((d: { name: string }) => d.name === '区市场监管局');
    expect(market.items.length).toBeGreaterThan(0);
    expect(market.items.map((i: { code: string }) => i.code)).toContain('RST-COUNTERFEIT-HOSE');
    expect((await fire.post(`/api/v1/joint-visits/${visit.id}/accept`)).body.status).toBe('accepted');
    expect((await gas.post(`/api/v1/joint-visits/${visit.id}/decline`)).status).toBe(409);
  });

  it('R1.4 another district sees none of these plans', async () => {
    const other = await ctx().login('tongliang');
    expect((await other.get('/api/v1/inspection-plans')).body.total).toBe(0);
    expect((await other.get('/api/v1/inspection-tasks')).body.total).toBe(0);
    const dazu = (await (await ctx().login('zhuanban')).get(`/api/v1/regions?q=${encodeURIComponent('大足区')}`)).body.items[0].id;
    expect((await other.post('/api/v1/inspection-plans', { name: 'x', kind: 'campaign', regionId: dazu, subjectType: 'venue', subjectKinds: [], startDate: '2026-01-01', endDate: '2026-01-31' })).status).toBe(404);
  });
});
