import { and, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { pngBytes } from '../../test/fixtures.js';
import { accountByUsername, regionByName, unique } from '../../test/factories.js';
import { describeOnEachDatabase, type Client, type TestContext } from '../../test/harness.js';
import { accounts, notifications } from '../db/schema/index.js';
import { runOverdueSweep } from '../hazards/overdue.sweep.js';
import { todayInChina } from '../registry/registry.routes.js';
import { runDeadlineSweep } from './deadline.sweep.js';
import { addDays } from './events.js';

async function venueId(c: Client, name: string) {
  return (await c.get(`/api/v1/registry/venue?q=${encodeURIComponent(name)}`)).body.items[0].id as string;
}

async function photo(c: Client) {
  return (await c.upload('/api/v1/files?purpose=evidence', pngBytes(), 'fixed.png')).body.id as string;
}

/** A hazard at 老街火锅 (problem hose: lead 区市场监管局, town 龙岗街道), created by the grid worker. */
async function newHazard(ctx: () => TestContext, severity: 'general' | 'major' = 'general') {
  const grid = await ctx().login('wangge');
  const res = await grid.post('/api/v1/hazards', { subjectType: 'venue', subjectId: await venueId(grid, '老街火锅'), category: 'problem_hose', severity, description: '软管老化' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.hazard.id as string;
}

/** Usernames notified of `kind` about hazard `id`, sorted. */
async function notified(ctx: () => TestContext, id: string, kind: string): Promise<string[]> {
  const rows = await ctx()
    .db.select({ username: accounts.username })
    .from(notifications)
    .innerJoin(accounts, eq(accounts.id, notifications.recipientId))
    .where(and(eq(notifications.entityId, id), eq(notifications.kind, kind)));
  return rows.map((r) => r.username).sort();
}

describeOnEachDatabase('in-app notifications (R4.3)', (ctx) => {
  it('hazard events notify the subject, the lead department, the town and the reviewers — never the actor', async () => {
    const id = await newHazard(ctx);
    const town = await ctx().login('longgang');
    const owner = await ctx().login('canting');
    const dept = await ctx().login('shichang');
    expect((await town.post(`/api/v1/hazards/${id}/actions/assign`, { deadline: '2026-12-31', responsiblePerson: '店主' })).status).toBe(200);
    expect(await notified(ctx, id, 'hazard.assigned')).toEqual(['canting', 'shichang']);

    await owner.post(`/api/v1/hazards/${id}/actions/start`, {});
    expect((await owner.post(`/api/v1/hazards/${id}/actions/request_review`, { photos: [await photo(owner)] })).status).toBe(200);
    expect(await notified(ctx, id, 'hazard.review_requested')).toEqual(['longgang', 'shichang']);

    // A refused action writes no event and so notifies nobody.
    const before = await ctx().db.select({ n: sql<number>`count(*)::int` }).from(notifications);
    expect((await owner.post(`/api/v1/hazards/${id}/actions/close`, {})).status).toBe(403);
    expect(await ctx().db.select({ n: sql<number>`count(*)::int` }).from(notifications)).toEqual(before);

    expect((await dept.post(`/api/v1/hazards/${id}/actions/reject`, { reason: '照片看不到软管接口' })).status).toBe(200);
    expect(await notified(ctx, id, 'hazard.rejected')).toEqual(['canting']);
    // Nobody outside: not the other department, not the other district, not the grid worker.
    const everyone = await ctx()
      .db.select({ username: accounts.username })
      .from(notifications)
      .innerJoin(accounts, eq(accounts.id, notifications.recipientId))
      .where(eq(notifications.entityId, id));
    expect(new Set(everyone.map((r) => r.username))).toEqual(new Set(['canting', 'shichang', 'longgang']));

    const mine = await owner.get('/api/v1/notifications');
    expect(mine.status).toBe(200);
    const rejected = mine.body.items.find((n: { kind: string; entityId: string }) => n.kind === 'hazard.rejected' && n.entityId === id);
    expect(rejected).toMatchObject({ title: '整改复核未通过：老街火锅', link: `/hazards/${id}`, readAt: null });
    expect(rejected.body).toContain('原因：照片看不到软管接口');
  });

  it('the bell: own notifications only, unread count, mark one read, mark all read', async () => {
    const id = await newHazard(ctx);
    const town = await ctx().login('longgang');
    await town.post(`/api/v1/hazards/${id}/actions/assign`, { deadline: '2026-12-31', responsiblePerson: '店主' });
    const dept = await ctx().login('shichang');
    const count = async (c: Client) => (await c.get('/api/v1/notifications/count')).body.unread as number;
    const unread = await count(dept);
    expect(unread).toBeGreaterThanOrEqual(1);

    const page = await dept.get('/api/v1/notifications?unread=true&pageSize=1');
    expect(page.body).toMatchObject({ page: 1, pageSize: 1, unread, total: unread });
    expect(page.body.items).toHaveLength(1);
    const first = page.body.items[0];
    expect(first.title).toBe('隐患已交办：老街火锅');

    // Someone else's notification is "not found", and marking it changes nothing.
    const owner = await ctx().login('canting');
    expect((await owner.post(`/api/v1/notifications/${first.id}/read`)).status).toBe(404);
    expect(await count(dept)).toBe(unread);

    const read = await dept.post(`/api/v1/notifications/${first.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect((await dept.post(`/api/v1/notifications/${first.id}/read`)).body.readAt).toBe(read.body.readAt);
    expect(await count(dept)).toBe(unread - 1);

    const all = await dept.post('/api/v1/notifications/read-all');
    expect(all.body.updated).toBe(unread - 1);
    expect(await count(dept)).toBe(0);
    expect((await dept.get('/api/v1/notifications?unread=true')).body.items).toEqual([]);
    expect((await dept.get('/api/v1/notifications')).body.total).toBeGreaterThanOrEqual(unread);

    // Another district's task force sees none of them; anonymous callers get 401.
    const other = await ctx().login('tongliang');
    expect((await other.get('/api/v1/notifications')).body.items.every((n: { entityId: string }) => n.entityId !== id)).toBe(true);
    expect((await ctx().anonymous().get('/api/v1/notifications/count')).status).toBe(401);
  });

  it('English readers get English text', async () => {
    const id = await newHazard(ctx);
    const me = await accountByUsername(ctx().db, 'shichang');
    await ctx().db.update(accounts).set({ locale: 'en' }).where(eq(accounts.id, me.id));
    try {
      await (await ctx().login('longgang')).post(`/api/v1/hazards/${id}/actions/assign`, { deadline: '2026-12-31', responsiblePerson: '店主' });
      const [n] = await ctx().db.select().from(notifications).where(and(eq(notifications.entityId, id), eq(notifications.recipientId, me.id)));
      expect(n!.title).toBe('Hazard assigned: 老街火锅');
    } finally {
      await ctx().db.update(accounts).set({ locale: 'zh-CN' }).where(eq(accounts.id, me.id));
    }
  });

  it('R4.8 a new major hazard is announced to the lead department, the town and the district task force', async () => {
    const id = await newHazard(ctx, 'major');
    expect(await notified(ctx, id, 'hazard.major_reported')).toEqual(['longgang', 'shichang', 'zhuanban']);
  });

  it('deadline approaching: N days before, once per hazard and deadline, by a sweep that is safe to repeat', async () => {
    const today = todayInChina(ctx().clock.now());
    const soon = await newHazard(ctx);
    const later = await newHazard(ctx);
    const town = await ctx().login('longgang');
    await town.post(`/api/v1/hazards/${soon}/actions/assign`, { deadline: addDays(today, 2), responsiblePerson: '店主' });
    await town.post(`/api/v1/hazards/${later}/actions/assign`, { deadline: addDays(today, 5), responsiblePerson: '店主' });

    const first = await runDeadlineSweep(ctx().db, today, 3);
    expect(first.ran).toBe(true);
    expect(await notified(ctx, soon, 'hazard.deadline_approaching')).toEqual(['canting', 'longgang', 'shichang']);
    expect(await notified(ctx, later, 'hazard.deadline_approaching')).toEqual([]);
    const [n] = await ctx().db.select().from(notifications).where(and(eq(notifications.entityId, soon), eq(notifications.kind, 'hazard.deadline_approaching')));
    expect(n!.body).toContain('还剩 2 天');

    // Again today, and tomorrow: the same hazard and deadline are never announced twice.
    expect((await runDeadlineSweep(ctx().db, today, 3)).announced).toBe(0);
    await runDeadlineSweep(ctx().db, addDays(today, 1), 3);
    expect(await notified(ctx, soon, 'hazard.deadline_approaching')).toEqual(['canting', 'longgang', 'shichang']);
    // Two days later the other one enters the window.
    await runDeadlineSweep(ctx().db, addDays(today, 2), 3);
    expect(await notified(ctx, later, 'hazard.deadline_approaching')).toEqual(['canting', 'longgang', 'shichang']);

    // While another instance holds the lock, the sweep skips.
    const holder = await ctx().db.$client.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(7303001)');
      expect((await runDeadlineSweep(ctx().db, today, 3)).ran).toBe(false);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
  });

  it('督办 notifies the level concerned: 1 the town and lead department, 2 the district task force, 3 the task force above', async () => {
    // A city-level task force above 大足区 (straight in the database: it only receives notifications here).
    const city = await regionByName(ctx().db, '重庆市市辖区');
    const cityTf = unique('citytf');
    await ctx().db.insert(accounts).values({ username: cityTf, displayName: '重庆市燃气专班', role: 'task_force', regionId: city.id, passwordHash: 'x', mustChangePassword: false, isDemo: true });
    const id = await newHazard(ctx);
    await (await ctx().login('longgang')).post(`/api/v1/hazards/${id}/actions/assign`, { deadline: '2025-01-10', responsiblePerson: '店主' });

    const levels = async () => {
      const rows = await ctx()
        .db.select({ username: accounts.username, title: notifications.title })
        .from(notifications)
        .innerJoin(accounts, eq(accounts.id, notifications.recipientId))
        .where(and(eq(notifications.entityId, id), eq(notifications.kind, 'hazard.escalated')));
      return rows.map((r) => `${r.title.match(/（(\d)级）/)?.[1]}:${r.username}`).sort();
    };
    await runOverdueSweep(ctx().db, '2025-01-11');
    expect(await levels()).toEqual(['1:longgang', '1:shichang']);
    await runOverdueSweep(ctx().db, '2025-01-18');
    expect(await levels()).toEqual(['1:longgang', '1:shichang', '2:zhuanban']);
    await runOverdueSweep(ctx().db, '2025-01-26');
    expect(await levels()).toEqual(['1:longgang', '1:shichang', '2:zhuanban', `3:${cityTf}`]);
    // The sweep is idempotent: nothing new the same day.
    await runOverdueSweep(ctx().db, '2025-01-26');
    expect(await levels()).toHaveLength(4);
  });
});
