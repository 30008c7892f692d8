import type { FastifyInstance } from 'fastify';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { typed } from '../shared/http.js';
import { offsetOf, pageQuery } from '../shared/pagination.js';
import { KINDS, type KindDef } from './kinds.js';
import { searchPattern } from './registry.rules.js';
import { col } from './registry.scope.js';
import { maskValue } from './registry.service.js';

/** A public list row: only the listed fields, personal data always masked, no internal ids of people. */
function presentPublic(def: KindDef, r: Record<string, unknown>) {
  const out: Record<string, unknown> = { id: r.id };
  for (const f of def.fields.filter((x) => x.list && x.key !== 'status')) out[f.key] = maskValue(f, r[f.key]);
  return out;
}

async function publicList(app: FastifyInstance, def: KindDef, q: { q?: string | undefined; category?: string | undefined; page: number; pageSize: number }) {
  const conds: (SQL | undefined)[] = [eq(col(def, 'status'), 'active')];
  if (q.q?.trim()) conds.push(sql`(${sql.join(def.search.map((k) => col(def, k)), sql` || ' ' || `)}) ILIKE ${searchPattern(q.q)}`);
  if (q.category && def.fields.some((f) => f.key === 'category')) conds.push(eq(col(def, 'category'), q.category));
  const where = and(...conds);
  const db = app.deps.db;
  const dateCol = col(def, def.kind === 'blacklist' ? 'listedOn' : 'publishedOn');
  const [rows, count] = await Promise.all([
    db.select().from(def.table).where(where).orderBy(desc(dateCol), desc(col(def, 'createdAt'))).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ n: sql<number>`count(*)::int` }).from(def.table).where(where),
  ]);
  return { items: (rows as Record<string, unknown>[]).map((r) => presentPublic(def, r)), total: count[0]?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** R2.8: lists the public may see without logging in. */
export function registerPublicRegistryRoutes(app: FastifyInstance) {
  const r = typed(app);
  const query = z.object({ q: z.string().max(50).optional(), category: z.string().max(40).optional(), ...pageQuery });
  r.get(
    '/api/v1/public/unqualified-products',
    { schema: { tags: ['public'], summary: '不合格产品名单（公开）/ Unqualified products (public, no login)', querystring: query, security: [] } },
    async (req) => publicList(app, KINDS.unqualified_product, req.query),
  );
  r.get(
    '/api/v1/public/blacklist',
    { schema: { tags: ['public'], summary: '送气工黑名单（公开，个人信息脱敏）/ Delivery-worker blacklist (public, masked)', querystring: query, security: [] } },
    async (req) => publicList(app, KINDS.blacklist, req.query),
  );
}
