import type { FastifyInstance } from 'fastify';
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '../db/schema/index.js';
import { forbidden } from '../shared/errors.js';
import { requireCapability, typed } from '../shared/http.js';
import { offsetOf, pageOf, pageQuery } from '../shared/pagination.js';
import { inRegionScope } from '../shared/scope.js';
import { verifyAuditChain } from './audit.js';

export function registerAuditRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;

  r.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志 / Audit trail (who, when, what, before/after)',
        querystring: z.object({
          entityType: z.string().max(40).optional(),
          entityId: z.string().max(80).optional(),
          actorId: z.uuid().optional(),
          action: z.string().max(60).optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          ...pageQuery,
        }),
      },
    },
    async (req) => {
      const p = requireCapability(req, 'audit.read');
      const q = req.query;
      const conds: (SQL | undefined)[] = [
        // Entries with no region (logins of unknown users, platform-wide changes) are for admins.
        p.regionPath === '/' ? undefined : inRegionScope(p, auditLog.regionId),
        q.entityType ? eq(auditLog.entityType, q.entityType) : undefined,
        q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
        q.actorId ? eq(auditLog.actorId, q.actorId) : undefined,
        q.action ? sql`${auditLog.action} LIKE ${q.action + '%'}` : undefined,
        q.from ? gte(auditLog.at, new Date(q.from)) : undefined,
        q.to ? lte(auditLog.at, new Date(q.to)) : undefined,
      ];
      const where = and(...conds);
      const [count] = await db().select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where);
      const rows = await db().select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(q.pageSize).offset(offsetOf(q));
      return pageOf(rows, count?.n ?? 0, q);
    },
  );

  r.post('/api/v1/audit/verify', { schema: { tags: ['audit'], summary: '校验审计哈希链 / Verify the hash chain' } }, async (req) => {
    const p = requireCapability(req, 'audit.read');
    if (p.role !== 'platform_admin') throw forbidden();
    return verifyAuditChain(db());
  });
}
