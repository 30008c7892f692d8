import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { enterprises } from '../db/schema/index.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope, recordScope } from '../shared/scope.js';
import { LICENCE_DUE_DAYS, REQUIRED_LICENCES } from './registry.rules.js';

export interface WatchItem {
  state: 'expired' | 'due' | 'missing';
  enterpriseId: string;
  enterpriseName: string;
  enterpriseKind: string;
  regionName: string;
  licenceKind: string;
  licenceId: string | null;
  number: string | null;
  validUntil: string | null;
}

/**
 * Licence watch (R2.2): licences expired or due for renewal, and licences an enterprise's kind
 * requires but it does not hold valid, per region subtree (and per enterprise when given).
 */
export async function licenceWatch(
  db: Executor,
  p: Principal,
  q: { regionId?: string | undefined; state?: 'expired' | 'due' | 'missing' | undefined; enterpriseId?: string | undefined },
  today: string,
) {
  const scope: SQL[] = [recordScope(p, { regionId: enterprises.regionId, id: enterprises.id }, 'enterprise')];
  if (q.regionId) {
    const r = await loadRegionInScope(db, p, q.regionId);
    scope.push(sql`${enterprises.regionId} IN (SELECT id FROM regions WHERE path LIKE ${r.path + '%'})`);
  }
  if (q.enterpriseId) scope.push(sql`${enterprises.id} = ${q.enterpriseId}`);
  const where = sql.join(scope, sql` AND `);
  const items: WatchItem[] = [];
  if (!q.state || q.state !== 'missing') {
    const stateExpr = sql`CASE WHEN l.valid_until < ${today}::date THEN 'expired' ELSE 'due' END`;
    const rows = await db.execute<Record<string, unknown>>(sql`
      SELECT ${stateExpr} AS state, e.id AS enterprise_id, e.name AS enterprise_name, e.kind AS enterprise_kind, r.name AS region_name,
             l.kind AS licence_kind, l.id AS licence_id, l.number, to_char(l.valid_until, 'YYYY-MM-DD') AS valid_until
      FROM licences l JOIN enterprises ON enterprises.id = l.enterprise_id
      JOIN enterprises e ON e.id = l.enterprise_id JOIN regions r ON r.id = e.region_id
      WHERE ${where} AND l.status = 'active' AND l.valid_until IS NOT NULL
        AND l.valid_until <= ${today}::date + ${LICENCE_DUE_DAYS}::int
        ${q.state === 'expired' ? sql`AND l.valid_until < ${today}::date` : q.state === 'due' ? sql`AND l.valid_until >= ${today}::date` : sql``}
      ORDER BY l.valid_until LIMIT 2000`);
    items.push(...rows.rows.map(toItem));
  }
  if (!q.state || q.state === 'missing') {
    const pairs = Object.entries(REQUIRED_LICENCES).flatMap(([ek, lks]) => lks.map((lk) => sql`(${ek}, ${lk})`));
    const rows = await db.execute<Record<string, unknown>>(sql`
      SELECT 'missing' AS state, e.id AS enterprise_id, e.name AS enterprise_name, e.kind AS enterprise_kind, r.name AS region_name,
             req.licence_kind, NULL AS licence_id, NULL AS number, NULL AS valid_until
      FROM enterprises JOIN enterprises e ON e.id = enterprises.id
      JOIN (VALUES ${sql.join(pairs, sql`, `)}) AS req(enterprise_kind, licence_kind) ON req.enterprise_kind = e.kind
      JOIN regions r ON r.id = e.region_id
      WHERE ${where} AND e.status = 'active' AND NOT EXISTS (
        SELECT 1 FROM licences l WHERE l.enterprise_id = e.id AND l.kind = req.licence_kind AND l.status = 'active'
          AND (l.valid_until IS NULL OR l.valid_until >= ${today}::date))
      ORDER BY e.name LIMIT 2000`);
    items.push(...rows.rows.map(toItem));
  }
  const counts = { expired: 0, due: 0, missing: 0 };
  for (const i of items) counts[i.state]++;
  return { items, counts };
}

function toItem(r: Record<string, unknown>): WatchItem {
  return {
    state: r.state as WatchItem['state'],
    enterpriseId: String(r.enterprise_id),
    enterpriseName: String(r.enterprise_name),
    enterpriseKind: String(r.enterprise_kind),
    regionName: String(r.region_name),
    licenceKind: String(r.licence_kind),
    licenceId: (r.licence_id as string | null) ?? null,
    number: (r.number as string | null) ?? null,
    validUntil: (r.valid_until as string | null) ?? null,
  };
}
