/**
 * Major hazards listed on their own (R4.8): every open 重大隐患 and those closed recently, with
 * their escalation level (督办), overdue ones first.
 */
import { and, asc, desc, eq, gte, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/db.js';
import { departments, hazards, regions } from '../db/schema/index.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope } from '../shared/scope.js';
import { escalationLevel, isOverdue, OPEN_STATES, type HazardState } from './hazard.rules.js';
import { categoryLabel, escalationLabel } from './hazard.labels.js';
import { supplySuspendedSql } from './enforcement.queries.js';
import { hazardScope } from './hazards.service.js';

const DAY = 86_400_000;

export interface MajorQuery {
  regionId?: string | undefined;
  /** Closed within this many days still shows (default 30). */
  recentDays: number;
  page: number;
  pageSize: number;
}

/** Whole days past the deadline (0 when not overdue). */
function daysOverdue(state: string, deadline: string | null, today: string): number {
  if (!deadline || !isOverdue(state as HazardState, deadline, today)) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${deadline}T00:00:00Z`)) / DAY);
}

export async function listMajorHazards(db: Executor, p: Principal, q: MajorQuery, now: Date, today: string) {
  const region = q.regionId ? await loadRegionInScope(db, p, q.regionId) : null;
  const open = inArray(hazards.state, [...OPEN_STATES]);
  const where = and(
    hazardScope(p),
    eq(hazards.severity, 'major'),
    or(open, and(eq(hazards.state, 'closed'), gte(hazards.closedAt, new Date(now.getTime() - q.recentDays * DAY)))),
    region ? sql`${hazards.regionId} IN (SELECT ${regions.id} FROM ${regions} WHERE ${regions.path} LIKE ${region.path + '%'})` : undefined,
  );
  const overdueSql = sql`(${hazards.state} IN ('reported','assigned','rectifying','awaiting_review') AND ${hazards.deadline} < ${today}::date)`;
  const town = alias(regions, 'town');
  const [rows, counts] = await Promise.all([
    db
      .select({ h: hazards, leadName: departments.name, regionName: regions.name, townName: town.name, supplySuspended: supplySuspendedSql(hazards.subjectType, hazards.subjectId) })
      .from(hazards)
      .innerJoin(regions, eq(regions.id, hazards.regionId))
      .leftJoin(town, eq(town.id, hazards.townId))
      .leftJoin(departments, eq(departments.id, hazards.leadDepartmentId))
      .where(where)
      .orderBy(
        desc(overdueSql),
        desc(hazards.escalationLevel),
        sql`${hazards.deadline} ASC NULLS LAST`,
        asc(sql`CASE WHEN ${hazards.state} = 'closed' THEN 1 ELSE 0 END`),
        desc(hazards.foundAt),
        asc(hazards.id),
      )
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db
      .select({
        total: sql<number>`count(*)::int`,
        open: sql<number>`(count(*) FILTER (WHERE ${open}))::int`,
        overdue: sql<number>`(count(*) FILTER (WHERE ${overdueSql}))::int`,
        closedRecently: sql<number>`(count(*) FILTER (WHERE ${hazards.state} = 'closed'))::int`,
      })
      .from(hazards)
      .where(where),
  ]);
  const items = rows.map(({ h, leadName, regionName, townName, supplySuspended }) => {
    const level = Math.max(h.escalationLevel, escalationLevel(h.state as HazardState, h.deadline, today));
    return {
      id: h.id,
      code: h.code,
      subjectType: h.subjectType,
      subjectId: h.subjectId,
      subjectName: h.subjectName,
      category: h.category,
      categoryLabel: categoryLabel(h.category),
      description: h.description,
      state: h.state,
      deadline: h.deadline,
      overdue: isOverdue(h.state as HazardState, h.deadline, today),
      daysOverdue: daysOverdue(h.state, h.deadline, today),
      escalationLevel: level,
      escalationLabel: escalationLabel(level),
      escalatedAt: h.escalatedAt,
      leadName,
      regionName,
      townName,
      foundAt: h.foundAt,
      closedAt: h.closedAt,
      supplySuspended,
    };
  });
  const c = counts[0] ?? { total: 0, open: 0, overdue: 0, closedRecently: 0 };
  return { items, total: c.total, summary: { open: c.open, overdue: c.overdue, closedRecently: c.closedRecently }, page: q.page, pageSize: q.pageSize };
}
