/**
 * The audit trail: an entry for every write, login and failed login, readable within one's scope,
 * append-only in the database, and a hash chain the platform admin can verify.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema/index.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { accountByUsername, codes, createAccount, createRegion, demoIds, unique, type DemoIds } from '../../test/factories.js';

interface Entry {
  id: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  regionId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describeOnEachDatabase('audit trail', (ctx) => {
  let ids: DemoIds;
  let admin: Client;
  let zhuanban: Client;
  beforeAll(async () => {
    ids = await demoIds(ctx().db);
    admin = await ctx().login('admin');
    zhuanban = await ctx().login('zhuanban');
  });
  const entries = async (client: Client, query: string) => {
    const res = await client.get(`/api/v1/audit?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.items as Entry[];
  };
  const lastId = async () => Number((await ctx().db.execute<{ id: number }>(sql`SELECT coalesce(max(id), 0)::int8 AS id FROM audit_log`)).rows[0]!.id);
  const since = async (id: number) => ctx().db.select().from(auditLog).where(sql`${auditLog.id} > ${id}`).orderBy(auditLog.id);

  describe('logins', () => {
    it('a login, a failed login and a logout each leave an entry the district task force can read', async () => {
      const shichang = await accountByUsername(ctx().db, 'shichang');
      const c = await ctx().login('shichang');
      expect((await c.post('/api/v1/auth/logout')).status).toBe(200);
      const failed = await ctx().anonymous().post('/api/v1/auth/login', { username: 'shichang', password: 'Wrong#Pass1' });
      expect(failed.status).toBe(401);
      const trail = await entries(zhuanban, `entityId=${shichang.id}&pageSize=5`);
      expect(trail.slice(0, 3).map((e) => [e.action, e.actorLabel, e.regionId])).toEqual([
        ['auth.login.failed', 'shichang', ids.dazu],
        ['auth.logout', 'shichang', ids.dazu],
        ['auth.login', 'shichang', ids.dazu],
      ]);
      expect(trail[0]!.after).toEqual({ reason: 'bad_password', failedLogins: 1 });
      expect(trail.every((e) => e.actorId === shichang.id)).toBe(true);
      // The failed attempt was not the password, and the audit never holds a password.
      expect(JSON.stringify(trail)).not.toContain('Wrong#Pass1');
    });

    it('a failed login with an unknown username is recorded for the platform admin only', async () => {
      const username = unique('nobody');
      expect((await ctx().anonymous().post('/api/v1/auth/login', { username, password: 'Whatever#1' })).status).toBe(401);
      const forAdmin = await entries(admin, 'action=auth.login.failed&pageSize=50');
      const mine = forAdmin.filter((e) => e.actorLabel === username);
      expect(mine).toEqual([expect.objectContaining({ entityId: '-', regionId: null, actorId: null, after: { reason: 'unknown_user' } })]);
      const forTaskForce = await entries(zhuanban, 'action=auth.login.failed&pageSize=200');
      expect(forTaskForce.filter((e) => e.actorLabel === username)).toEqual([]);
    });
  });

  describe('writes', () => {
    it('every successful write adds exactly one entry with actor, region and before/after', async () => {
      const steps: [string, () => Promise<{ status: number; body: any }>, string][] = [];
      let town: { id: string; code: string } | null = null;
      let deptId = '';
      let accountId = '';
      let tokenId = '';
      let ruleId = '';
      steps.push(['create a street', async () => {
        const res = await zhuanban.post('/api/v1/regions', { parentId: ids.dazu, level: 'town', code: codes.town('500111'), name: '审计街道' });
        town = res.body;
        return res;
      }, 'region.create']);
      steps.push(['rename it', () => zhuanban.patch(`/api/v1/regions/${town!.id}`, { name: '审计街道（改）' }), 'region.update']);
      steps.push(['add a department', async () => {
        const res = await zhuanban.post('/api/v1/departments', { regionId: town!.id, key: 'safety_committee', name: '街道安委办' });
        deptId = res.body.id;
        return res;
      }, 'department.create']);
      steps.push(['edit the department', () => zhuanban.patch(`/api/v1/departments/${deptId}`, { name: '街道应急办' }), 'department.update']);
      steps.push(['add a rule', async () => {
        const res = await zhuanban.post('/api/v1/matrix/rules', { regionId: town!.id, category: '*', taskKind: '*', leadKey: 'safety_committee', cooperatingKeys: [] });
        ruleId = res.body.id;
        return res;
      }, 'matrix.rule.create']);
      steps.push(['edit the rule', () => zhuanban.patch(`/api/v1/matrix/rules/${ruleId}`, { cooperatingKeys: ['gas_authority'] }), 'matrix.rule.update']);
      steps.push(['delete the rule', () => zhuanban.delete(`/api/v1/matrix/rules/${ruleId}`), 'matrix.rule.delete']);
      steps.push(['create an account', async () => {
        const res = await zhuanban.post('/api/v1/accounts', { username: unique('a'), displayName: '审计', role: 'town_officer', regionId: town!.id });
        accountId = res.body.account?.id;
        return res;
      }, 'account.create']);
      steps.push(['edit the account', () => zhuanban.patch(`/api/v1/accounts/${accountId}`, { displayName: '审计（改）' }), 'account.update']);
      steps.push(['reset its password', () => zhuanban.post(`/api/v1/accounts/${accountId}/reset-password`), 'account.password.reset']);
      steps.push(['create a token', async () => {
        const res = await zhuanban.post('/api/v1/api-tokens', { name: '审计令牌', kind: 'platform', regionId: town!.id });
        tokenId = res.body.id;
        return res;
      }, 'api_token.create']);
      steps.push(['revoke the token', () => zhuanban.post(`/api/v1/api-tokens/${tokenId}/revoke`), 'api_token.revoke']);
      steps.push(['create a community', () => zhuanban.post('/api/v1/regions', { parentId: town!.id, level: 'community', code: codes.community(town!.code), name: '审计社区' }), 'region.create']);

      const zhuanbanId = (await accountByUsername(ctx().db, 'zhuanban')).id;
      for (const [what, run, action] of steps) {
        const from = await lastId();
        const res = await run();
        expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
        const added = await since(from);
        expect(added.map((e) => e.action), what).toEqual([action]);
        expect(added[0]).toMatchObject({ actorId: zhuanbanId, actorLabel: 'zhuanban' });
        expect(added[0]!.regionId, what).not.toBeNull();
        expect(added[0]!.ip, what).toBeTruthy();
      }
      // Nothing the task force did escapes its own audit view.
      const visible = await entries(zhuanban, `actorId=${zhuanbanId}&pageSize=${steps.length}`);
      expect(visible.map((e) => e.action).reverse()).toEqual(steps.map((s) => s[2]));
    });

    it('a refused write adds no entry', async () => {
      const from = await lastId();
      const tongliang = await ctx().login('tongliang');
      const afterLogin = await lastId();
      expect((await tongliang.patch(`/api/v1/regions/${ids.longgang}`, { name: 'x' })).status).toBe(404);
      expect((await zhuanban.post('/api/v1/regions', { parentId: ids.dazu, level: 'town', code: '500111999000', name: 'x' })).status).toBe(422);
      expect(await lastId()).toBe(afterLogin);
      expect((await since(from)).map((e) => e.action)).toEqual(['auth.login']);
    });

    it('the audit list filters by entity type, action prefix, actor and time, newest first, paged', async () => {
      const town = await createRegion(zhuanban, { parentId: ids.dazu, level: 'town', code: codes.town('500111') });
      await zhuanban.patch(`/api/v1/regions/${town.id}`, { name: '第一次改名' });
      await zhuanban.patch(`/api/v1/regions/${town.id}`, { name: '第二次改名' });
      const all = await entries(zhuanban, `entityType=region&entityId=${town.id}`);
      expect(all.map((e) => e.action)).toEqual(['region.update', 'region.update', 'region.create']);
      expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
      const updates = await entries(zhuanban, `entityId=${town.id}&action=region.up`);
      expect(updates).toHaveLength(2);
      const page = await zhuanban.get(`/api/v1/audit?entityId=${town.id}&pageSize=1&page=2`);
      expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 1 });
      expect(page.body.items[0].after.name).toBe('第一次改名');
      const from = new Date(Date.parse(all[0]!.at) + 1).toISOString();
      expect(await entries(zhuanban, `entityId=${town.id}&from=${encodeURIComponent(from)}`)).toEqual([]);
      const to = new Date(Date.parse(all[2]!.at)).toISOString();
      expect((await entries(zhuanban, `entityId=${town.id}&to=${encodeURIComponent(to)}`)).map((e) => e.action)).toEqual(['region.create']);
    });

    it('the demo seed and the platform start are in the trail; only the admin sees platform-wide entries', async () => {
      const forAdmin = await entries(admin, 'action=platform.init');
      expect(forAdmin).toHaveLength(1);
      expect(await entries(zhuanban, 'action=platform.init')).toEqual([]);
      expect((await entries(zhuanban, 'action=demo.seed')).map((e) => e.actorLabel)).toEqual(['system']);
    });
  });

  describe('append-only and hash chain', () => {
    it('the database refuses UPDATE, DELETE and TRUNCATE of audit_log', async () => {
      const id = await lastId();
      await expect(ctx().db.execute(sql`UPDATE audit_log SET action = 'forged' WHERE id = ${id}`)).rejects.toThrow();
      await expect(ctx().db.execute(sql`DELETE FROM audit_log WHERE id = ${id}`)).rejects.toThrow();
      await expect(ctx().db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
      const err = await ctx().db.execute(sql`UPDATE audit_log SET action = 'forged' WHERE id = ${id}`).catch((e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
      expect(err).toContain('audit_log is append-only');
      const [row] = await ctx().db.select().from(auditLog).where(sql`${auditLog.id} = ${id}`);
      expect(row!.action).not.toBe('forged');
    });

    it('POST /api/v1/audit/verify (platform admin) reports an intact chain', async () => {
      await createAccount(zhuanban, { role: 'grid_worker', regionId: ids.grid1 });
      const res = await admin.post('/api/v1/audit/verify');
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(true);
      const [count] = (await ctx().db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`)).rows;
      expect(res.body.checked).toBe(count!.n);
      expect(res.body.firstBroken).toBeUndefined();
      expect((await zhuanban.post('/api/v1/audit/verify')).status).toBe(403);
      expect((await (await ctx().login('longgang')).get('/api/v1/audit')).status).toBe(403);
    });
  });
});
