import { expect, it } from 'vitest';
import { pngBytes } from '../../test/fixtures.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';

async function venueId(c: Client, name: string) {
  const res = await c.get(`/api/v1/registry/venue?q=${encodeURIComponent(name)}`);
  return res.body.items[0].id as string;
}

async function photo(c: Client) {
  return (await c.upload('/api/v1/files?purpose=evidence', pngBytes(), 'fixed.png')).body.id as string;
}

describeOnEachDatabase('hazard ledger closed loop', (ctx) => {
  it('R4.1/R4.3 takes a hazard from report through assignment, rectification, rejection, re-submission to 销号, each step kept', async () => {
    const grid = await ctx().login('wangge');
    const venue = await venueId(grid, '老街火锅');
    const created = await grid.post('/api/v1/hazards', { subjectType: 'venue', subjectId: venue, category: 'problem_hose', severity: 'general', description: '使用非金属软管且老化' });
    expect(created.status).toBe(201);
    const h = created.body.hazard;
    expect(h.state).toBe('reported');
    expect(h.leadName).toBe('区市场监管局'); // Dazu preset: 问题软管 at a restaurant
    expect(h.townName).toBe('龙岗街道');
    expect(h.code).toMatch(/^YH\d{4}\d{8}$/);

    const town = await ctx().login('longgang');
    expect((await grid.post(`/api/v1/hazards/${h.id}/actions/assign`, { deadline: '2026-12-31', responsiblePerson: '店主' })).status).toBe(403);
    const assigned = await town.post(`/api/v1/hazards/${h.id}/actions/assign`, { deadline: '2026-12-31', responsiblePerson: '老街火锅 店主' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.state).toBe('assigned');

    const owner = await ctx().login('canting');
    expect((await owner.post(`/api/v1/hazards/${h.id}/actions/start`, {})).body.state).toBe('rectifying');
    const noPhoto = await owner.post(`/api/v1/hazards/${h.id}/actions/request_review`, {});
    expect(noPhoto.status).toBe(422);
    expect(noPhoto.body.error.fields[0]).toMatchObject({ path: 'photos', message: '申请复核须上传整改后照片' });
    expect((await owner.post(`/api/v1/hazards/${h.id}/actions/request_review`, { photos: [await photo(owner)] })).body.state).toBe('awaiting_review');

    // The venue owner cannot close its own hazard; the lead department rejects with a reason.
    expect((await owner.post(`/api/v1/hazards/${h.id}/actions/close`, {})).status).toBe(403);
    const dept = await ctx().login('shichang');
    const rejected = await dept.post(`/api/v1/hazards/${h.id}/actions/reject`, { reason: '照片看不到软管接口' });
    expect(rejected.body.state).toBe('rectifying');
    expect((await owner.post(`/api/v1/hazards/${h.id}/actions/request_review`, { photos: [await photo(owner)] })).body.state).toBe('awaiting_review');
    const closed = await town.post(`/api/v1/hazards/${h.id}/actions/close`, { comment: '现场复核合格' });
    expect(closed.body.state).toBe('closed');

    const detail = await town.get(`/api/v1/hazards/${h.id}`);
    expect(detail.body.events.map((e: { action: string }) => e.action)).toEqual(['create', 'assign', 'start', 'request_review', 'reject', 'request_review', 'close']);
    expect(detail.body.events.map((e: { actorLabel: string }) => e.actorLabel)).toEqual(['wangge', 'longgang', 'canting', 'canting', 'shichang', 'canting', 'longgang']);
    expect(detail.body.photos.length).toBe(2);
    // A second transition on a closed hazard is refused and changes nothing.
    expect((await town.post(`/api/v1/hazards/${h.id}/actions/reject`, { reason: 'x' })).status).toBe(409);
  });

  it('R4.3 the one who asked for review cannot close it', async () => {
    const town = await ctx().login('longgang');
    const venue = await venueId(town, '老街火锅');
    const h = (await town.post('/api/v1/hazards', { subjectType: 'venue', subjectId: venue, category: 'problem_environment', severity: 'general', description: '安全出口堵塞' })).body.hazard;
    await town.post(`/api/v1/hazards/${h.id}/actions/assign`, { deadline: '2026-12-31', responsiblePerson: '店主' });
    await town.post(`/api/v1/hazards/${h.id}/actions/start`, {});
    await town.post(`/api/v1/hazards/${h.id}/actions/request_review`, { photos: [await photo(town)] });
    const self = await town.post(`/api/v1/hazards/${h.id}/actions/close`, {});
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe('复核销号不能由申请复核的人本人进行');
    expect((await (await ctx().login('zhuanban')).post(`/api/v1/hazards/${h.id}/actions/close`, {})).body.state).toBe('closed');
  });

  it('R4.2 fixed on the spot (立行立改) is recorded closed with its evidence, and needs the evidence', async () => {
    const grid = await ctx().login('wangge');
    const venue = await venueId(grid, '老街火锅');
    const first = await grid.post('/api/v1/hazards', { subjectType: 'venue', subjectId: venue, category: 'problem_hose', severity: 'general', description: '软管过长', fixedOnSpot: true, photos: [await photo(grid)] });
    expect(first.body.hazard.state).toBe('closed');
    expect(first.body.hazard.fixedOnSpot).toBe(true);
    const noEvidence = await grid.post('/api/v1/hazards', { subjectType: 'venue', subjectId: venue, category: 'problem_hose', severity: 'general', description: '软管过长', fixedOnSpot: true });
    expect(noEvidence.status).toBe(422);
  });

  it('R1.4 another district sees none of it and cannot act', async () => {
    const other = await ctx().login('tongliang');
    const list = await other.get('/api/v1/hazards');
    expect(list.body.total).toBe(0);
    const mine = await (await ctx().login('zhuanban')).get('/api/v1/hazards');
    const id = mine.body.items[0].id;
    expect((await other.get(`/api/v1/hazards/${id}`)).status).toBe(404);
    expect((await other.post(`/api/v1/hazards/${id}/actions/void`, { reason: 'x' })).status).toBe(404);
    // The venue owner sees only its own venue's hazards.
    const owner = await ctx().login('canting');
    const own = await owner.get('/api/v1/hazards');
    expect(own.body.items.every((x: { venueId: string }) => x.venueId === mine.body.items[0].venueId)).toBe(true);
  });
});

describeOnEachDatabase('overdue sweep (督办)', (ctx) => {
  it('R4.3 escalates overdue hazards one level per week with a fake clock, once, and records it', async () => {
    const { runOverdueSweep } = await import('./overdue.sweep.js');
    const { escalationLevel } = await import('./hazard.rules.js');
    const town = await ctx().login('longgang');
    const venue = await venueId(town, '老街火锅');
    const h = (await town.post('/api/v1/hazards', { subjectType: 'venue', subjectId: venue, category: 'problem_environment', severity: 'general', description: '气瓶放在就餐区' })).body.hazard;
    await town.post(`/api/v1/hazards/${h.id}/actions/assign`, { deadline: '2026-03-10', responsiblePerson: '店主' });
    const level = async () => (await town.get(`/api/v1/hazards/${h.id}`)).body.hazard.escalationLevel as number;
    for (const [today, expected] of [['2026-03-10', 0], ['2026-03-11', 1], ['2026-03-17', 1], ['2026-03-18', 2], ['2026-03-25', 3]] as const) {
      await runOverdueSweep(ctx().db, today);
      expect(await level()).toBe(expected);
      expect(expected).toBe(escalationLevel('assigned', '2026-03-10', today));
    }
    const again = await runOverdueSweep(ctx().db, '2026-03-25');
    expect(again.escalated).toBe(0);
    const events = (await town.get(`/api/v1/hazards/${h.id}`)).body.events.filter((e: { action: string }) => e.action === 'escalate');
    expect(events.map((e: { data: { to: number } }) => e.data.to)).toEqual([1, 2, 3]);
  });

  it('runs on one instance at a time: a second sweep while the lock is held skips', async () => {
    const { runOverdueSweep } = await import('./overdue.sweep.js');
    const holder = await ctx().db.$client.connect();
    await holder.query('SELECT pg_advisory_lock(7302001)');
    try {
      expect((await runOverdueSweep(ctx().db, '2030-01-01')).ran).toBe(false);
    } finally {
      await holder.query('SELECT pg_advisory_unlock(7302001)');
      holder.release();
    }
    expect((await runOverdueSweep(ctx().db, '2030-01-01')).ran).toBe(true);
  });
});
