import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { auditLog, cylinderEvents, cylinders } from '../db/schema/index.js';
import { bearer, day, demo, fillingBody, registerCylinder, stationToken, type Demo } from '../../test/cylinders.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { addYears } from './dates.js';

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('气瓶');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeOnEachDatabase('cylinders: registry, labels, import, public check', (ctx) => {
  let qiye: Client;
  let d: Demo;

  beforeAll(async () => {
    qiye = await ctx().login('qiye');
    d = await demo(ctx());
  });

  it('R6.1 registering without a code issues QP + district + serial + check; next inspection = manufacture + 4 years; design life 8; a commissioning event and an audit entry', async () => {
    const res = await qiye.post('/api/v1/cylinders', { maker: '重庆渝安钢瓶制造有限公司', serialNumber: 'A-0001', model: 'YSP-15', manufactureDate: '2024-03' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.code).toMatch(/^QP500111\d{8}[0-9A-Z]$/);
    expect(res.body).toMatchObject({
      ownerName: '大足燃气有限公司',
      regionName: '龙岗街道',
      manufactureDate: '2024-03-01',
      designLifeYears: 8,
      designLifeEnds: '2032-03-01',
      nextInspectionDate: '2028-03-01',
      waterVolumeL: 35.5,
      allowableFillKg: 14.5,
      state: 'in_service',
      holder: { type: 'enterprise' },
      publicUrl: `https://gasguard.example/c/${res.body.code}`,
    });
    const events = await ctx().db.select().from(cylinderEvents).where(eq(cylinderEvents.cylinderId, res.body.id));
    expect(events.map((e) => e.type)).toEqual(['commissioning']);
    const audit = await ctx().db.select().from(auditLog).where(eq(auditLog.entityId, res.body.id));
    expect(audit.map((a) => a.action)).toEqual(['cylinder.create']);
  });

  it('R6.1 the inspection interval and default design life are deployment settings an admin corrects (stored as data)', async () => {
    const admin = await ctx().login('admin');
    expect((await qiye.patch('/api/v1/cylinders/settings', { inspectionIntervalYears: 5 })).status).toBe(403);
    const changed = await admin.patch('/api/v1/cylinders/settings', { inspectionIntervalYears: 3, defaultDesignLifeYears: 12 });
    expect(changed.status).toBe(200);
    try {
      const c = await registerCylinder(qiye, { manufactureDate: '2025-01-10' });
      expect(c).toMatchObject({ designLifeYears: 12, nextInspectionDate: '2028-01-10' });
      const stamped = await registerCylinder(qiye, { manufactureDate: '2025-01-10', designLifeYears: 15 });
      expect(stamped.designLifeYears).toBe(15);
    } finally {
      await admin.patch('/api/v1/cylinders/settings', { inspectionIntervalYears: 4, defaultDesignLifeYears: 8 });
    }
  });

  it('R6.1 a code is unique and never reused — not even a scrapped cylinder’s; a mistyped platform code is refused by its check character', async () => {
    const c = await registerCylinder(qiye, { code: 'dz-legacy-0001' });
    expect(c.code).toBe('DZ-LEGACY-0001');
    expect((await qiye.post(`/api/v1/cylinders/${c.code}/events`, { type: 'scrap', method: '切割' })).status).toBe(201);
    const again = await qiye.post('/api/v1/cylinders', { code: 'DZ-LEGACY-0001', maker: 'x', serialNumber: 'y', model: 'YSP-15', manufactureDate: day(-30) });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('不再启用');
    const issued = await registerCylinder(qiye);
    const typo = issued.code.slice(0, -1) + (issued.code.endsWith('0') ? '1' : '0');
    const bad = await qiye.post('/api/v1/cylinders', { code: typo, maker: 'x', serialNumber: 'y', model: 'YSP-15', manufactureDate: day(-30) });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields[0]).toMatchObject({ path: 'code' });
    // Rows cannot be deleted behind the platform's back either.
    await expect(ctx().db.delete(cylinderEvents).where(eq(cylinderEvents.cylinderId, c.id))).rejects.toThrow();
  });

  it('R6.1 list filters: inspection overdue, state, model, code prefix; corrections are audited', async () => {
    const overdue = await registerCylinder(qiye, { manufactureDate: day(-2000), lastInspectionDate: day(-1500), nextInspectionDate: day(-3) });
    const big = await registerCylinder(qiye, { model: 'YSP-50' });
    const list = await qiye.get('/api/v1/cylinders?inspection=overdue&pageSize=200');
    expect(list.body.items.map((x: { code: string }) => x.code)).toContain(overdue.code);
    expect(list.body.items.every((x: { inspectionStatus: string }) => x.inspectionStatus === 'overdue')).toBe(true);
    const byModel = await qiye.get('/api/v1/cylinders?model=YSP-50&pageSize=200');
    expect(byModel.body.items.map((x: { code: string }) => x.code)).toContain(big.code);
    const byCode = await qiye.get(`/api/v1/cylinders?q=${big.code.slice(0, 12).toLowerCase()}`);
    expect(byCode.body.items.some((x: { code: string }) => x.code === big.code)).toBe(true);
    const fixed = await qiye.patch(`/api/v1/cylinders/${overdue.code}`, { lastInspectionDate: day(-1) });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect(fixed.body).toMatchObject({ lastInspectionDate: day(-1), nextInspectionDate: addYears(day(-1), 4), inspectionStatus: 'valid' });
    const audit = await ctx().db.select().from(auditLog).where(eq(auditLog.entityId, overdue.id));
    expect(audit.map((a) => a.action)).toContain('cylinder.update');
  });

  it('R6.1 printable QR labels: a PDF for the given codes or a batch; unknown or out-of-scope codes are refused', async () => {
    const a = await registerCylinder(qiye);
    const b = await registerCylinder(qiye);
    const res = await qiye.get(`/api/v1/cylinders/labels.pdf?codes=${a.code},${b.code}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.body).slice(0, 5)).toBe('%PDF-');
    const batch = await qiye.get(`/api/v1/cylinders/labels.pdf?createdFrom=${day(0)}`);
    expect(batch.status).toBe(200);
    const missing = await qiye.get(`/api/v1/cylinders/labels.pdf?codes=${a.code},NOPE-0000`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('NOPE-0000');
  });

  it('R6.1/R2.9 Excel import: the template downloads; a file with a bad row imports nothing and names the row; a good file imports all', async () => {
    const tpl = await qiye.get('/api/v1/cylinders/import-template.xlsx');
    expect(tpl.status).toBe(200);
    const header = ['气瓶编码', '制造单位', '出厂编号', '型号', '制造日期', '上次检验日期', '翻新'];
    const suffix = Date.now().toString(36).toUpperCase();
    const bad = await xlsx([header, [`IMP-${suffix}-1`, '甲厂', 'S1', 'YSP-15', '2023-05', null, '否'], [`IMP-${suffix}-2`, '甲厂', 'S2', 'YSP-99', '2023-05', null, '否'], [`IMP-${suffix}-1`, '甲厂', 'S3', 'YSP-15', '2023-05', null, '是']]);
    const refused = await qiye.upload('/api/v1/cylinders/import', bad, 'bad.xlsx');
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body).toMatchObject({ status: 'invalid', invalidRows: 2 });
    expect(refused.body.errors.map((e: { row: number }) => e.row)).toEqual([3, 4]);
    expect(refused.body.errors[1].errors[0].message).toContain('第 2 行');
    expect((await ctx().db.select().from(cylinders).where(eq(cylinders.code, `IMP-${suffix}-1`))).length).toBe(0);
    const good = await xlsx([header, [`IMP-${suffix}-1`, '甲厂', 'S1', 'YSP-15', '2023-05', '2024-05-01', '否'], [null, '甲厂', 'S2', 'YSP118/液/49.5（50 kg 液相）', '2023-06-15', null, '是']]);
    const done = await qiye.upload('/api/v1/cylinders/import', good, 'good.xlsx');
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body).toMatchObject({ status: 'done', created: 2 });
    const [first] = await ctx().db.select().from(cylinders).where(eq(cylinders.code, `IMP-${suffix}-1`));
    expect(first).toMatchObject({ ownerEnterpriseId: d.ent.id, nextInspectionDate: '2028-05-01' });
    expect(done.body.codes[1]).toMatch(/^QP500111/);
    const exported = await qiye.get('/api/v1/cylinders/export.xlsx?model=YSP118-L');
    expect(exported.status).toBe(200);
  });

  it('R6.5 public check without login: legitimate or not, owner, next inspection, last filling, nothing personal, a report link', async () => {
    const anon = ctx().anonymous();
    const token = await stationToken(qiye, d.longgang);
    const c = await registerCylinder(qiye);
    await anon.post('/api/v1/cylinders/fillings', fillingBody(c.code, 14.6, { operatorId: d.liu.id }), bearer(token));
    const ok = await anon.get(`/api/v1/public/cylinders/${c.code}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      code: c.code,
      registered: true,
      legitimate: true,
      problems: [],
      ownerName: '大足燃气有限公司',
      nextInspectionDate: c.nextInspectionDate,
      inspectionValid: true,
      lastFilling: { stationName: '大足燃气有限公司', date: day(0), netWeightKg: 14.6 },
      reportUrl: `/report?cylinder=${c.code}`,
    });
    expect(JSON.stringify(ok.body)).not.toMatch(/刘强|周平|operator|worker/);
    const unknown = await anon.get('/api/v1/public/cylinders/NOT-A-CYLINDER');
    expect(unknown.body).toMatchObject({ registered: false, legitimate: false, problems: ['NOT_REGISTERED'], reportUrl: '/report?cylinder=NOT-A-CYLINDER' });
    const overdue = await registerCylinder(qiye, { manufactureDate: day(-2000), lastInspectionDate: day(-1500), nextInspectionDate: day(-1) });
    expect((await anon.get(`/api/v1/public/cylinders/${overdue.code}`)).body).toMatchObject({ legitimate: false, problems: ['INSPECTION_OVERDUE'], inspectionValid: false });
    const shichang = await ctx().login('shichang');
    await shichang.post(`/api/v1/cylinders/${c.code}/events`, { type: 'blacklist', reason: '钢印被篡改' });
    expect((await anon.get(`/api/v1/public/cylinders/${c.code}`)).body).toMatchObject({ legitimate: false, problems: ['BLACKLISTED'] });
  });

  it('the demo seed has the filling station, the van and six cylinders with one full trail', async () => {
    const list = await qiye.get('/api/v1/cylinders?pageSize=200&q=QP5001110000000');
    expect(list.status).toBe(200);
    const all = await ctx().db.select().from(cylinders).where(eq(cylinders.ownerEnterpriseId, d.ent.id));
    expect(all.length).toBeGreaterThanOrEqual(6);
    const delivered = all.find((c) => c.holderType === 'user');
    expect(delivered).toBeDefined();
    const detail = await qiye.get(`/api/v1/cylinders/${delivered!.code}`);
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(['commissioning', 'filling', 'leave_station', 'load', 'deliver']);
    expect(d.van.boundWorkerId).toBe(d.zhou.id);
  });
});
