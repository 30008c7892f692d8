import { expect, it } from 'vitest';
import { describeOnEachDatabase } from '../../test/harness.js';

async function regionId(c: Awaited<ReturnType<ReturnType<Parameters<Parameters<typeof describeOnEachDatabase>[1]>[0]>['login']>>, q: string) {
  const res = await c.get(`/api/v1/regions?q=${encodeURIComponent(q)}`);
  return res.body.items[0].id as string;
}

describeOnEachDatabase('registry records', (ctx) => {
  it('R2.1 creates an enterprise with a valid credit code and refuses a bad checksum', async () => {
    const c = await ctx().login('zhuanban');
    const dazu = await regionId(c, '大足区');
    const bad = await c.post('/api/v1/registry/enterprise', { name: '甲燃气', creditCode: '91350100M000100Y44', kind: 'bottled_lpg', regionId: dazu });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields[0]).toMatchObject({ path: 'creditCode' });
    expect(bad.body.error.fields[0].message).toContain('统一社会信用代码');
    const ok = await c.post('/api/v1/registry/enterprise', { name: '甲燃气有限公司', creditCode: '91350100M000100Y43', kind: 'bottled_lpg', regionId: dazu, contactPhone: '13800131234' });
    expect(ok.status).toBe(201);
    expect(ok.body.contactPhone).toBe('138****1234');
    const dup = await c.post('/api/v1/registry/enterprise', { name: '别名', creditCode: '91350100M000100Y43', kind: 'bottled_lpg', regionId: dazu });
    expect(dup.status).toBe(409);
  });

  it('R2.2 lists expired, due and missing licences', async () => {
    const c = await ctx().login('zhuanban');
    const dazu = await regionId(c, '大足区');
    const ent = await c.post('/api/v1/registry/enterprise', { name: '乙液化气站', creditCode: '91110000600037341L', kind: 'filling_station', regionId: dazu });
    expect(ent.status).toBe(201);
    const lic = await c.post('/api/v1/registry/licence', { kind: 'gas_business', number: 'YQ-2020-001', enterpriseId: ent.body.id, validUntil: '2020-01-01' });
    expect(lic.status).toBe(201);
    expect(lic.body.validity).toBe('expired');
    const watch = await c.get(`/api/v1/registry/licence-watch?enterpriseId=${ent.body.id}`);
    expect(watch.status).toBe(200);
    const states = watch.body.items.map((i: { state: string; licenceKind: string }) => `${i.state}:${i.licenceKind}`).sort();
    expect(states).toEqual(['expired:gas_business', 'missing:cylinder_filling']);
  });

  it('searches Chinese names and filters by region subtree and kind', async () => {
    const c = await ctx().login('zhuanban');
    const longgang = await regionId(c, '龙岗街道');
    const tx = await regionId(c, '棠香街道');
    await c.post('/api/v1/registry/venue', { name: '川味火锅店', kind: 'restaurant', address: '龙岗街道1号', regionId: longgang, gasSource: 'bottled_lpg' });
    await c.post('/api/v1/registry/venue', { name: '棠香小学', kind: 'school', address: '棠香街道2号', regionId: tx });
    const hot = await c.get(`/api/v1/registry/venue?q=${encodeURIComponent('火锅')}`);
    expect(hot.body.items.map((v: { name: string }) => v.name)).toEqual(expect.arrayContaining(['川味火锅店', '老街火锅']));
    const inTx = await c.get(`/api/v1/registry/venue?regionId=${tx}`);
    expect(inTx.body.items.map((v: { name: string }) => v.name)).toEqual(['棠香小学']);
    const schools = await c.get('/api/v1/registry/venue?kind=school');
    expect(schools.body.total).toBe(1);
  });

  it('R1.4 a second district cannot see or change these records', async () => {
    const c = await ctx().login('zhuanban');
    const list = await c.get('/api/v1/registry/venue?q=' + encodeURIComponent('老街'));
    const id = list.body.items[0].id;
    const other = await ctx().login('tongliang');
    expect((await other.get(`/api/v1/registry/venue/${id}`)).status).toBe(404);
    expect((await other.patch(`/api/v1/registry/venue/${id}`, { name: '改名' })).status).toBe(404);
    expect((await other.get('/api/v1/registry/venue')).body.total).toBe(0);
    const again = await c.get(`/api/v1/registry/venue/${id}`);
    expect(again.body.record.name).toBe('老街火锅');
  });

  it('keeps the history of a record and masks personal data in it', async () => {
    const c = await ctx().login('zhuanban');
    const grid = await regionId(c, '第一网格');
    const h = await c.post('/api/v1/registry/household', { address: '五星大道 1 栋 2 单元 301', regionId: grid, holderName: '张三', holderIdNumber: '11010519491231002X', phone: '13912345678' });
    expect(h.status).toBe(201);
    expect(h.body.holderIdNumber).toBe('110105********002X');
    await c.patch(`/api/v1/registry/household/${h.body.id}`, { oldCommunity: true });
    const detail = await c.get(`/api/v1/registry/household/${h.body.id}`);
    expect(detail.body.history.map((e: { action: string }) => e.action)).toEqual(['household.update', 'household.create']);
    expect(JSON.stringify(detail.body.history)).not.toContain('13912345678');
    const reveal = await c.post(`/api/v1/registry/household/${h.body.id}/reveal`, { field: 'phone' });
    expect(reveal.body.value).toBe('13912345678');
    const audit = await (await ctx().login('admin')).get(`/api/v1/audit?action=personal_data.reveal&entityId=${h.body.id}`);
    expect(audit.body.total).toBe(1);
  });
});

describeOnEachDatabase('public lists (R2.8)', (ctx) => {
  it('shows the delivery-worker blacklist without login, with name and ID masked', async () => {
    const c = await ctx().login('zhuanban');
    const dazu = (await c.get(`/api/v1/regions?q=${encodeURIComponent('大足区')}`)).body.items[0].id;
    const add = await c.post('/api/v1/registry/blacklist', { personName: '欧阳明', idNumber: '440524188001010014', reason: '违规配送黑气', listedOn: '2026-03-01', regionId: dazu });
    expect(add.status).toBe(201);
    const pub = await ctx().anonymous().get('/api/v1/public/blacklist');
    expect(pub.status).toBe(200);
    expect(pub.body.items[0]).toMatchObject({ personName: '欧阳*', idNumber: '440524********0014', reason: '违规配送黑气' });
    expect(JSON.stringify(pub.body)).not.toContain('440524188001010014');
  });

  it('shows unqualified products without login and refuses anonymous writes', async () => {
    const c = await ctx().login('shichang');
    const dazu = (await c.get(`/api/v1/regions?q=${encodeURIComponent('大足区')}`)).body.items[0].id;
    const add = await c.post('/api/v1/registry/unqualified_product', { name: '燃气灶', category: 'stove', maker: '某厂', model: 'JZT-1', problem: '熄火保护失效', publishedOn: '2026-05-01', regionId: dazu });
    expect(add.status).toBe(201);
    const pub = await ctx().anonymous().get(`/api/v1/public/unqualified-products?q=${encodeURIComponent('燃气灶')}`);
    expect(pub.body.items.map((i: { problem: string }) => i.problem)).toContain('熄火保护失效');
    expect((await ctx().anonymous().post('/api/v1/registry/unqualified_product', { name: 'x' })).status).toBe(401);
  });
});
