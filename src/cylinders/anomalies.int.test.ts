import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { cylinderEvents, households, licences, regions, vehicles } from '../db/schema/index.js';
import { bearer, createPerson, createStation, deliverBody, demo, fillingBody, registerCylinder, stationToken, type Demo } from '../../test/cylinders.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { runAnomalyScan } from './anomalies.service.js';

describeOnEachDatabase('cylinders: anomalies pointing to illegal gas (R6.4)', (ctx) => {
  let qiye: Client;
  let songqi: Client;
  let zhuanban: Client;
  let token: string;
  let d: Demo;
  const scale = () => ctx().anonymous();

  beforeAll(async () => {
    qiye = await ctx().login('qiye');
    songqi = await ctx().login('songqi');
    zhuanban = await ctx().login('zhuanban');
    d = await demo(ctx());
    token = await stationToken(qiye, d.longgang);
    // Tests scan right after writing: no settling time.
    const admin = await ctx().login('admin');
    expect((await admin.patch('/api/v1/cylinders/settings', { scanSettleSeconds: 0 })).status).toBe(200);
  });

  const step = async (code: string, body: Record<string, unknown>, who: Client = songqi) => {
    const res = await who.post(`/api/v1/cylinders/${code}/events`, body);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  };
  const fill = async (code: string) => {
    const res = await scale().post('/api/v1/cylinders/fillings', fillingBody(code, 14.6, { operatorId: d.liu.id }), bearer(token));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };
  const load = (code: string, workerId = d.zhou.id, vehicleId = d.van.id) => step(code, { type: 'load', vehicleId, workerId });
  const deliver = async (code: string, userType: 'venue' | 'household' = 'venue', userId = d.shop.id) => step(code, await deliverBody(songqi, userType, userId));
  const scan = async () => {
    const res = await zhuanban.post('/api/v1/cylinders/anomalies/scan', {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const kindsOf = async (code: string) => {
    const res = await zhuanban.get(`/api/v1/cylinders/anomalies?code=${code}&pageSize=100`);
    expect(res.status).toBe(200);
    return (res.body.items as { kind: string; explanation: string }[]).map((a) => a.kind).sort();
  };

  it('R6.4 NO_LICENSED_FILLING: delivered with no filling at a licensed station since the last delivery — and not when filled in between', async () => {
    const never = await registerCylinder(qiye);
    await load(never.code);
    await deliver(never.code);
    const ok = await registerCylinder(qiye);
    await fill(ok.code);
    await load(ok.code);
    await deliver(ok.code);
    const again = await registerCylinder(qiye);
    await fill(again.code);
    await load(again.code);
    await deliver(again.code);
    await step(again.code, { type: 'collect_empty', vehicleId: d.van.id });
    // Refilled only at an unlicensed station (an event from a station's own system), then delivered again.
    const black = await createStation(ctx(), d.longgang, 'bottled_lpg');
    await ctx().db.insert(cylinderEvents).values({ cylinderId: again.id, type: 'filling', at: new Date(), regionId: d.longgang, enterpriseId: d.ent.id, stationId: black.id, actorLabel: 'import', data: {} });
    await load(again.code);
    await deliver(again.code);
    await scan();
    expect(await kindsOf(never.code)).toContain('NO_LICENSED_FILLING');
    expect(await kindsOf(ok.code)).toEqual([]);
    const list = await zhuanban.get(`/api/v1/cylinders/anomalies?code=${again.code}&kind=NO_LICENSED_FILLING`);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].explanation).toContain('自上次送达');
    expect(list.body.items[0].explanation).toContain('五星小面馆');
  });

  it('R6.4 DELIVERY_UNBOUND_WORKER and DELIVERY_OUTSIDE_AREA — and neither for the bound worker inside the area', async () => {
    const other = await createPerson(ctx(), d.ent.id, d.longgang);
    const unbound = await registerCylinder(qiye);
    await fill(unbound.code);
    await load(unbound.code, other.id);
    await deliver(unbound.code);
    const beishan = (await ctx().db.select().from(regions).where(eq(regions.name, '北山社区')))[0]!.id;
    const far = await zhuanban.post('/api/v1/registry/venue', { name: `北山面馆${Date.now()}`, address: `北山路 ${Date.now() % 997} 号`, kind: 'restaurant', gasSource: 'bottled_lpg', supplierId: d.ent.id, regionId: beishan });
    const [van] = await ctx().db.insert(vehicles).values({ regionId: d.longgang, enterpriseId: d.ent.id, plateNumber: `渝AX${String(Date.now() % 10000).padStart(4, '0')}`, kind: 'delivery', registered: true, boundWorkerId: d.zhou.id, deliveryAreaId: d.wuxing }).returning();
    const outside = await registerCylinder(qiye);
    await fill(outside.code);
    await load(outside.code, d.zhou.id, van!.id);
    await deliver(outside.code, 'venue', far.body.id);
    const fine = await registerCylinder(qiye);
    await fill(fine.code);
    await load(fine.code, d.zhou.id, van!.id);
    await deliver(fine.code);
    await scan();
    expect(await kindsOf(unbound.code)).toEqual(['DELIVERY_UNBOUND_WORKER']);
    expect(await kindsOf(outside.code)).toEqual(['DELIVERY_OUTSIDE_AREA']);
    expect(await kindsOf(fine.code)).toEqual([]);
    const item = (await zhuanban.get(`/api/v1/cylinders/anomalies?code=${unbound.code}`)).body.items[0];
    expect(item.explanation).toContain('人车不对应');
    expect(item.explanation).toContain('渝AD2026');
  });

  it('R6.4 TWO_PHASE_AT_RESTAURANT: a YSP118-Ⅱ delivered to a restaurant — not to a household', async () => {
    const [home] = await ctx().db.select().from(households).where(eq(households.supplierId, d.ent.id));
    const toShop = await registerCylinder(qiye, { model: 'YSP118-II' });
    await load(toShop.code);
    await deliver(toShop.code);
    const toHome = await registerCylinder(qiye, { model: 'YSP118-II' });
    await load(toHome.code);
    await deliver(toHome.code, 'household', home!.id);
    await scan();
    expect(await kindsOf(toShop.code)).toContain('TWO_PHASE_AT_RESTAURANT');
    expect(await kindsOf(toHome.code)).not.toContain('TWO_PHASE_AT_RESTAURANT');
  });

  it('R6.4 FOREIGN_FILLING: another enterprise’s cylinder filled without an entrustment — not at the owner nor at the entrusted station', async () => {
    const other = await createStation(ctx(), d.longgang, 'filling_station');
    await ctx().db.insert(licences).values({ regionId: d.longgang, enterpriseId: other.id, kind: 'cylinder_filling', number: `TS-F-${other.id.slice(0, 8)}`, validUntil: '2099-01-01' });
    const mk = async (stationId: string) => {
      const c = await registerCylinder(qiye);
      await ctx().db.insert(cylinderEvents).values({ cylinderId: c.id, type: 'filling', at: new Date(), regionId: d.longgang, enterpriseId: d.ent.id, stationId, actorLabel: 'import', data: { netWeightKg: 14.5 } });
      return c;
    };
    const foreign = await mk(other.id);
    const entrusted = await mk(d.station.id);
    const own = await mk(d.ent.id);
    await scan();
    expect(await kindsOf(foreign.code)).toEqual(['FOREIGN_FILLING']);
    expect(await kindsOf(entrusted.code)).toEqual([]);
    expect(await kindsOf(own.code)).toEqual([]);
  });

  it('R6.4 IMPOSSIBLE_SPEED: two scans ~130 km apart within 10 minutes — not when hours apart', async () => {
    const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    const fast = await registerCylinder(qiye);
    await step(fast.code, { type: 'collect_empty', at: ago(30), lat: 29.706, lng: 105.72 });
    await step(fast.code, { type: 'collect_empty', at: ago(20), lat: 30.6, lng: 106.6 });
    const slow = await registerCylinder(qiye);
    await step(slow.code, { type: 'collect_empty', at: ago(300), lat: 29.706, lng: 105.72 });
    await step(slow.code, { type: 'collect_empty', at: ago(60), lat: 30.6, lng: 106.6 });
    await scan();
    expect(await kindsOf(fast.code)).toEqual(['IMPOSSIBLE_SPEED']);
    expect(await kindsOf(slow.code)).toEqual([]);
    const item = (await zhuanban.get(`/api/v1/cylinders/anomalies?code=${fast.code}`)).body.items[0];
    expect(item.details.km).toBeGreaterThan(120);
    expect(item.explanation).toContain('公里/小时');
  });

  it('R6.4 the scan is incremental and idempotent; a full re-scan stores nothing twice; lists are per region and scoped', async () => {
    const c = await registerCylinder(qiye);
    await load(c.code);
    await deliver(c.code);
    const first = await scan();
    expect(first).toMatchObject({ ran: true, mode: 'touched' });
    expect(first.anomalies).toBeGreaterThanOrEqual(1);
    const second = await scan();
    expect(second).toMatchObject({ ran: true, mode: 'none', anomalies: 0 });
    const before = (await zhuanban.get('/api/v1/cylinders/anomalies?pageSize=1')).body.total;
    const admin = await ctx().login('admin');
    const full = await admin.post('/api/v1/cylinders/anomalies/scan', { full: true });
    expect(full.body).toMatchObject({ ran: true, fromEventId: 0, anomalies: 0 });
    expect((await zhuanban.get('/api/v1/cylinders/anomalies?pageSize=1')).body.total).toBe(before);
    // The whole-city walk by cylinder-id ranges finds the same set (nothing new).
    const ranged = await runAnomalyScan(ctx().db, new Date(), { full: true, forceRange: true });
    expect(ranged).toMatchObject({ ran: true, mode: 'range', anomalies: 0 });
    const summary = await zhuanban.get(`/api/v1/cylinders/anomalies/summary?regionId=${d.dazu}`);
    const longgang = summary.body.items.find((i: { regionName: string }) => i.regionName === '龙岗街道');
    expect(longgang.byKind.NO_LICENSED_FILLING).toBeGreaterThanOrEqual(1);
    expect((await (await ctx().login('tongliang')).get('/api/v1/cylinders/anomalies')).body.total).toBe(0);
    expect((await qiye.get(`/api/v1/cylinders/anomalies?code=${c.code}`)).body.total).toBeGreaterThanOrEqual(1);
    const id = (await zhuanban.get(`/api/v1/cylinders/anomalies?code=${c.code}`)).body.items[0].id;
    const dismissed = await zhuanban.post(`/api/v1/cylinders/anomalies/${id}/status`, { status: 'dismissed', note: '核查为补录数据' });
    expect(dismissed.body.status).toBe('dismissed');
    expect((await qiye.post('/api/v1/cylinders/anomalies/scan', {})).status).toBe(403);
  });
});
