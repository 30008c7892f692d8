import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';

/** R5.2 / R5.4: a campaign of 大足区, its calendar, units' reports drafted, submitted, late ones flagged and reminded. */
describeOnEachDatabase('R5.2 reporting calendar and progress reports', (ctx) => {
  let tf: Client;
  let campaignId: string;

  beforeAll(async () => {
    ctx().clock.set('2026-03-15T04:00:00Z'); // 15 March, noon in China
    tf = await ctx().login('zhuanban');
    const dazu = (await tf.get(`/api/v1/regions?q=${encodeURIComponent('大足区')}`)).body.items[0].id;
    const res = await tf.post('/api/v1/campaigns', {
      regionId: dazu,
      name: '2026 年燃气安全专项整治',
      phases: [
        { key: 'focused', name: '集中攻坚', start: '2026-03-01', end: '2026-03-31' },
        { key: 'consolidation', name: '巩固提升', start: '2026-04-01', end: null },
      ],
      calendar: { key: 'dazu_000' },
      reportingFrom: '2026-03-01',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    campaignId = res.body.id;
  });

  it('R5.4 presets carry the seeds’ phases and calendars; a campaign from a preset takes them', async () => {
    const p = await tf.get('/api/v1/campaigns/presets');
    expect(p.body.campaigns.map((c: { key: string }) => c.key)).toEqual(['dazu_000', 'jiangsu_001', 'nanchang_002']);
    const dazu = (await tf.get(`/api/v1/regions?q=${encodeURIComponent('大足区')}`)).body.items[0].id;
    const c = await tf.post('/api/v1/campaigns', { regionId: dazu, presetKey: 'dazu_000' });
    expect(c.status).toBe(201);
    expect(c.body.phases.map((x: { name: string; start: string; end: string }) => `${x.name} ${x.start}–${x.end}`)).toEqual([
      '集中攻坚 2023-08-23–2023-11-30',
      '全面巩固提升 2023-12-01–2024-06-30',
      '建立长效机制 2024-07-01–2025-12-31',
    ]);
    const due = await tf.get(`/api/v1/campaigns/${c.body.id}/due-dates?from=2023-11-01&to=2023-12-31`);
    expect(due.body.items.map((d: { date: string }) => d.date)).toEqual(['2023-11-10', '2023-11-24', '2023-12-21']);
    const overlap = await tf.patch(`/api/v1/campaigns/${c.body.id}`, {
      phases: [
        { key: 'focused', name: 'a', start: '2024-01-01', end: '2024-03-01' },
        { key: 'consolidation', name: 'b', start: '2024-02-01', end: null },
      ],
    });
    expect(overlap.status).toBe(422);
    expect((await (await ctx().login('longgang')).post('/api/v1/campaigns', { regionId: dazu, presetKey: 'dazu_000' })).status).toBe(403);
  });

  it('R5.2 the calendar job creates each unit’s report, flags the late ones and reminds them (once a day)', async () => {
    const gen = await tf.post(`/api/v1/campaigns/${campaignId}/progress-reports/generate`);
    expect(gen.status, JSON.stringify(gen.body)).toBe(200);
    const units = (await tf.get(`/api/v1/campaigns/${campaignId}`)).body.units;
    expect(units.filter((u: { type: string }) => u.type === 'region').map((u: { name: string }) => u.name)).toContain('龙岗街道');
    // Due dates up to a week ahead (22 March): only the 10th falls in; it is already late.
    expect(gen.body).toMatchObject({ ran: true, created: units.length, late: units.length, reminded: units.length });
    const again = await tf.post(`/api/v1/campaigns/${campaignId}/progress-reports/generate`);
    expect(again.body).toMatchObject({ created: 0, late: 0, reminded: 0 });
    const audit = await ctx().db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'progress_report.remind_late'`);
    expect(audit.rows[0]).toEqual({ n: units.length });
  });

  it('R5.2 a town drafts from its data, adds its text and submits; late after the due date', async () => {
    const town = await ctx().login('longgang');
    const list = await town.get(`/api/v1/campaigns/${campaignId}/progress-reports`);
    expect(list.body.items.map((r: { unitName: string; dueDate: string }) => `${r.unitName} ${r.dueDate}`)).toEqual(['龙岗街道 2026-03-10']);
    const id = list.body.items[0].id;
    const detail = await town.get(`/api/v1/progress-reports/${id}`);
    expect(detail.body).toMatchObject({ periodFrom: '2026-03-01', periodTo: '2026-03-09', status: 'pending', late: true, canEdit: true });
    expect(detail.body.draft.figures.map((f: { key: string }) => f.key)).toEqual(expect.arrayContaining(['hazards.found', 'hazards.rectificationRate', 'coverage.venue']));
    expect((await town.patch(`/api/v1/progress-reports/${id}`, { text: '已完成辖区餐饮场所排查' })).status).toBe(200);
    const sub = await town.post(`/api/v1/progress-reports/${id}/submit`, {});
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    expect(sub.body).toMatchObject({ status: 'submitted', late: true, text: '已完成辖区餐饮场所排查' });
    expect((await town.post(`/api/v1/progress-reports/${id}/submit`, { text: 'again' })).status).toBe(409);
    // Another unit's officer cannot see or submit it.
    expect((await (await ctx().login('shichang')).post(`/api/v1/progress-reports/${id}/submit`, { text: 'x' })).status).toBe(404);
  });

  it('R5.2 a department reports on the hazards it leads; on time before the due date', async () => {
    ctx().clock.set('2026-03-20T04:00:00Z');
    tf = await ctx().login('zhuanban'); // the old session has been idle for five days
    await tf.post(`/api/v1/campaigns/${campaignId}/progress-reports/generate`);
    const dept = await ctx().login('jingxin');
    const list = await dept.get(`/api/v1/campaigns/${campaignId}/progress-reports?dueDate=2026-03-24`);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ unitType: 'department', unitName: '区经济信息委', periodFrom: '2026-03-10', periodTo: '2026-03-23', late: false });
    const sub = await dept.post(`/api/v1/progress-reports/${list.body.items[0].id}/submit`, { text: '督促燃气企业开展自查' });
    expect(sub.body).toMatchObject({ status: 'submitted', late: false });
    expect(sub.body.draft.figures.find((f: { key: string }) => f.key === 'hazards.found')).toBeDefined();
  });

  it('R5.2 the upper level gets the compiled report of its units as JSON, Excel and PDF', async () => {
    const json = await tf.get(`/api/v1/campaigns/${campaignId}/progress-reports/compiled?dueDate=2026-03-10`);
    expect(json.status).toBe(200);
    const longgang = json.body.items.find((i: { unitName: string }) => i.unitName === '龙岗街道');
    expect(longgang).toMatchObject({ status: 'submitted', late: true });
    expect(json.body.items.filter((i: { status: string }) => i.status === 'pending').every((i: { late: boolean; draft: unknown }) => i.late && i.draft)).toBe(true);
    const xlsx = await ctx().app.inject({ method: 'GET', url: `/api/v1/campaigns/${campaignId}/progress-reports/compiled?dueDate=2026-03-10&format=xlsx`, cookies: tf.cookies });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await ctx().app.inject({ method: 'GET', url: `/api/v1/campaigns/${campaignId}/progress-reports/compiled?dueDate=2026-03-10&format=pdf`, cookies: tf.cookies });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await (await ctx().login('longgang')).get(`/api/v1/campaigns/${campaignId}/progress-reports/compiled?dueDate=2026-03-10`)).status).toBe(404);
  });
});
