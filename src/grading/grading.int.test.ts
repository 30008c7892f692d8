import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { licences } from '../db/schema/index.js';
import { accountByUsername, createEnterprise, demoIds, type DemoIds } from '../../test/factories.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { insertHazard, insertInspection } from '../../test/oversight.js';
import { runGradingJob } from './grading.service.js';

/** R9.1 on a fresh bottled-LPG operator in 龙岗街道: vetoes, weighted score, history, scope. */
describeOnEachDatabase('R9.1 enterprise grading', (ctx) => {
  let tf: Client;
  let demo: DemoIds;
  let E: { id: string; name: string };
  const url = (id = E.id) => `/api/v1/grading/enterprises/${id}`;

  beforeAll(async () => {
    ctx().clock.set('2026-03-15T04:00:00Z');
    tf = await ctx().login('zhuanban');
    demo = await demoIds(ctx().db);
    E = await createEnterprise(ctx().db, demo.longgang, '渝足测试燃气有限公司');
  });

  it('R9.1 no gas business licence: the veto caps the grade at D whatever the score, and every dimension explains itself', async () => {
    const res = await tf.post(`${url()}/recompute`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const g = res.body.current;
    expect(g.vetoes).toEqual([{ key: 'licence_missing', cap: 'D', reason: '缺少必需证照：gas_business' }]);
    expect(g.dimensions.map((d: { key: string; applicable: boolean; points: number }) => [d.key, d.applicable, d.points])).toEqual([
      ['licences', true, 100],
      ['hazards', true, 300],
      ['enforcement', true, 100],
      ['fillings', false, 0],
      ['alarms', false, 0],
      ['selfInspection', true, 0],
      ['householdInspection', false, 0],
    ]);
    expect(g).toMatchObject({ score: 714, scoreGrade: 'C', grade: 'D', inspectionIntervalMonths: 1, applicableWeight: 700 });
    expect(g.dimensions[0].reasons[0]).toBe('缺少必需证照 gas_business，每项扣 100 分');
  });

  it('R9.1 a valid licence and regular self-checks lift the grade; the history keeps both', async () => {
    await ctx().db.insert(licences).values({ regionId: demo.longgang, enterpriseId: E.id, kind: 'gas_business', number: `渝燃${randomUUID().slice(0, 8)}`, validUntil: '2028-01-01' });
    const me = (await accountByUsername(ctx().db, 'admin')).id;
    const subject = { type: 'enterprise', id: E.id, name: E.name };
    for (const day of ['2025-12-05', '2026-01-05', '2026-02-05']) await insertInspection(ctx().db, { regionId: demo.longgang, subject, day, kind: 'self', createdBy: me });
    const res = await tf.post(`${url()}/recompute`);
    // 200 + 300 + 100 + 100 × 3/12 = 625 of 700 → 893 → B
    expect(res.body.current).toMatchObject({ score: 893, grade: 'B', vetoes: [], inspectionIntervalMonths: 6 });
    expect(res.body.current.dimensions[5].reasons).toEqual(['近 12 个月中有 3 个月开展了自查']);
    expect(res.body.history.map((h: { grade: string }) => h.grade)).toEqual(['B', 'D']);
    // Unchanged: no new history row.
    expect((await tf.post(`${url()}/recompute`)).body.history).toHaveLength(2);
  });

  it('R9.1 an open major hazard past its deadline is a veto too', async () => {
    await insertHazard(ctx().db, { regionId: demo.longgang, subject: { type: 'enterprise', id: E.id, name: E.name }, enterpriseId: E.id, found: '2026-02-01', severity: 'major', state: 'rectifying', deadline: '2026-03-01' });
    const g = (await tf.post(`${url()}/recompute`)).body.current;
    expect(g.vetoes.map((v: { key: string }) => v.key)).toEqual(['overdue_major']);
    expect(g.dimensions[1]).toMatchObject({ points: 75 });
    expect(g.grade).toBe('D'); // 400 ÷ 700 = 571 < 600, and the veto would cap at C anyway
  });

  it('R9.1 configuration: thresholds and weights are the deployment’s; intervals by grade are data', async () => {
    const admin = await ctx().login('admin');
    const cfg = (await admin.get('/api/v1/grading/config')).body;
    expect((await admin.get('/api/v1/grading/intervals')).body).toEqual({ A: 12, B: 6, C: 3, D: 1 });
    expect((await admin.put('/api/v1/grading/config', { ...cfg.config, weights: { ...cfg.config.weights, hazards: 500 } })).status).toBe(422);
    expect((await tf.put('/api/v1/grading/config', cfg.config)).status).toBe(403);
    const put = await admin.put('/api/v1/grading/config', { ...cfg.config, thresholds: { A: 900, B: 750, C: 500 }, vetoCaps: { ...cfg.config.vetoCaps, overdue_major: 'C' } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.version).not.toBe(cfg.version);
    const g = (await tf.post(`${url()}/recompute`)).body;
    expect(g.current).toMatchObject({ scoreGrade: 'C', grade: 'C', inspectionIntervalMonths: 3 });
    expect(g.history[0].configVersion).toBe(put.body.version);
  });

  it('R9.1 denied fillings and alarm response count where the cylinder and monitoring modules have data', async () => {
    const db = ctx().db;
    const station = await createEnterprise(db, demo.longgang, '渝足测试充装站');
    for (let i = 0; i < 20; i++) {
      await db.execute(sql`INSERT INTO cylinder_fill_checks (at, station_id, station_region_id, code, allowed, reasons, actor_label)
                           VALUES ('2026-03-01T09:00:00+08:00', ${station.id}, ${demo.longgang}, ${`C${i}`}, ${i !== 0}, '{}'::text[], 'test')`);
    }
    const [dev] = (
      await db.execute<{ id: string }>(sql`INSERT INTO devices (code, type, subject_type, subject_id, subject_name, region_id, enterprise_id)
        VALUES (${`GRD${randomUUID().slice(0, 8)}`}, 'methane_detector', 'facility', gen_random_uuid(), '储配站', ${demo.longgang}, ${station.id}) RETURNING id`)
    ).rows;
    for (const [condition, minutes] of [['ch4', 10], ['co', 50]] as const) {
      await db.execute(sql`INSERT INTO alarms (code, device_id, condition, severity, state, region_id, enterprise_id, first_at, last_at, raised_at, acknowledged_at, closed_at)
        VALUES (${`BJ${randomUUID().slice(0, 8)}`}, ${dev!.id}, ${condition}, 'major', 'closed', ${demo.longgang}, ${station.id}, '2026-03-02T10:00:00+08:00', '2026-03-02T10:00:00+08:00',
                '2026-03-02T10:00:00+08:00', '2026-03-02T10:00:00+08:00'::timestamptz + make_interval(mins => ${minutes}), now())`);
    }
    const g = (await tf.post(`${url(station.id)}/recompute`)).body.current;
    // 1 of 20 denied (5 %): 100 × (1 − 0.05 × 5) = 75; mean acknowledgement 30 min: 100 × (1 − 15/45) = 66.7.
    expect(g.dimensions.find((d: { key: string }) => d.key === 'fillings')).toMatchObject({ applicable: true, points: 75 });
    expect(g.dimensions.find((d: { key: string }) => d.key === 'alarms')).toMatchObject({ applicable: true, points: 66.7 });
  });

  it('R9.1 the periodic job grades every active enterprise once a day; lists and scope', async () => {
    const now = ctx().clock.now();
    const first = await runGradingJob(ctx().db, now, '2026-03-15');
    const n = await ctx().db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM enterprises WHERE status = 'active'`);
    expect(first).toMatchObject({ ran: true, graded: n.rows[0]!.n });
    expect(await runGradingJob(ctx().db, now, '2026-03-15')).toMatchObject({ ran: false });
    const list = await tf.get(`/api/v1/grading/enterprises?regionId=${demo.dazu}`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items.find((i: { enterpriseId: string }) => i.enterpriseId === E.id)).toMatchObject({ grade: 'C' });
    // The enterprise sees its own grade (the demo operator, graded by the job), not another's.
    const own = await ctx().login('qiye');
    expect((await own.get(url(demo.enterprise))).body.current.grade).toMatch(/^[ABCD]$/);
    expect((await own.get(url())).status).toBe(404);
    expect((await (await ctx().login('tongliang')).get(url())).status).toBe(404);
    expect((await (await ctx().login('canting')).get(url())).status).toBe(404);
  });
});
