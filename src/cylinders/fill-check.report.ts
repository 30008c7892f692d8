/**
 * Reading the fill-check log (R6.2): the log itself, and denial counts per station per period for
 * market supervision and the task force (R11.1 "fillings allowed / denied"). Scope: the station's
 * region subtree; an enterprise sees its own station only.
 */
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { cylinderFillChecks, enterprises } from '../db/schema/index.js';
import { forbidden } from '../shared/errors.js';
import { t, type Locale } from '../shared/i18n.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope, recordScope } from '../shared/scope.js';
import { addDays } from '../registry/registry.rules.js';
import { chinaDate } from './dates.js';

export function fillCheckScope(p: Principal): SQL {
  if (p.role === 'grid_worker' || p.role === 'venue_user') return sql`false`;
  return recordScope(p, { regionId: cylinderFillChecks.stationRegionId, enterpriseId: cylinderFillChecks.stationId });
}

const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);

export async function listFillChecks(
  db: Executor,
  p: Principal,
  q: { stationId?: string | undefined; allowed?: boolean | undefined; code?: string | undefined; from?: string | undefined; to?: string | undefined; page: number; pageSize: number },
  locale: Locale,
) {
  const where = and(
    fillCheckScope(p),
    q.stationId ? eq(cylinderFillChecks.stationId, q.stationId) : undefined,
    q.allowed !== undefined ? eq(cylinderFillChecks.allowed, q.allowed) : undefined,
    q.code ? eq(cylinderFillChecks.code, q.code.toUpperCase()) : undefined,
    q.from ? gte(cylinderFillChecks.at, dayStart(q.from)) : undefined,
    q.to ? lt(cylinderFillChecks.at, dayStart(addDays(q.to, 1))) : undefined,
  );
  const rows = await db
    .select({ f: cylinderFillChecks, stationName: enterprises.name })
    .from(cylinderFillChecks)
    .innerJoin(enterprises, eq(enterprises.id, cylinderFillChecks.stationId))
    .where(where)
    .orderBy(desc(cylinderFillChecks.at), desc(cylinderFillChecks.id))
    .limit(q.pageSize)
    .offset(offsetOf(q));
  return {
    items: rows.map((r) => ({ ...r.f, stationName: r.stationName, messages: r.f.reasons.map((x) => t(locale, `cylinder.reason.${x}`)) })),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function denialCounts(
  db: Executor,
  p: Principal,
  q: { regionId?: string | undefined; stationId?: string | undefined; period: 'day' | 'week' | 'month'; from?: string | undefined; to?: string | undefined },
  now: Date,
) {
  if (p.role === 'machine') throw forbidden();
  const to = q.to ?? chinaDate(now);
  const from = q.from ?? addDays(to, -30);
  const conds: (SQL | undefined)[] = [fillCheckScope(p), gte(cylinderFillChecks.at, dayStart(from)), lt(cylinderFillChecks.at, dayStart(addDays(to, 1)))];
  if (q.stationId) conds.push(eq(cylinderFillChecks.stationId, q.stationId));
  if (q.regionId) {
    const r = await loadRegionInScope(db, p, q.regionId);
    conds.push(sql`${cylinderFillChecks.stationRegionId} IN (SELECT id FROM regions WHERE path LIKE ${r.path + '%'})`);
  }
  const where = and(...conds)!;
  const bucket = sql`to_char(date_trunc(${q.period}, ${cylinderFillChecks.at} AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD')`;
  const [totals, reasons] = await Promise.all([
    db.execute<{ station_id: string; station_name: string; region_name: string; period: string; checks: number; denials: number }>(sql`
      SELECT ${cylinderFillChecks.stationId} AS station_id, e.name AS station_name, r.name AS region_name, ${bucket} AS period,
             count(*)::int AS checks, count(*) FILTER (WHERE NOT ${cylinderFillChecks.allowed})::int AS denials
      FROM ${cylinderFillChecks} JOIN enterprises e ON e.id = ${cylinderFillChecks.stationId} JOIN regions r ON r.id = e.region_id
      WHERE ${where}
      GROUP BY 1, 2, 3, 4
      ORDER BY denials DESC, checks DESC, period DESC LIMIT 2000`),
    db.execute<{ station_id: string; period: string; reason: string; n: number }>(sql`
      SELECT ${cylinderFillChecks.stationId} AS station_id, ${bucket} AS period, x.reason, count(*)::int AS n
      FROM ${cylinderFillChecks} CROSS JOIN LATERAL unnest(${cylinderFillChecks.reasons}) AS x(reason)
      WHERE ${where} AND NOT ${cylinderFillChecks.allowed}
      GROUP BY 1, 2, 3`),
  ]);
  const byKey = new Map<string, Record<string, number>>();
  for (const r of reasons.rows) {
    const k = `${r.station_id}|${r.period}`;
    byKey.set(k, { ...(byKey.get(k) ?? {}), [r.reason]: r.n });
  }
  return {
    from,
    to,
    period: q.period,
    items: totals.rows.map((r) => ({
      stationId: r.station_id,
      stationName: r.station_name,
      regionName: r.region_name,
      period: r.period,
      checks: r.checks,
      denials: r.denials,
      denialsByReason: byKey.get(`${r.station_id}|${r.period}`) ?? {},
    })),
  };
}
