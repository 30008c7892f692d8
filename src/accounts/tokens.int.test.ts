/**
 * API tokens for machine clients (scales, gateways, platforms): the secret is shown once, works as
 * `Authorization: Bearer …`, stops working when revoked or expired, and an enterprise admin's
 * token is bound to its enterprise (R1.4).
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditLog } from '../db/schema/index.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { createEnterprise, demoIds, type DemoIds } from '../../test/factories.js';
import { sha256 } from './auth.service.js';

describeOnEachDatabase('API tokens', (ctx) => {
  let ids: DemoIds;
  let zhuanban: Client;
  beforeAll(async () => {
    ids = await demoIds(ctx().db);
    zhuanban = await ctx().login('zhuanban');
  });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const create = async (client: Client, body: Record<string, unknown>) => {
    const res = await client.post('/api/v1/api-tokens', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; token: string; prefix: string; enterpriseId: string | null; regionId: string };
  };

  it('the secret is shown once at creation; lists, the database and the audit trail never hold it', async () => {
    const t = await create(zhuanban, { name: '大足区 监测平台', kind: 'platform', regionId: ids.dazu });
    expect(t.token).toMatch(/^gg_[A-Za-z0-9_-]{30,}$/);
    expect(t.prefix).toBe(t.token.slice(0, 10));
    const list = await zhuanban.get('/api/v1/api-tokens');
    const listed = list.body.items.find((x: { id: string }) => x.id === t.id);
    expect(listed).toMatchObject({ name: '大足区 监测平台', prefix: t.prefix, revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(t.token);
    const [row] = await ctx().db.select().from(apiTokens).where(eq(apiTokens.id, t.id));
    expect(row!.tokenHash).toBe(sha256(t.token));
    expect(JSON.stringify(row)).not.toContain(t.token);
    const entries = await ctx().db.select().from(auditLog).where(eq(auditLog.entityId, t.id));
    expect(entries.map((e) => e.action)).toEqual(['api_token.create']);
    expect(JSON.stringify(entries)).not.toContain(t.token);
  });

  it('a token works as Bearer on GET /api/v1/me (kind token) and stops at once when revoked', async () => {
    const t = await create(zhuanban, { name: '燃气报警网关', kind: 'device_gateway', regionId: ids.longgang });
    const machine = ctx().anonymous();
    const me = await machine.get('/api/v1/me', bearer(t.token));
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ kind: 'token', id: t.id, name: '燃气报警网关', tokenKind: 'device_gateway', regionId: ids.longgang, enterpriseId: null });
    expect((await machine.get(`/api/v1/regions/${ids.wuxing}`, bearer(t.token))).status).toBe(200);
    const [used] = await ctx().db.select().from(apiTokens).where(eq(apiTokens.id, t.id));
    expect(used!.lastUsedAt).not.toBeNull();

    const revoked = await zhuanban.post(`/api/v1/api-tokens/${t.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await machine.get('/api/v1/me', bearer(t.token));
    expect(after.status).toBe(401);
    expect(after.body.error.message).toBe('API 令牌已吊销或无效');
    // Revoking again changes nothing.
    const again = await zhuanban.post(`/api/v1/api-tokens/${t.id}/revoke`);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    const trail = await zhuanban.get(`/api/v1/audit?entityId=${t.id}`);
    expect(trail.body.items[trail.body.items.length - 2]).toMatchObject({ action: 'api_token.revoke', before: { revokedAt: null } });
  });

  it('an unknown or malformed Bearer token is 401, never anonymous access', async () => {
    const c = ctx().anonymous();
    for (const token of ['gg_not-a-real-token', '', 'x'.repeat(500)]) {
      const res = await c.get('/api/v1/me', bearer(token));
      expect(res.status, token).toBe(401);
    }
  });

  it('a token past its expiry is refused', async () => {
    const expiresAt = new Date(ctx().clock.now().getTime() + 60_000).toISOString();
    const t = await create(zhuanban, { name: '临时令牌', kind: 'platform', regionId: ids.dazu, expiresAt });
    const c = ctx().anonymous();
    expect((await c.get('/api/v1/me', bearer(t.token))).status).toBe(200);
    ctx().clock.advance(2 * 60_000);
    expect((await c.get('/api/v1/me', bearer(t.token))).status).toBe(401);
  });

  describe('enterprise admin', () => {
    it('its token is bound to its enterprise, whatever enterprise the request names', async () => {
      const qiye = await ctx().login('qiye');
      const other = await createEnterprise(ctx().db, ids.longgang);
      const t = await create(qiye, { name: '充装秤 1 号', kind: 'filling_station', regionId: ids.longgang, enterpriseId: other.id });
      expect(t.enterpriseId).toBe(ids.enterprise);
      const me = await ctx().anonymous().get('/api/v1/me', bearer(t.token));
      expect(me.body).toMatchObject({ kind: 'token', tokenKind: 'filling_station', enterpriseId: ids.enterprise });
    });

    it('sees and revokes only its enterprise tokens', async () => {
      const qiye = await ctx().login('qiye');
      const own = await create(qiye, { name: '充装秤 2 号', kind: 'filling_station', regionId: ids.longgang });
      const streets = await create(zhuanban, { name: '龙岗街道 网关', kind: 'device_gateway', regionId: ids.longgang });
      const list = await qiye.get('/api/v1/api-tokens');
      const listedIds = list.body.items.map((x: { id: string }) => x.id);
      expect(listedIds).toContain(own.id);
      expect(listedIds).not.toContain(streets.id);
      expect(list.body.items.every((x: { enterpriseId: string }) => x.enterpriseId === ids.enterprise)).toBe(true);
      const refused = await qiye.post(`/api/v1/api-tokens/${streets.id}/revoke`);
      expect(refused.status).toBe(404);
      expect((await ctx().anonymous().get('/api/v1/me', bearer(streets.token))).status).toBe(200);
      expect((await qiye.post(`/api/v1/api-tokens/${own.id}/revoke`)).status).toBe(200);
      expect((await ctx().anonymous().get('/api/v1/me', bearer(own.token))).status).toBe(401);
    });

    it('the district task force sees the enterprise tokens of its district', async () => {
      const qiye = await ctx().login('qiye');
      const own = await create(qiye, { name: '充装秤 3 号', kind: 'filling_station', regionId: ids.longgang });
      const list = await zhuanban.get('/api/v1/api-tokens');
      expect(list.body.items.map((x: { id: string }) => x.id)).toContain(own.id);
      const tongliang = await ctx().login('tongliang');
      expect((await tongliang.get('/api/v1/api-tokens')).body.items.map((x: { id: string }) => x.id)).not.toContain(own.id);
    });
  });
});
