import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { households } from '../db/schema/index.js';
import { accountByUsername, codes, createDistrictTree, createEnterprise, createRegion, createVenue, unique } from '../../test/factories.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { insertHazard, insertInspection } from '../../test/oversight.js';
import { refreshSummaries } from './summary.refresh.js';

/**
 * R11.1 dashboard against a hand-counted fixture: district D with towns T1 (and its community C1)
 * and T2, plus records registered at D itself. Period March 2026, today 15 March 2026.
 */
describeOnEachDatabase('R11.1 dashboard figures', (ctx) => {
  let admin: Client;
  let D: { id: string; code: string };
  let T1: { id: string; code: string };
  let T2: { id: string; code: string };
  const ids: Record<string, string> = {};
  const period = 'from=2026-03-01&to=2026-03-31';

  beforeAll(async () => {
    ctx().clock.set('2026-03-15T04:00:00Z');
    admin = await ctx().login('admin');
    const db = ctx().db;
    const tree = await createDistrictTree(admin, db);
    D = tree.district;
    T1 = tree.town;
    T2 = await createRegion(admin, { parentId: D.id, level: 'town', code: codes.town(D.code) });
    const C1 = tree.community;
    const me = (await accountByUsername(db, 'admin')).id;
    const venue = async (regionId: string, extra: Record<string, unknown> = {}) => {
      const v = await createVenue(db, regionId, unique('场所'));
      if (Object.keys(extra).length) await db.execute(sql`UPDATE venues SET lat = ${extra.lat as number}, lng = ${extra.lng as number}, status = ${(extra.status as string) ?? 'active'} WHERE id = ${v.id}`);
      return { type: 'venue', id: v.id, name: v.name };
    };
    const V1 = await venue(C1.id, { lat: 29.7, lng: 105.7 });
    const V2 = await venue(C1.id);
    const V3 = await venue(T1.id);
    await venue(T1.id, { lat: 29.7, lng: 105.7, status: 'closed' }); // not counted
    const V4 = await venue(T2.id);
    const V5 = await venue(D.id);
    const [hh] = await db.insert(households).values({ regionId: C1.id, address: unique('五星路 1 号 ') }).returning();
    const H1 = { type: 'household', id: hh!.id, name: hh!.address };
    const E1 = await createEnterprise(db, T2.id); // bottled LPG without its 燃气经营许可证: one licence warning
    Object.assign(ids, { V1: V1.id, E1: E1.id });

    await insertInspection(db, { regionId: C1.id, subject: V1, day: '2026-03-02', createdBy: me });
    await insertInspection(db, { regionId: C1.id, subject: V1, day: '2026-03-05', createdBy: me });
    await insertInspection(db, { regionId: T2.id, subject: V4, day: '2026-03-10', createdBy: me });
    await insertInspection(db, { regionId: C1.id, subject: V2, day: '2026-02-20', createdBy: me }); // before the period
    await insertInspection(db, { regionId: T1.id, subject: V3, day: '2026-03-03', kind: 'self', createdBy: me }); // self-check: not coverage
    await insertInspection(db, { regionId: C1.id, subject: H1, day: '2026-03-04', kind: 'company', createdBy: me });

    const h1 = await insertHazard(db, { regionId: C1.id, subject: V1, found: '2026-03-02', state: 'closed', deadline: '2026-03-10', closed: '2026-03-06' });
    ids.h2 = await insertHazard(db, { regionId: C1.id, subject: V1, found: '2026-03-03', severity: 'major', state: 'rectifying', deadline: '2026-03-10' });
    ids.h3 = await insertHazard(db, { regionId: C1.id, subject: V2, found: '2026-03-05', state: 'assigned', deadline: '2026-03-20' });
    await insertHazard(db, { regionId: T1.id, subject: V3, found: '2026-02-20', state: 'closed', deadline: '2026-03-01', closed: '2026-03-08' });
    await insertHazard(db, { regionId: C1.id, subject: V1, found: '2026-03-12', state: 'closed', closed: '2026-03-12', reboundOf: h1 });
    await insertHazard(db, { regionId: C1.id, subject: V2, found: '2026-03-04', state: 'voided' });
    await insertHazard(db, { regionId: T2.id, subject: V4, found: '2026-03-07', severity: 'major', state: 'closed', deadline: '2026-03-13', closed: '2026-03-14' });
    await insertHazard(db, { regionId: T2.id, subject: V4, found: '2026-01-15', state: 'rectifying', deadline: '2026-02-28' });
    await insertHazard(db, { regionId: T2.id, subject: V4, found: '2026-03-09', source: 'public_report' });
    await insertHazard(db, { regionId: D.id, subject: V5, found: '2026-03-11' });
    // Monitoring (R7): a detector at V1 with a working state and an open alarm; a closed alarm at V4.
    const device = async (subject: { id: string; name: string }, regionId: string, code: string) =>
      (
        await db.execute<{ id: string }>(sql`
          INSERT INTO devices (code, type, subject_type, subject_id, subject_name, region_id, venue_id, lat, lng)
          VALUES (${code}, 'methane_detector', 'venue', ${subject.id}, ${subject.name}, ${regionId}, ${subject.id}, 29.71, 105.71) RETURNING id`)
      ).rows[0]!.id;
    const d1 = await device(V1, C1.id, unique('DEV'));
    const d4 = await device(V4, T2.id, unique('DEV'));
    await db.execute(sql`INSERT INTO device_state (device_id, online) VALUES (${d1}, 'online')`);
    const alarm = async (deviceId: string, regionId: string, raised: string, ackMin: number, arriveMin: number | null, closed: boolean) =>
      (
        await db.execute<{ id: string }>(sql`
          INSERT INTO alarms (code, device_id, condition, severity, state, region_id, first_at, last_at, raised_at, acknowledged_at, arrived_at, closed_at)
          VALUES (${unique('BJ')}, ${deviceId}, 'ch4', 'critical', ${closed ? 'closed' : 'acknowledged'}, ${regionId}, ${raised}::timestamptz, ${raised}::timestamptz, ${raised}::timestamptz,
                  ${raised}::timestamptz + make_interval(mins => ${ackMin}), ${arriveMin === null ? null : sql`${raised}::timestamptz + make_interval(mins => ${arriveMin})`},
                  ${closed ? sql`${raised}::timestamptz + interval '2 hours'` : null})
          RETURNING id`)
      ).rows[0]!.id;
    ids.A1 = await alarm(d1, C1.id, '2026-03-05T10:00:00+08:00', 6, 30, false);
    await alarm(d4, T2.id, '2026-03-08T10:00:00+08:00', 4, null, true);
    // Cylinders (R6): fill checks at a station of T2, and anomalies in T1.
    const check = (day: string, allowed: boolean) =>
      db.execute(sql`INSERT INTO cylinder_fill_checks (at, station_id, station_region_id, code, allowed, reasons, actor_label)
                     VALUES (${`${day}T09:00:00+08:00`}::timestamptz, ${E1.id}, ${T2.id}, 'X', ${allowed}, '{}'::text[], 'test')`);
    for (const [day, ok] of [['2026-03-02', true], ['2026-03-03', true], ['2026-03-04', true], ['2026-03-05', false], ['2026-03-06', false], ['2026-02-27', false]] as const) await check(day, ok);
    for (const [eventId, status] of [[900001, 'open'], [900002, 'dismissed']] as const) {
      await db.execute(sql`INSERT INTO cylinder_anomalies (kind, cylinder_id, event_id, region_id, at, status) VALUES ('NO_LICENSED_FILLING', gen_random_uuid(), ${eventId}, ${C1.id}, now(), ${status})`);
    }
    await refreshSummaries(ctx().db);
  });

  const fig = (body: { figures: { key: string; value: number | null }[] }, key: string) => body.figures.find((f) => f.key === key);
  const child = (body: { children: { region: { id: string }; figures: Record<string, { value: number | null }> }[] }, id: string) =>
    body.children.find((c) => c.region.id === id)!.figures;

  it('R11.1 every figure of the district equals the hand count', async () => {
    const res = await admin.get(`/api/v1/dashboard?regionId=${D.id}&${period}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const v = Object.fromEntries(res.body.figures.map((f: { key: string; unit: string; value: number | null; numerator?: number; denominator?: number }) => [f.key, f.unit === 'rate' ? [f.numerator, f.denominator] : f.value]));
    expect(v).toEqual({
      'subjects.venues': 5,
      'subjects.households': 1,
      'subjects.enterprises': 1,
      'subjects.facilities': 0,
      'coverage.venue': [2, 5],
      'coverage.household': [1, 1],
      'coverage.enterprise': [0, 1],
      'hazards.found': 7,
      'hazards.closed': 4,
      'hazards.major': 2,
      'hazards.rectificationRate': [3, 7],
      'hazards.onTimeRate': [2, 4],
      'hazards.open': 5,
      'hazards.openMajor': 1,
      'hazards.clearanceRate': [4, 9],
      'hazards.overdue': 2,
      'hazards.overdueMajor': 1,
      'hazards.rebounds': 1,
      'licences.warnings': 1,
      'public.reports': 0,
      'public.substantiated': 0,
      'alarms.open': 1,
      'alarms.raised': 2,
      'alarms.ackMinutes': 5, // (6 + 4) ÷ 2
      'alarms.arriveMinutes': 30,
      'devices.installCoverage': [1, 5], // every venue needs a detector (R7.5); V1 has a working one
      'cylinders.fillsAllowed': 3,
      'cylinders.fillsDenied': 2,
      'cylinders.anomaliesOpen': 1,
    });
    expect(fig(res.body, 'hazards.rectificationRate')!.value).toBeCloseTo(3 / 7);
    const overdue = res.body.figures.find((f: { key: string }) => f.key === 'hazards.overdue');
    expect(overdue.label).toEqual({ zh: '逾期未整改', en: 'Overdue hazards' });
    expect(overdue.link).toEqual({ href: `/api/v1/hazards?regionId=${D.id}&overdue=true`, exact: true });
    expect(res.body.refreshedAt).toMatch(/^\d{4}-/);
  });

  it('R11.1 drill-down: each town counted by hand, and children plus the district’s own records sum to the district', async () => {
    const res = await admin.get(`/api/v1/dashboard?regionId=${D.id}&${period}`);
    const t1 = child(res.body, T1.id);
    const t2 = child(res.body, T2.id);
    const counts = (f: Record<string, { value: number | null }>, keys: string[]) => keys.map((k) => f[k]!.value);
    const keys = ['subjects.venues', 'hazards.found', 'hazards.closed', 'hazards.major', 'hazards.open', 'hazards.overdue', 'hazards.rebounds', 'licences.warnings', 'alarms.open', 'alarms.ackMinutes', 'cylinders.fillsDenied'];
    expect(counts(t1, keys)).toEqual([3, 4, 3, 1, 2, 1, 1, 0, 1, 6, 0]);
    expect(counts(t2, keys)).toEqual([1, 2, 1, 1, 2, 1, 0, 1, 0, 4, 2]);
    expect(t1['devices.installCoverage']).toMatchObject({ numerator: 1, denominator: 3 });
    expect(t1['coverage.venue']).toMatchObject({ numerator: 1, denominator: 3 });
    expect(t2['hazards.onTimeRate']).toMatchObject({ numerator: 0, denominator: 1 });
    expect(t1['hazards.clearanceRate']).toMatchObject({ numerator: 3, denominator: 5 });
    expect(res.body.direct.figures['hazards.found']).toEqual({ value: 1 });
    expect(res.body.direct.figures['subjects.venues']).toEqual({ value: 1 });
    for (const f of res.body.figures.filter((x: { additive: boolean }) => x.additive)) {
      const sum = res.body.children.reduce((s: number, c: { figures: Record<string, { value: number }> }) => s + c.figures[f.key]!.value, 0) + (res.body.direct?.figures[f.key]?.value ?? 0);
      expect(sum, f.key).toBe(f.value);
    }
    expect(t1['hazards.overdue']!).toMatchObject({ link: { href: `/api/v1/hazards?regionId=${T1.id}&overdue=true` } });
  });

  it('R5.4 read per campaign phase: the period is the phase’s dates', async () => {
    const c = await admin.post('/api/v1/campaigns', {
      regionId: D.id,
      name: '测试整治',
      phases: [
        { key: 'focused', name: '集中攻坚', start: '2026-03-01', end: '2026-03-10' },
        { key: 'consolidation', name: '巩固提升', start: '2026-03-11', end: null },
      ],
      calendar: { key: 'nanchang_002' },
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const focused = await admin.get(`/api/v1/dashboard?regionId=${D.id}&campaignId=${c.body.id}&phase=focused&keys=hazards.found,hazards.closed`);
    expect(focused.body.period).toMatchObject({ from: '2026-03-01', to: '2026-03-10', phase: { key: 'focused' } });
    expect(focused.body.figures.map((f: { key: string; value: number }) => [f.key, f.value])).toEqual([
      ['hazards.found', 5],
      ['hazards.closed', 2],
    ]);
    const later = await admin.get(`/api/v1/dashboard?regionId=${D.id}&campaignId=${c.body.id}&phase=consolidation&keys=hazards.found`);
    expect(later.body.period).toMatchObject({ from: '2026-03-11', to: '2026-03-15' });
    expect(later.body.figures[0].value).toBe(2);
  });

  it('R11.1 trends by week for ECharts, and the map keyed by adcode with open major hazards placed', async () => {
    const t = await admin.get(`/api/v1/dashboard/trends?regionId=${T1.id}&metric=hazards.found&granularity=week&${period}`);
    expect(t.status, JSON.stringify(t.body)).toBe(200);
    expect(t.body.points.map((p: { bucket: string; value: number }) => [p.bucket, p.value])).toEqual([
      ['2026-02-23', 0],
      ['2026-03-02', 3],
      ['2026-03-09', 1],
      ['2026-03-16', 0],
      ['2026-03-23', 0],
      ['2026-03-30', 0],
    ]);
    const open = await admin.get(`/api/v1/dashboard/trends?regionId=${D.id}&metric=hazards.open&granularity=month&from=2026-01-01&to=2026-03-31`);
    expect(open.body.points.map((p: { value: number }) => p.value)).toEqual([1, 2, 5]);
    expect((await admin.get(`/api/v1/dashboard/trends?regionId=${D.id}&metric=licences.warnings`)).status).toBe(422);

    const map = await admin.get(`/api/v1/dashboard/map?regionId=${D.id}&${period}`);
    expect(map.status).toBe(200);
    expect(map.body.regions[T1.code].figures['hazards.open']).toBe(2);
    expect(map.body.regions[T2.code].figures['hazards.overdue']).toBe(1);
    expect(map.body.regions[D.code].self).toBe(true);
    expect(map.body.layers.majorHazards.points).toEqual([expect.objectContaining({ id: ids.h2, lat: 29.7, lng: 105.7, overdue: true })]);
    expect(map.body.layers.subjects.points.map((p: { id: string }) => p.id)).toEqual([ids.V1]);
    expect(map.body.layers.alarms.points).toEqual([expect.objectContaining({ id: ids.A1, lat: 29.71, lng: 105.71 })]);
    expect(map.body.regions[T1.code].figures['alarms.open']).toBe(1);
  });

  it('R11.1 the summaries follow changes incrementally (only the days touched)', async () => {
    await ctx().db.execute(sql`UPDATE hazards SET state = 'closed', closed_at = '2026-03-15T09:00:00+08:00' WHERE id = ${ids.h3}`);
    const r = await refreshSummaries(ctx().db);
    expect(r).toMatchObject({ ran: true, rebuilt: false, subjects: false });
    // −(found day, deadline day) +(found day, closed day): four signed contributions over three days.
    expect(r).toMatchObject({ deltas: 4, days: 3 });
    const res = await admin.get(`/api/v1/dashboard?regionId=${D.id}&${period}&keys=hazards.closed,hazards.open,hazards.rectificationRate`);
    expect(res.body.figures.map((f: { value: number }) => f.value)).toEqual([5, 4 / 7, 4]); // catalogue order: closed, rectification rate, open
  });

  it('R11.1 applied deltas equal a rebuild from the hazards (voiding, reassigning, deleting included)', async () => {
    const db = ctx().db;
    await db.execute(sql`UPDATE hazards SET state = 'voided' WHERE region_id = ${D.id}`);
    await db.execute(sql`UPDATE hazards SET deadline = '2026-04-30', state = 'assigned' WHERE id = ${ids.h2}`);
    await db.execute(sql`UPDATE hazards SET region_id = ${T2.id} WHERE region_id IN (SELECT id FROM regions WHERE parent_id = ${T1.id}) AND state = 'closed' AND rebound_of IS NOT NULL`);
    await refreshSummaries(db);
    const rows = async () =>
      (
        await db.execute(sql`
          SELECT region_id, to_char(day, 'YYYY-MM-DD') AS day, found, found_major, found_closed, rebounds, found_public, closed, closed_major, closed_on_time, due_open, due_open_major
          FROM dash_hazard_daily WHERE region_id IN (SELECT id FROM regions WHERE path LIKE (SELECT path FROM regions WHERE id = ${D.id}) || '%')
            AND (found, found_major, found_closed, rebounds, found_public, closed, closed_major, closed_on_time, due_open, due_open_major) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
          ORDER BY 1, 2`)
      ).rows;
    const incremental = await rows();
    expect((await refreshSummaries(db, { rebuild: true })).rebuilt).toBe(true);
    expect(await rows()).toEqual(incremental);
    const res = await admin.get(`/api/v1/dashboard?regionId=${D.id}&${period}&keys=hazards.found,hazards.overdueMajor`);
    expect(res.body.figures.map((f: { value: number }) => f.value)).toEqual([6, 0]);
  });

  it('R11.1 boundaries: an admin uploads a FeatureCollection joined by adcode; bad ones are refused', async () => {
    const square = (x: number) => ({ type: 'Polygon', coordinates: [[[x, 29], [x + 0.1, 29], [x + 0.1, 29.1], [x, 29]]] });
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { adcode: T1.code, name: 'T1' }, geometry: square(105.1) },
        { type: 'Feature', properties: { adcode: T2.code, name: 'T2' }, geometry: square(105.3) },
        { type: 'Feature', properties: { adcode: '999999', name: '外地' }, geometry: square(105.5) },
      ],
    };
    const put = await admin.put(`/api/v1/geo/boundaries?regionId=${D.id}`, fc);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ featureCount: 3, matched: 2, unmatched: ['999999'] });
    const got = await admin.get(`/api/v1/geo/boundaries?regionId=${D.id}`);
    expect(got.body.features[1].properties.adcode).toBe(T2.code);
    const bad = await admin.put(`/api/v1/geo/boundaries?regionId=${D.id}`, { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Point', coordinates: [1, 2] } }] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['features.0.properties.adcode', 'features.0.geometry']);
    expect((await (await ctx().login('jingxin')).put(`/api/v1/geo/boundaries?regionId=${D.id}`, fc)).status).toBe(403);
  });

  it('R1.4 another district and subject accounts cannot read it', async () => {
    expect((await (await ctx().login('tongliang')).get(`/api/v1/dashboard?regionId=${D.id}`)).status).toBe(404);
    expect((await (await ctx().login('canting')).get('/api/v1/dashboard')).status).toBe(403);
    expect((await ctx().anonymous().get('/api/v1/dashboard')).status).toBe(401);
    const own = await (await ctx().login('zhuanban')).get('/api/v1/dashboard?keys=hazards.found');
    expect(own.status).toBe(200);
    expect(own.body.region.name).toBe('大足区');
  });
});
