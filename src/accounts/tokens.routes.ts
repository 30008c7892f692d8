import type { FastifyInstance } from 'fastify';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.js';
import { apiTokens, enterprises, regions } from '../db/schema/index.js';
import { invalidField, notFound } from '../shared/errors.js';
import { actorOf, requireCapability, typed } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope, loadRegionInScope } from '../shared/scope.js';
import { createApiTokenSecret } from './auth.service.js';

const TOKEN_KINDS = ['filling_station', 'device_gateway', 'platform'] as const;
const tags = ['api-tokens'];

type TokenRow = typeof apiTokens.$inferSelect;
const presentToken = (t: TokenRow) => ({
  id: t.id,
  name: t.name,
  kind: t.kind,
  prefix: t.prefix,
  regionId: t.regionId,
  enterpriseId: t.enterpriseId,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  expiresAt: t.expiresAt,
  revokedAt: t.revokedAt,
});

function tokenScope(p: Principal) {
  return and(inRegionScope(p, apiTokens.regionId), p.enterpriseId ? eq(apiTokens.enterpriseId, p.enterpriseId) : undefined);
}

export function registerTokenRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;

  r.get('/api/v1/api-tokens', { schema: { tags, summary: 'API 令牌列表 / Machine-client tokens in scope' } }, async (req) => {
    const p = requireCapability(req, 'token.manage');
    const rows = await db()
      .select({ t: apiTokens, regionName: regions.name })
      .from(apiTokens)
      .innerJoin(regions, eq(regions.id, apiTokens.regionId))
      .where(tokenScope(p))
      .orderBy(desc(apiTokens.createdAt))
      .limit(500);
    return { items: rows.map((x) => ({ ...presentToken(x.t), regionName: x.regionName })) };
  });

  r.post(
    '/api/v1/api-tokens',
    {
      schema: {
        tags,
        summary: '创建 API 令牌（令牌只显示一次）/ Create a token; the secret is shown once',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          kind: z.enum(TOKEN_KINDS),
          regionId: z.uuid(),
          enterpriseId: z.uuid().nullable().optional(),
          expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
        }),
      },
    },
    async (req, reply) => {
      const p = requireCapability(req, 'token.manage');
      const body = req.body;
      const enterpriseId = p.enterpriseId ?? body.enterpriseId ?? null;
      const secret = await createApiTokenSecret();
      const row = await db().transaction(async (tx) => {
        await loadRegionInScope(tx, p, body.regionId);
        if (enterpriseId) {
          const [e] = await tx.select({ id: enterprises.id }).from(enterprises).where(and(eq(enterprises.id, enterpriseId), inRegionScope(p, enterprises.regionId)));
          if (!e) throw invalidField('enterpriseId', 'account.scope.outside', { what: 'enterprise' });
        }
        const [t] = await tx
          .insert(apiTokens)
          .values({
            name: body.name,
            kind: body.kind,
            regionId: body.regionId,
            enterpriseId,
            tokenHash: secret.hash,
            prefix: secret.prefix,
            createdBy: p.id,
            expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
          })
          .returning();
        await recordAudit(tx, actorOf(p), { action: 'api_token.create', entityType: 'api_token', entityId: t!.id, regionId: t!.regionId, after: presentToken(t!) });
        return t!;
      });
      return reply.status(201).send({ ...presentToken(row), token: secret.token });
    },
  );

  r.post(
    '/api/v1/api-tokens/:id/revoke',
    { schema: { tags, summary: '吊销 API 令牌 / Revoke a token', params: z.object({ id: z.uuid() }) } },
    async (req) => {
      const p = requireCapability(req, 'token.manage');
      return db().transaction(async (tx) => {
        const [before] = await tx.select().from(apiTokens).where(and(eq(apiTokens.id, req.params.id), tokenScope(p)));
        if (!before) throw notFound('entity.apiToken');
        const [after] = await tx
          .update(apiTokens)
          .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
          .where(and(eq(apiTokens.id, before.id), isNull(apiTokens.revokedAt)))
          .returning();
        await recordAudit(tx, actorOf(p), { action: 'api_token.revoke', entityType: 'api_token', entityId: before.id, regionId: before.regionId, before: presentToken(before), after: after ? presentToken(after) : null });
        return presentToken(after ?? before);
      });
    },
  );
}
