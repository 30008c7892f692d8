import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { campaigns, departments, progressReports } from '../db/schema/index.js';
import { accountByUsername, codes, createDistrictTree, createRegion, createVenue } from '../../test/factories.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { insertHazard, insertInspection } from '../../test/oversight.js';
import { refreshSummaries } from '../dashboard/summary.refresh.js';

/** R5.3: towns and a department of a fresh district scored with the documented weights, ranked, and a bulletin. */
describeOnEachDatabase('R5.3 unit evaluation', (ctx) => {
  let admin: Client;
  let D: { id: string; code: string };
  let T1: { id: string; name: string };
  let T2: { id: string; name: string };
  let deptId: string;
  const q = () => `regionId=${D.id}&from=2026-03-01&to=2026-03-31`;

  beforeAll(async () => {
    ctx().clock.set('2026-03-15T04:00:00Z');
    admin = await ctx().login('admin');
    const db = ctx().db;
    const tree = await createDistrictTree(admin, db);
    D = tree.district;
    T1 = tree.town;
    T2 = await createRegion(admin, { parentId: D.id, level: 'town', code: codes.town(D.code) });
    const [dept] = await db.insert(departments).values({ regionId: D.id, key: 'gas_authority', name: '测试区燃气主管部门', isGasAuthority: true }).returning();
    deptId = dept!.id;
    const me = (await accountByUsername(db, 'admin')).id;
    const v = async (regionId: string) => {
      const x = await createVenue(db, regionId);
      return { type: 'venue', id: x.id, name: x.name };
    };
    // T1: 4 venues, 3 inspected; 4 hazards found, 3 closed; 1 overdue; 1 rebound.
    const a = await v(T1.id);
    const b = await v(T1.id);
    const c = await v(T1.id);
    await v(T1.id);
    for (const s of [a, b, c]) await insertInspection(db, { regionId: T1.id, subject: s, day: '2026-03-05', createdBy: me });
    const first = await insertHazard(db, { regionId: T1.id, subject: a, found: '2026-03-02', state: 'closed', deadline: '2026-03-05', closed: '2026-03-04' });
    await insertHazard(db, { regionId: T1.id, subject: a, found: '2026-03-06', state: 'closed', closed: '2026-03-06', reboundOf: first });
    await insertHazard(db, { regionId: T1.id, subject: b, found: '2026-03-03', state: 'closed', deadline: '2026-03-09', closed: '2026-03-08' });
    const overdue = await insertHazard(db, { regionId: T1.id, subject: c, found: '2026-03-04', state: 'rectifying', deadline: '2026-03-10' });
    // T2: 2 venues, none inspected; 2 hazards, none closed, both overdue; led by the department.
    const d = await v(T2.id);
    await v(T2.id);
    for (const day of ['2026-03-02', '2026-03-03']) await insertHazard(db, { regionId: T2.id, subject: d, found: day, state: 'assigned', deadline: '2026-03-12' });
    await db.execute(sql`UPDATE hazards SET lead_department_id = ${deptId} WHERE region_id = ${T2.id} OR id = ${overdue}`);
    // Reports due in March: T1 2 of 2 on time; T2 1 of 2; the department 0 of 1.
    const [camp] = await db
      .insert(campaigns)
      .values({ regionId: D.id, name: 'test', calendar: { key: 'dazu_000', rules: [], startsOn: null }, phases: [], startDate: '2026-03-01', reportingFrom: '2026-03-01' })
      .returning();
    const rep = (unitType: string, unitId: string, dueDate: string, status: string, late: boolean) => ({
      campaignId: camp!.id,
      unitType,
      unitId,
      unitName: 'x',
      regionId: unitType === 'region' ? unitId : D.id,
      dueDate,
      periodFrom: '2026-03-01',
      periodTo: dueDate,
      status,
      late,
    });
    await db.insert(progressReports).values([
      rep('region', T1.id, '2026-03-10', 'submitted', false),
      rep('region', T1.id, '2026-03-14', 'submitted', false),
      rep('region', T2.id, '2026-03-10', 'submitted', false),
      rep('region', T2.id, '2026-03-14', 'pending', true),
      rep('department', deptId, '2026-03-10', 'submitted', true),
      rep('region', T2.id, '2026-03-24', 'pending', false), // not yet due: not counted
    ]);
    await refreshSummaries(db);
  });

  it('R5.3 scores each town and the department line by line with the documented weights, and ranks them', async () => {
    const res = await admin.get(`/api/v1/evaluation?${q()}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.weights).toEqual({ coverage: 30, rectification: 30, overdue: { weight: 15, perItem: 1 }, rebounds: { weight: 10, perItem: 2 }, timeliness: 15 });
    const [t1, t2] = res.body.towns;
    expect(t1.unit.id).toBe(T1.id);
    expect(t1.facts).toEqual({ coverage: { inspected: 3, total: 4 }, rectification: { closed: 3, found: 4 }, overdue: 1, rebounds: 1, reports: { due: 2, onTime: 2 } });
    // 30 × 3/4 + 30 × 3/4 + (15 − 1) + (10 − 2) + 15 × 2/2 = 82
    expect(t1.lines.map((l: { points: number }) => l.points)).toEqual([22.5, 22.5, 14, 8, 15]);
    expect(t1).toMatchObject({ score: 82, rank: 1 });
    // 0 + 0 + (15 − 2) + 10 + 15 × 1/2 = 30.5
    expect(t2.facts).toMatchObject({ coverage: { inspected: 0, total: 2 }, rectification: { closed: 0, found: 2 }, overdue: 2, reports: { due: 2, onTime: 1 } });
    expect(t2).toMatchObject({ score: 30.5, rank: 2 });
    // The department: no coverage; 3 led hazards found, none closed, 3 overdue, report late → (0 + 12 + 10 + 0) ÷ 70.
    const [dept] = res.body.departments;
    expect(dept.facts).toEqual({ coverage: null, rectification: { closed: 0, found: 3 }, overdue: 3, rebounds: 0, reports: { due: 1, onTime: 0 } });
    expect(dept).toMatchObject({ points: 22, maxPoints: 70, score: 31.4 });
    expect(dept.lines[0].explain.zh).toBe('不适用（无排查对象）');
  });

  it('R5.3 weights are data: shown, edited (total 100), and change the scores; a bulletin is generated', async () => {
    const w = await admin.get(`/api/v1/evaluation/weights?regionId=${D.id}`);
    expect(w.body).toMatchObject({ isDefault: true });
    const bad = await admin.put(`/api/v1/evaluation/weights?regionId=${D.id}`, { ...w.body.weights, coverage: 50 });
    expect(bad.status).toBe(422);
    const put = await admin.put(`/api/v1/evaluation/weights?regionId=${D.id}`, { coverage: 50, rectification: 20, overdue: { weight: 10, perItem: 5 }, rebounds: { weight: 10, perItem: 2 }, timeliness: 10 });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const res = await admin.get(`/api/v1/evaluation?${q()}`);
    expect(res.body.towns[0].score).toBe(37.5 + 15 + 5 + 8 + 10);
    const pdf = await ctx().app.inject({ method: 'GET', url: `/api/v1/evaluation/bulletin?${q()}`, cookies: admin.cookies });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const audit = await ctx().db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE action IN ('evaluation.weights', 'evaluation.bulletin') AND entity_id = ${D.id}`);
    expect(audit.rows[0]).toEqual({ n: 2 });
    expect((await (await ctx().login('tongliang')).get(`/api/v1/evaluation?${q()}`)).status).toBe(404);
  });
});
