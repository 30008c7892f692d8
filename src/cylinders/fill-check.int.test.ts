import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { cylinderEvents, cylinderFillChecks, hazards, licences } from '../db/schema/index.js';
import { bearer, day, demo, fillingBody, flushFillLog, registerCylinder, stationToken, createStation, type Demo } from '../../test/cylinders.js';
import { activate, createAccount } from '../../test/factories.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';

describeOnEachDatabase('cylinders: 一扫一充 fill check and filling', (ctx) => {
  let qiye: Client;
  let token: string;
  let d: Demo;
  const scale = () => ctx().anonymous();
  const check = (code: string, t = token) => scale().post('/api/v1/cylinders/fill-checks', { code }, bearer(t));

  beforeAll(async () => {
    qiye = await ctx().login('qiye');
    d = await demo(ctx());
    token = await stationToken(qiye, d.longgang);
  });

  it('R6.2 a registered, inspected, own cylinder at a licensed station is allowed (the contract), and the scan is logged', async () => {
    const c = await registerCylinder(qiye);
    const res = await check(c.code.toLowerCase());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ allowed: true, reasons: [], messages: [], cylinder: { code: c.code, model: 'YSP-15', ownerName: '大足燃气有限公司', allowableFillKg: 14.5 } });
    await flushFillLog(ctx());
    const logged = await ctx().db.select().from(cylinderFillChecks).where(eq(cylinderFillChecks.code, c.code));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ allowed: true, stationId: d.ent.id, reasons: [] });
  });

  it('R6.2 NOT_REGISTERED, INSPECTION_OVERDUE, DESIGN_LIFE_EXCEEDED, REFURBISHED and TWO_PHASE_CYLINDER through the API, with Chinese messages', async () => {
    const unknown = await check('NO-SUCH-CODE-1');
    expect(unknown.body).toMatchObject({ allowed: false, reasons: ['NOT_REGISTERED'], messages: ['未登记：平台上没有这个气瓶编码'], cylinder: null });
    const overdue = await registerCylinder(qiye, { manufactureDate: day(-2000), lastInspectionDate: day(-1500), nextInspectionDate: day(-1) });
    expect((await check(overdue.code)).body.reasons).toEqual(['INSPECTION_OVERDUE']);
    const dueToday = await registerCylinder(qiye, { manufactureDate: day(-2000), lastInspectionDate: day(-1460), nextInspectionDate: day(0) });
    expect((await check(dueToday.code)).body).toMatchObject({ allowed: true, warnings: ['INSPECTION_DUE_SOON'] });
    const old = await registerCylinder(qiye, { manufactureDate: day(-3000), lastInspectionDate: day(-100), designLifeYears: 8 });
    expect((await check(old.code)).body.reasons).toEqual(['DESIGN_LIFE_EXCEEDED']);
    const refurb = await registerCylinder(qiye, { refurbished: true });
    const twoPhase = await registerCylinder(qiye, { model: 'YSP118-II' });
    expect((await check(refurb.code)).body.reasons).toEqual(['REFURBISHED']);
    const tp = await check(twoPhase.code);
    expect(tp.body.reasons).toEqual(['TWO_PHASE_CYLINDER']);
    expect(tp.body.messages[0]).toContain('气液双相');
  });

  it('R6.2 NOT_OWNED: another enterprise’s cylinder; an entrusted station fills the owner’s cylinders', async () => {
    const c = await registerCylinder(qiye);
    // The demo filling station in 宝顶镇 is entrusted by 大足燃气.
    const stationAdmin = await activate(ctx(), await createAccount(await ctx().login('zhuanban'), { role: 'enterprise_admin', regionId: d.baoding, enterpriseId: d.station.id }));
    const entrusted = await stationToken(stationAdmin, d.baoding);
    expect((await check(c.code, entrusted)).body).toMatchObject({ allowed: true });
    const other = await createStation(ctx(), d.longgang, 'bottled_lpg');
    await ctx().db.insert(licences).values({ regionId: d.longgang, enterpriseId: other.id, kind: 'cylinder_filling', number: `TS-${other.id.slice(0, 8)}`, validUntil: day(365) });
    const otherAdmin = await activate(ctx(), await createAccount(await ctx().login('zhuanban'), { role: 'enterprise_admin', regionId: d.longgang, enterpriseId: other.id }));
    const foreign = await stationToken(otherAdmin, d.longgang);
    expect((await check(c.code, foreign)).body).toMatchObject({ allowed: false, reasons: ['NOT_OWNED'] });
    // The other enterprise's admin cannot read the cylinder it was refused.
    expect((await otherAdmin.get(`/api/v1/cylinders/${c.code}`)).status).toBe(404);
  });

  it('R6.2 STATION_NOT_LICENSED from the cached licence state, invalidated as soon as a licence is added', async () => {
    const st = await createStation(ctx(), d.longgang, 'bottled_lpg');
    const admin = await activate(ctx(), await createAccount(await ctx().login('zhuanban'), { role: 'enterprise_admin', regionId: d.longgang, enterpriseId: st.id }));
    const t = await stationToken(admin, d.longgang);
    const own = await registerCylinder(admin);
    const expired = await admin.post('/api/v1/registry/licence', { kind: 'cylinder_filling', number: `TS-OLD-${st.id.slice(0, 6)}`, enterpriseId: st.id, validUntil: day(-1) });
    expect(expired.status, JSON.stringify(expired.body)).toBe(201);
    expect((await check(own.code, t)).body.reasons).toEqual(['STATION_NOT_LICENSED']);
    const valid = await admin.post('/api/v1/registry/licence', { kind: 'cylinder_filling', number: `TS-NEW-${st.id.slice(0, 6)}`, enterpriseId: st.id, validUntil: day(0) });
    expect(valid.status).toBe(201);
    // The licence trigger announces the change; the instance drops its cached entry (well before the 30 s TTL).
    let res = await check(own.code, t);
    for (let i = 0; i < 40 && !res.body.allowed; i++) {
      await new Promise((r) => setTimeout(r, 50));
      res = await check(own.code, t);
    }
    expect(res.body).toMatchObject({ allowed: true, warnings: ['STATION_LICENCE_DUE'] });
  });

  it('R6.2 a denied cylinder cannot be recorded as filled; an allowed one is, with its operator, and the public sees the last filling', async () => {
    const overdue = await registerCylinder(qiye, { manufactureDate: day(-2000), lastInspectionDate: day(-1500), nextInspectionDate: day(-1) });
    const denied = await scale().post('/api/v1/cylinders/fillings', fillingBody(overdue.code, 14.5, { operatorId: d.liu.id }), bearer(token));
    expect(denied.status).toBe(409);
    expect(denied.body.error.message).toContain('超期未检');
    expect(await ctx().db.select().from(cylinderEvents).where(and(eq(cylinderEvents.type, 'filling'), eq(cylinderEvents.enterpriseId, d.ent.id), eq(cylinderEvents.cylinderId, overdue.id)))).toHaveLength(0);

    const good = await registerCylinder(qiye);
    const noOperator = await scale().post('/api/v1/cylinders/fillings', fillingBody(good.code), bearer(token));
    expect(noOperator.status).toBe(422);
    expect(noOperator.body.error.fields[0].path).toBe('operatorId');
    const uncertified = await scale().post('/api/v1/cylinders/fillings', fillingBody(good.code, 14.5, { operatorId: d.zhou.id }), bearer(token));
    expect(uncertified.status).toBe(422);
    expect(uncertified.body.error.fields[0].message).toContain('特种设备作业人员证');
    const ok = await scale().post('/api/v1/cylinders/fillings', fillingBody(good.code, 14.6, { operatorId: d.liu.id, scaleId: 'S-01' }), bearer(token));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ postFillCheckPassed: true, mayLeaveStation: true, problems: [] });
    expect(ok.body.filling).toMatchObject({ type: 'filling', stationId: d.ent.id, data: { netWeightKg: 14.6, operatorName: '刘强', scaleId: 'S-01' } });
    const pub = await ctx().anonymous().get(`/api/v1/public/cylinders/${good.code}`);
    expect(pub.body.lastFilling).toMatchObject({ stationName: '大足燃气有限公司', netWeightKg: 14.6 });

    // A filling operator's account is the certified operator itself.
    const chongzhuang = await ctx().login('chongzhuang');
    const byAccount = await chongzhuang.post('/api/v1/cylinders/fillings', fillingBody(good.code, 14.4));
    expect(byAccount.status, JSON.stringify(byAccount.body)).toBe(201);
    // A delivery worker is no filling station.
    expect((await (await ctx().login('songqi')).post('/api/v1/cylinders/fill-checks', { code: good.code })).status).toBe(403);
  });

  it('R6.2 overfill: above allowable fill + 0.5 kg is a failed post-fill check and the cylinder may not leave until a passing re-check', async () => {
    const c = await registerCylinder(qiye);
    const atLimit = await scale().post('/api/v1/cylinders/fillings', fillingBody(c.code, 15.0, { operatorId: d.liu.id }), bearer(token));
    expect(atLimit.body).toMatchObject({ postFillCheckPassed: true, problems: [] });
    const over = await scale().post('/api/v1/cylinders/fillings', fillingBody(c.code, 15.1, { operatorId: d.liu.id }), bearer(token));
    expect(over.status).toBe(201);
    expect(over.body).toMatchObject({ postFillCheckPassed: false, mayLeaveStation: false, problems: ['OVERFILL'] });
    expect(over.body.filling.flags).toEqual(['OVERFILL']);
    const leave = await scale().post(`/api/v1/cylinders/${c.code}/events`, { type: 'leave_station' }, bearer(token));
    expect(leave.status).toBe(409);
    expect(leave.body.error.message).toContain('不得出站');
    const recheck = await scale().post(`/api/v1/cylinders/${c.code}/events`, { type: 'post_fill_check', netWeightKg: 14.5, leakOk: true }, bearer(token));
    expect(recheck.status, JSON.stringify(recheck.body)).toBe(201);
    expect((await scale().post(`/api/v1/cylinders/${c.code}/events`, { type: 'leave_station' }, bearer(token))).status).toBe(201);
  });

  it('R6.2 repeated denials at a station raise ONE hazard for the station (problem_cylinder / filling), not one per denial', async () => {
    const st = await createStation(ctx(), d.longgang, 'bottled_lpg');
    await ctx().db.insert(licences).values({ regionId: d.longgang, enterpriseId: st.id, kind: 'cylinder_filling', number: `TS-D-${st.id.slice(0, 8)}`, validUntil: day(400) });
    const admin = await activate(ctx(), await createAccount(await ctx().login('zhuanban'), { role: 'enterprise_admin', regionId: d.longgang, enterpriseId: st.id }));
    const t = await stationToken(admin, d.longgang);
    const theirs = await registerCylinder(qiye);
    for (let i = 0; i < 4; i++) await check(theirs.code, t);
    await flushFillLog(ctx());
    const of = () => ctx().db.select().from(hazards).where(and(eq(hazards.subjectId, st.id), eq(hazards.sourceRef, 'cylinder-fill-denials')));
    expect(await of()).toHaveLength(0);
    await check('UNKNOWN-XYZ-1', t);
    await flushFillLog(ctx());
    const raised = await of();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ category: 'problem_cylinder', taskKind: 'filling', source: 'enforcement', subjectType: 'enterprise', state: 'reported' });
    expect(raised[0]!.description).toContain('被拒 5 次');
    for (let i = 0; i < 6; i++) await check(theirs.code, t);
    await flushFillLog(ctx());
    expect(await of()).toHaveLength(1);
  });

  it('R6.2 denial counts per station per day are visible to market supervision; tongliang and other enterprises see none of it', async () => {
    const c = await registerCylinder(qiye, { refurbished: true });
    await check(c.code);
    await check(c.code);
    const shichang = await ctx().login('shichang');
    const res = await shichang.get(`/api/v1/cylinders/fill-checks/denials?period=day&stationId=${d.ent.id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const row = res.body.items.find((i: { stationId: string }) => i.stationId === d.ent.id);
    expect(row).toBeDefined();
    expect(row.denials).toBeGreaterThanOrEqual(2);
    expect(row.denialsByReason.REFURBISHED).toBeGreaterThanOrEqual(2);
    expect(row.period).toBe(day(0));
    const tongliang = await ctx().login('tongliang');
    expect((await tongliang.get('/api/v1/cylinders/fill-checks/denials')).body.items).toEqual([]);
    const log = await shichang.get(`/api/v1/cylinders/fill-checks?allowed=false&code=${c.code}`);
    expect(log.body.items[0]).toMatchObject({ code: c.code, allowed: false, reasons: ['REFURBISHED'], messages: ['翻新气瓶（改装、焊补、篡改钢印或颜色）'] });
  });
});
