import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { pngBytes } from '../../test/fixtures.js';
import { demoIds, type DemoIds } from '../../test/factories.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';

const LONGGANG_CODE = '500111001000';

/** Answer a challenge the way a person would: read the question, do the sum. */
async function challenge(c: Client) {
  const res = await c.get('/api/v1/public/reports/challenge');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const m = /^(\d+) ([+−×]) (\d+) = \?$/.exec(res.body.question)!;
  const [a, b] = [Number(m[1]), Number(m[3])];
  return { challengeId: res.body.challengeId as string, answer: m[2] === '+' ? a + b : m[2] === '−' ? a - b : a * b };
}

const report = (extra: Record<string, unknown> = {}) => ({
  topic: 'venue_use',
  description: '五星大道一家火锅店在地下室使用液化气钢瓶',
  address: '重庆市大足区龙岗街道五星大道 88 号',
  regionCode: LONGGANG_CODE,
  ...extra,
});

describeOnEachDatabase('R8.1 public reports', (ctx) => {
  let pub: Client;
  let demo: DemoIds;
  let tracking: string;
  let reportId: string;

  beforeAll(async () => {
    ctx().clock.set('2026-03-15T02:00:00Z');
    pub = ctx().anonymous();
    demo = await demoIds(ctx().db);
  });

  it('R8.1 anyone reports without login: photo uploaded anonymously, challenge answered, routed by the matrix; a tracking code comes back', async () => {
    const photo = await pub.upload('/api/v1/public/uploads', pngBytes(), 'scene.png');
    expect(photo.status, JSON.stringify(photo.body)).toBe(201);
    const res = await pub.post('/api/v1/public/reports', { ...(await challenge(pub)), ...report({ photos: [photo.body.id], name: '张三丰', phone: '13812341234' }) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.trackingCode).toMatch(/^JB[0-9A-Z]{16}$/);
    tracking = res.body.trackingCode;
    const [row] = (await ctx().db.execute<{ id: string; lead: string; town: string; name: string; phone: string }>(sql`
      SELECT p.id, d.name AS lead, r.name AS town, p.reporter_name AS name, p.reporter_phone AS phone
      FROM public_reports p LEFT JOIN departments d ON d.id = p.lead_department_id LEFT JOIN regions r ON r.id = p.town_id
      WHERE p.tracking_code = ${tracking}`)).rows;
    reportId = row!.id;
    expect(row).toMatchObject({ lead: '区消防救援支队', town: '龙岗街道' }); // 000 二(四)2: 问题环境 at restaurants, fire rescue leads
    expect(row!.name).toMatch(/^v1:/); // identity encrypted at rest
    expect(row!.phone).not.toContain('1381234');
    const track = await pub.get(`/api/v1/public/reports/${tracking.toLowerCase()}`);
    expect(track.status).toBe(200);
    expect(Object.keys(track.body).sort()).toEqual(['outcome', 'rectification', 'status', 'statusLabel', 'submittedAt', 'trackingCode', 'updatedAt', 'verifiedAt']);
    expect(track.body).toMatchObject({ status: 'received', statusLabel: { zh: '已受理' }, outcome: null });
    expect((await pub.get('/api/v1/public/reports/JB0000000000000000')).status).toBe(404);
  });

  it('R8.1 officers handle it: identity masked for all but the assigned officer (audited), verified 查实 → reward flag, then a hazard', async () => {
    const tf = await ctx().login('zhuanban');
    const list = await tf.get('/api/v1/reports');
    expect(list.body.items[0].reporter).toMatchObject({ name: '张**', phone: '138****1234' });
    const town = await ctx().login('longgang');
    const taken = await town.post(`/api/v1/reports/${reportId}/assign`, {});
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    expect(taken.body.status).toBe('handling');
    const mine = await town.get(`/api/v1/reports/${reportId}`);
    expect(mine.body.reporter).toMatchObject({ name: '张三丰', phone: '13812341234', revealed: true });
    expect(mine.body.photoUrls).toHaveLength(1);
    const audit = await ctx().db.execute(sql`SELECT actor_label FROM audit_log WHERE action = 'public_report.identity.view' AND entity_id = ${reportId}`);
    expect(audit.rows).toEqual([{ actor_label: 'longgang' }]);
    expect((await tf.get(`/api/v1/reports/${reportId}`)).body.reporter).toMatchObject({ name: '张**', phone: '138****1234', revealed: false });
    expect((await (await ctx().login('jingxin')).post(`/api/v1/reports/${reportId}/verify`, { result: 'substantiated', notes: 'x' })).status).toBe(403);
    expect((await (await ctx().login('tongliang')).get(`/api/v1/reports/${reportId}`)).status).toBe(404);

    const v = await town.post(`/api/v1/reports/${reportId}/verify`, { result: 'substantiated', notes: '现场核实地下室存放钢瓶 3 只' });
    expect(v.body).toMatchObject({ status: 'substantiated', rewardFlag: true });
    const h = await town.post(`/api/v1/reports/${reportId}/hazard`, { subjectType: 'venue', subjectId: demo.venue, severity: 'major' });
    expect(h.status, JSON.stringify(h.body)).toBe(201);
    const hazard = (await town.get(`/api/v1/hazards/${h.body.hazard.id}`)).body.hazard;
    expect(hazard).toMatchObject({ source: 'public_report', sourceRef: reportId, severity: 'major', subjectName: '老街火锅', leadName: '区消防救援支队' });
    expect(hazard.photos).toHaveLength(1);
    expect((await town.post(`/api/v1/reports/${reportId}/hazard`, { subjectType: 'venue', subjectId: demo.venue, severity: 'major' })).status).toBe(409);

    const track = (await pub.get(`/api/v1/public/reports/${tracking}`)).body;
    expect(track).toMatchObject({ status: 'substantiated', outcome: '经核查，举报情况属实，已责令限期整改。感谢您的监督。', rectification: { zh: '正在督促整改' } });
    expect(JSON.stringify(track)).not.toContain('张');
  });

  it('R8.1 abuse guards: bad or reused challenge 4xx, non-image or foreign photo refused, at most 5 photos, per-phone and per-IP limits → 429', async () => {
    ctx().clock.set('2026-03-16T02:00:00Z'); // a fresh day and hour for the counters
    const c = await challenge(pub);
    expect((await pub.post('/api/v1/public/reports', { ...c, answer: c.answer + 1, ...report() })).status).toBe(422);
    expect((await pub.post('/api/v1/public/reports', { ...c, ...report() })).status).toBe(422); // used up by the wrong answer
    expect((await pub.post('/api/v1/public/reports', { challengeId: '00000000-0000-4000-8000-000000000000', answer: 1, ...report() })).status).toBe(422);

    const notImage = await pub.upload('/api/v1/public/uploads', Buffer.from('#!/bin/sh\necho not a photo\n'), 'photo.jpg');
    expect(notImage.status).toBe(422);
    expect(notImage.body.error.fields[0].path).toBe('file');
    const pdf = await pub.upload('/api/v1/public/uploads', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(100)]), 'x.png');
    expect(pdf.status).toBe(422);
    const huge = await pub.upload('/api/v1/public/uploads', Buffer.concat([pngBytes(), Buffer.alloc(5 * 1024 * 1024 + 10)]), 'big.png');
    expect(huge.status).toBe(422);
    const officerPhoto = (await (await ctx().login('wangge')).upload('/api/v1/files?purpose=photo', pngBytes(), 'a.png')).body.id;
    expect((await pub.post('/api/v1/public/reports', { ...(await challenge(pub)), ...report({ photos: [officerPhoto] }) })).status).toBe(422);
    const six = Array.from({ length: 6 }, () => officerPhoto);
    expect((await pub.post('/api/v1/public/reports', { ...(await challenge(pub)), ...report({ photos: six }) })).status).toBe(400);

    // 5 submissions so far this hour (each counted, refused or not); advance to a fresh hour (same day) for the limits below.
    ctx().clock.set('2026-03-16T05:00:00Z');
    const phone = '13900001111';
    for (let i = 0; i < 3; i++) expect((await pub.post('/api/v1/public/reports', { ...(await challenge(pub)), ...report({ phone }) })).status).toBe(201);
    const perPhone = await pub.post('/api/v1/public/reports', { ...(await challenge(pub)), ...report({ phone }) });
    expect(perPhone.status).toBe(429);
    expect(perPhone.headers['retry-after']).toBeDefined();
    expect((await pub.post('/api/v1/public/reports', { ...(await challenge(pub)), ...report() })).status).toBe(201); // 5th this hour
    const perIp = await pub.post('/api/v1/public/reports', { ...(await challenge(pub)), ...report() });
    expect(perIp.status).toBe(429);
    expect(perIp.body.error.code).toBe('RATE_LIMITED');
  });

  it('R8.2 typical cases: officers curate and publish; the public sees only published ones', async () => {
    const tf = await ctx().login('zhuanban');
    const c = await tf.post('/api/v1/cases', { regionId: demo.dazu, title: '某火锅店地下室违规使用液化气被查处', summary: '依法责令停止使用并处罚款', caseDate: '2026-03-10' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    await tf.post('/api/v1/cases', { regionId: demo.dazu, title: '草稿案例', summary: '未发布', caseDate: '2026-03-11' });
    expect((await pub.get('/api/v1/public/cases')).body.total).toBe(0);
    expect((await tf.patch(`/api/v1/cases/${c.body.id}`, { published: true })).body.published).toBe(true);
    const list = await pub.get('/api/v1/public/cases');
    expect(list.body.items.map((x: { title: string; regionName: string }) => [x.title, x.regionName])).toEqual([['某火锅店地下室违规使用液化气被查处', '大足区']]);
    expect((await (await ctx().login('wangge')).post('/api/v1/cases', { regionId: demo.grid1, title: 'x', summary: 'y', caseDate: '2026-03-10' })).status).toBe(403);
  });
});
