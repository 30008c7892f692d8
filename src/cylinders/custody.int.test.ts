import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { cylinderEvents, regions, vehicles } from '../db/schema/index.js';
import { bearer, createPerson, day, deliverBody, demo, fillingBody, registerCylinder, stationToken, type Demo } from '../../test/cylinders.js';
import { epcisValidator } from '../../test/epcis.js';
import { activate, createAccount, createEnterprise } from '../../test/factories.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';

describeOnEachDatabase('cylinders: chain of custody', (ctx) => {
  let qiye: Client;
  let songqi: Client;
  let token: string;
  let d: Demo;
  const scale = () => ctx().anonymous();

  beforeAll(async () => {
    qiye = await ctx().login('qiye');
    songqi = await ctx().login('songqi');
    d = await demo(ctx());
    token = await stationToken(qiye, d.longgang);
  });

  /** A new cylinder, filled at 大足燃气 and out of the station. */
  async function filledCylinder(model = 'YSP-15') {
    const c = await registerCylinder(qiye, { model });
    const f = await scale().post('/api/v1/cylinders/fillings', fillingBody(c.code, model === 'YSP-15' ? 14.6 : 49.6, { operatorId: d.liu.id }), bearer(token));
    expect(f.status, JSON.stringify(f.body)).toBe(201);
    expect((await scale().post(`/api/v1/cylinders/${c.code}/events`, { type: 'leave_station', lat: 29.7051, lng: 105.7189 }, bearer(token))).status).toBe(201);
    return c;
  }

  it('R6.3 the whole chain — filled, left, loaded with its bound worker, delivered with 随瓶安检, empty collected, inspected — each step with time, place and who', async () => {
    const c = await filledCylinder();
    const load = await songqi.post(`/api/v1/cylinders/${c.code}/events`, { type: 'load', vehicleId: d.van.id, workerId: d.zhou.id, lat: 29.7051, lng: 105.7189 });
    expect(load.status, JSON.stringify(load.body)).toBe(201);
    expect(load.body.flags).toEqual([]);
    expect(load.body.cylinder).toMatchObject({ holderType: 'vehicle', holderName: '渝AD2026' });
    const deliver = await songqi.post(`/api/v1/cylinders/${c.code}/events`, await deliverBody(songqi, 'venue', d.shop.id, { lat: 29.7063, lng: 105.7216 }));
    expect(deliver.status, JSON.stringify(deliver.body)).toBe(201);
    expect(deliver.body.flags).toEqual([]);
    expect(deliver.body.inspection).toMatchObject({ findings: 0 });
    expect(deliver.body.event).toMatchObject({ vehicleId: d.van.id, workerId: d.zhou.id, userType: 'venue', userId: d.shop.id, regionId: d.wuxing });
    const collect = await songqi.post(`/api/v1/cylinders/${c.code}/events`, { type: 'collect_empty', userType: 'venue', userId: d.shop.id, vehicleId: d.van.id });
    expect(collect.status).toBe(201);
    expect((await qiye.post(`/api/v1/cylinders/${c.code}/events`, { type: 'send_to_inspection' })).body.cylinder.state).toBe('due_for_inspection');
    const passed = await qiye.post(`/api/v1/cylinders/${c.code}/events`, { type: 'inspection_result', result: 'pass', inspectedOn: day(0), reportNo: 'JY-001' });
    expect(passed.status, JSON.stringify(passed.body)).toBe(201);
    expect(passed.body.cylinder).toMatchObject({ state: 'in_service', lastInspectionDate: day(0), nextInspectionDate: `${Number(day(0).slice(0, 4)) + 4}${day(0).slice(4)}` });

    const detail = await qiye.get(`/api/v1/cylinders/${c.code}`);
    expect(detail.status).toBe(200);
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(['commissioning', 'filling', 'leave_station', 'load', 'deliver', 'collect_empty', 'send_to_inspection', 'inspection_result']);
    for (const e of detail.body.events) {
      expect(e.at).toBeTruthy();
      expect(e.regionId).toBeTruthy();
      expect(e.actorLabel).toBeTruthy();
    }
    const deliverEv = detail.body.events[4];
    expect(deliverEv).toMatchObject({ actorLabel: 'songqi', regionName: '五星社区', data: { userName: '五星小面馆', workerName: '周*', vehiclePlate: '渝AD2026' } });
    expect(detail.body.events[1]).toMatchObject({ actorLabel: expect.stringMatching(/^token:/), lat: null });
    const timeline = await qiye.get(`/api/v1/cylinders/${c.code}/events`);
    expect(timeline.body.events).toHaveLength(8);
  });

  it('R6.3 loading with a worker who is not the vehicle’s bound worker is allowed but flagged (人车不对应)', async () => {
    const c = await filledCylinder();
    const other = await createPerson(ctx(), d.ent.id, d.longgang);
    const load = await songqi.post(`/api/v1/cylinders/${c.code}/events`, { type: 'load', vehicleId: d.van.id, workerId: other.id });
    expect(load.status).toBe(201);
    expect(load.body.flags).toEqual(['UNBOUND_WORKER']);
    const [row] = await ctx().db.select().from(cylinderEvents).where(eq(cylinderEvents.id, load.body.event.id));
    expect(row!.flags).toEqual(['UNBOUND_WORKER']);
  });

  it('R6.3 a delivery outside the vehicle’s fixed area is recorded and flagged OUTSIDE_AREA; worker and vehicle come from the loading', async () => {
    const zhuanban = await ctx().login('zhuanban');
    const beishan = (await ctx().db.select().from(regions).where(eq(regions.name, '北山社区')))[0]!.id;
    const far = await zhuanban.post('/api/v1/registry/venue', { name: `北山小炒${Date.now()}`, address: `北山路 ${Date.now() % 1000} 号`, kind: 'restaurant', gasSource: 'bottled_lpg', supplierId: d.ent.id, regionId: beishan });
    expect(far.status, JSON.stringify(far.body)).toBe(201);
    // A van of 周平 whose fixed area is 五星社区 only.
    const [van] = await ctx().db.insert(vehicles).values({ regionId: d.longgang, enterpriseId: d.ent.id, plateNumber: `渝AW${String(Date.now() % 10000).padStart(4, '0')}`, kind: 'delivery', registered: true, boundWorkerId: d.zhou.id, deliveryAreaId: d.wuxing }).returning();
    const c = await filledCylinder();
    await songqi.post(`/api/v1/cylinders/${c.code}/events`, { type: 'load', vehicleId: van!.id, workerId: d.zhou.id });
    const deliver = await songqi.post(`/api/v1/cylinders/${c.code}/events`, await deliverBody(songqi, 'venue', far.body.id));
    expect(deliver.status, JSON.stringify(deliver.body)).toBe(201);
    expect(deliver.body.flags).toEqual(['OUTSIDE_AREA']);
    expect(deliver.body.event).toMatchObject({ vehicleId: van!.id, workerId: d.zhou.id, regionId: beishan });
    // Inside the area: no flag.
    const c2 = await filledCylinder();
    await songqi.post(`/api/v1/cylinders/${c2.code}/events`, { type: 'load', vehicleId: van!.id, workerId: d.zhou.id });
    expect((await songqi.post(`/api/v1/cylinders/${c2.code}/events`, await deliverBody(songqi, 'venue', d.shop.id))).body.flags).toEqual([]);
  });

  it('R6.3 a 随瓶安检 that fails one item creates a hazard of the user; sending the same form again creates nothing more', async () => {
    const c = await filledCylinder();
    await songqi.post(`/api/v1/cylinders/${c.code}/events`, { type: 'load', vehicleId: d.van.id, workerId: d.zhou.id });
    const body = await deliverBody(songqi, 'venue', d.shop.id, {}, { 'DLV-HOSE-LENGTH': { value: 2.5 } });
    const res = await songqi.post(`/api/v1/cylinders/${c.code}/events`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.inspection.findings).toBe(1);
    expect(res.body.hazards).toHaveLength(1);
    expect(res.body.hazards[0]).toMatchObject({ itemCode: 'DLV-HOSE-LENGTH', subjectName: '五星小面馆', severity: 'general' });
    const zhuanban = await ctx().login('zhuanban');
    const hazard = await zhuanban.get(`/api/v1/hazards/${res.body.hazards[0].id}`);
    expect(hazard.body.hazard).toMatchObject({ subjectType: 'venue', subjectId: d.shop.id, source: 'inspection', category: 'problem_hose' });
    expect(hazard.body.hazard.description).toContain('2.5');
    const again = await songqi.post(`/api/v1/cylinders/${c.code}/events`, body);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    const events = await ctx().db.select().from(cylinderEvents).where(eq(cylinderEvents.cylinderId, c.id));
    expect(events.filter((e) => e.type === 'deliver')).toHaveLength(1);
    // Answers must cover every DLV item of the user.
    const partial = await songqi.post(`/api/v1/cylinders/${c.code}/events`, { ...(await deliverBody(songqi, 'venue', d.shop.id)), check: { clientUuid: crypto.randomUUID(), answers: [] } });
    expect(partial.status).toBe(422);
    expect(partial.body.error.fields[0].message).toContain('DLV-');
  });

  it('R6.6 recall, seizure and release by market supervision; scrapping (去功能化) retires the code: no further step, no filling', async () => {
    const c = await registerCylinder(qiye);
    const shichang = await ctx().login('shichang');
    expect((await qiye.post(`/api/v1/cylinders/${c.code}/events`, { type: 'seize', reason: 'x' })).status).toBe(403);
    const seized = await shichang.post(`/api/v1/cylinders/${c.code}/events`, { type: 'seize', reason: '涉嫌非法充装' });
    expect(seized.status, JSON.stringify(seized.body)).toBe(201);
    expect(seized.body.cylinder).toMatchObject({ state: 'seized', stateReason: '涉嫌非法充装' });
    expect((await songqi.post(`/api/v1/cylinders/${c.code}/events`, { type: 'load', vehicleId: d.van.id, workerId: d.zhou.id })).status).toBe(409);
    expect((await scale().post('/api/v1/cylinders/fill-checks', { code: c.code }, bearer(token))).body.reasons).toEqual(['SEIZED']);
    expect((await shichang.post(`/api/v1/cylinders/${c.code}/events`, { type: 'release', reason: '核查无问题' })).body.cylinder.state).toBe('in_service');
    const recalled = await qiye.post(`/api/v1/cylinders/${c.code}/events`, { type: 'recall', reason: '批次缺陷召回' });
    expect(recalled.body.cylinder.state).toBe('recalled');
    const scrapped = await qiye.post(`/api/v1/cylinders/${c.code}/events`, { type: 'scrap', method: '钻孔', reason: '召回后报废' });
    expect(scrapped.status).toBe(201);
    expect(scrapped.body.cylinder).toMatchObject({ state: 'scrapped', holderType: 'none' });
    expect((await qiye.post(`/api/v1/cylinders/${c.code}/events`, { type: 'collect_empty' })).status).toBe(409);
    expect((await scale().post('/api/v1/cylinders/fill-checks', { code: c.code }, bearer(token))).body.reasons).toEqual(['SCRAPPED']);
    // A failed periodic inspection (判废) scraps the cylinder; the agency's 去功能化 is then recorded once.
    const failed = await registerCylinder(qiye);
    await qiye.post(`/api/v1/cylinders/${failed.code}/events`, { type: 'send_to_inspection' });
    const result = await qiye.post(`/api/v1/cylinders/${failed.code}/events`, { type: 'inspection_result', result: 'fail', inspectedOn: day(0) });
    expect(result.body.cylinder).toMatchObject({ state: 'scrapped', holderType: 'inspection' });
    expect((await qiye.post(`/api/v1/cylinders/${failed.code}/events`, { type: 'scrap', method: '压扁' })).status).toBe(201);
    expect((await qiye.post(`/api/v1/cylinders/${failed.code}/events`, { type: 'scrap', method: '压扁' })).status).toBe(409);
  });

  it('R6.3 the EPCIS export of a timeline is a valid GS1 EPCIS 2.0 document with the filling step as a gg: URI', async () => {
    const c = await filledCylinder();
    await songqi.post(`/api/v1/cylinders/${c.code}/events`, { type: 'load', vehicleId: d.van.id, workerId: d.zhou.id });
    await songqi.post(`/api/v1/cylinders/${c.code}/events`, await deliverBody(songqi, 'venue', d.shop.id));
    const res = await qiye.get(`/api/v1/cylinders/${c.code}/events?format=epcis`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('application/ld+json');
    const validate = epcisValidator();
    expect(validate(res.body), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const steps = res.body.epcisBody.eventList.map((e: { bizStep: string }) => e.bizStep);
    expect(steps).toEqual(['commissioning', 'ggbs:filling', 'shipping', 'loading', 'receiving']);
    expect(res.body.epcisBody.eventList[1]).toMatchObject({ eventTimeZoneOffset: '+08:00', 'gg:netWeightKg': 14.6, epcList: [`https://gasguard.example/c/${c.code}`] });
    expect(JSON.stringify(res.body)).not.toContain('周平');
  });

  it('R1.4 scope: tongliang and another enterprise’s accounts can neither read nor move 大足燃气’s cylinders', async () => {
    const c = await registerCylinder(qiye);
    const tongliang = await ctx().login('tongliang');
    expect((await tongliang.get(`/api/v1/cylinders/${c.code}`)).status).toBe(404);
    expect((await tongliang.get(`/api/v1/cylinders/${c.code}/events`)).status).toBe(404);
    expect((await tongliang.post(`/api/v1/cylinders/${c.code}/events`, { type: 'seize', reason: '越权' })).status).toBe(404);
    expect((await tongliang.get('/api/v1/cylinders')).body.items.some((x: { code: string }) => x.code === c.code)).toBe(false);
    const other = await createEnterprise(ctx().db, d.longgang);
    const otherAdmin = await activate(ctx(), await createAccount(await ctx().login('zhuanban'), { role: 'enterprise_admin', regionId: d.longgang, enterpriseId: other.id }));
    expect((await otherAdmin.get(`/api/v1/cylinders/${c.code}`)).status).toBe(404);
    expect((await otherAdmin.patch(`/api/v1/cylinders/${c.code}`, { refurbished: true })).status).toBe(404);
    expect((await otherAdmin.post(`/api/v1/cylinders/${c.code}/events`, { type: 'recall', reason: '越权' })).status).toBe(404);
    expect((await otherAdmin.get(`/api/v1/cylinders/labels.pdf?codes=${c.code}`)).status).toBe(404);
    const steal = await otherAdmin.post('/api/v1/cylinders', { maker: 'x', serialNumber: 'y', model: 'YSP-15', manufactureDate: day(-10), ownerEnterpriseId: d.ent.id });
    expect(steal.status).toBe(422);
    expect((await otherAdmin.get('/api/v1/cylinders')).body.items).toEqual([]);
  });
});
