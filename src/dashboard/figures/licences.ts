import { sql } from 'drizzle-orm';
import { LICENCE_DUE_DAYS, REQUIRED_LICENCES } from '../../registry/registry.rules.js';
import { byRegion, count, idArray, q, type FigureProvider } from './types.js';

/**
 * Licence warnings (R2.2): the same items as the licence watch list (licence-watch.ts): active
 * licences expired or due within 90 days, and licences an enterprise's kind requires but it does
 * not hold valid. Counted per region subtree; live (the tables are small).
 */
export const licenceWarnings: FigureProvider = {
  key: 'licences.warnings',
  group: 'licences',
  label: { zh: '证照预警', en: 'Licence warnings' },
  unit: 'count',
  kind: 'stock',
  explain: {
    zh: `当前已过期、${LICENCE_DUE_DAYS} 天内到期和缺失的证照数（与证照预警清单一致）`,
    en: `Licences expired, due within ${LICENCE_DUE_DAYS} days, or missing, now (as in the licence watch list)`,
  },
  additive: true,
  source: 'live',
  async compute(ctx) {
    const pairs = Object.entries(REQUIRED_LICENCES).flatMap(([ek, lks]) => lks.map((lk) => sql`(${ek}, ${lk})`));
    const res = await ctx.db.execute<{ region_id: string; n: number }>(sql`
      WITH e AS (
        SELECT e.id, e.kind, e.status, r.path FROM enterprises e JOIN regions r ON r.id = e.region_id
        WHERE r.path LIKE ${ctx.target.path + '%'}
      ), items AS (
        SELECT e.path FROM e JOIN licences l ON l.enterprise_id = e.id
        WHERE l.status = 'active' AND l.valid_until IS NOT NULL AND l.valid_until <= ${ctx.today}::date + ${LICENCE_DUE_DAYS}::int
        UNION ALL
        SELECT e.path FROM e JOIN (VALUES ${sql.join(pairs, sql`, `)}) AS req(enterprise_kind, licence_kind) ON req.enterprise_kind = e.kind
        WHERE e.status = 'active' AND NOT EXISTS (
          SELECT 1 FROM licences l WHERE l.enterprise_id = e.id AND l.kind = req.licence_kind AND l.status = 'active'
            AND (l.valid_until IS NULL OR l.valid_until >= ${ctx.today}::date))
      )
      SELECT x.id AS region_id, count(*)::int AS n
      FROM items JOIN regions x ON x.id = ANY(${idArray(ctx.regions)}) AND items.path LIKE x.path || '%'
      GROUP BY x.id`);
    return byRegion(ctx.regions, res.rows, (r) => count(Number(r?.n ?? 0)));
  },
  link: (_ctx, regionId) => ({ href: `/api/v1/registry/licence-watch?${q({ regionId })}`, exact: true }),
};
