import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { departments, files, hazardEvents, hazards, regions } from '../db/schema/index.js';
import { routeHazard } from '../departments/matrix.service.js';
import type { HazardCategory, TaskKind } from '../departments/taxonomy.js';
import { claimFiles } from '../files/files.service.js';
import { todayInChina } from '../shared/clock.js';
import { hazardFollowUps, supplyFlags, supplySuspendedSql } from './enforcement.queries.js';
import { onHazardAction, onHazardCreated } from '../notifications/hazard.hooks.js';
import type { Subject } from '../registry/subjects.js';
import { AppError, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope, recordScope } from '../shared/scope.js';
import { availableActions, decide, isOverdue, OPEN_STATES, type ActionInput, type HazardAction, type HazardActor, type HazardFacts, type HazardState } from './hazard.rules.js';

export type HazardRow = typeof hazards.$inferSelect;
export const HAZARD_SOURCES = ['inspection', 'public_report', 'alarm', 'self_check', 'enforcement', 'manual'] as const;
export type HazardSource = (typeof HAZARD_SOURCES)[number];

export interface NewHazard {
  subject: Subject;
  itemCode?: string | null;
  libraryVersion?: string | null;
  category: HazardCategory;
  taskKind: TaskKind;
  severity: 'major' | 'general';
  description: string;
  measure?: string | null;
  basis?: string | null;
  source: HazardSource;
  sourceRef?: string | null;
  photos: string[];
  foundAt: Date;
  /** 立行立改: fixed during the visit, with evidence photos; recorded straight as closed. */
  fixedOnSpot?: boolean;
  /** The closed hazard this one repeats, when the caller knows it (回头看); else found by item code. */
  reboundOf?: string | null;
}

/** Where the hazard sits in the tree, for the rules: subject region and territorial town paths. */
async function paths(tx: Executor, regionId: string, townId: string | null) {
  const ids = townId ? [regionId, townId] : [regionId];
  const rows = await tx.select({ id: regions.id, path: regions.path }).from(regions).where(inArray(regions.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r.path]));
  return { regionPath: byId.get(regionId) ?? '/', townPath: townId ? (byId.get(townId) ?? null) : null };
}

/**
 * Put a hazard on the ledger (R4.1): routed through the responsibility matrix to its lead and
 * cooperating departments and the territorial town; linked to an earlier closed hazard of the same
 * item at the same subject when it comes back (改后反弹, R4.6). Runs inside the caller's transaction.
 */
export async function createHazard(tx: Executor, actor: Actor, input: NewHazard): Promise<HazardRow> {
  const routing = await routeHazard(tx, input.subject.regionId, input.category, input.taskKind);
  const [rebound] = input.itemCode
    ? await tx
        .select({ id: hazards.id })
        .from(hazards)
        .where(and(eq(hazards.subjectType, input.subject.type), eq(hazards.subjectId, input.subject.id), eq(hazards.itemCode, input.itemCode), eq(hazards.state, 'closed')))
        .orderBy(desc(hazards.closedAt))
        .limit(1)
    : [];
  const seq = await tx.execute<{ code: string }>(sql`SELECT 'YH' || to_char(now(), 'YYYY') || lpad(nextval('hazard_code_seq')::text, 8, '0') AS code`);
  const state: HazardState = input.fixedOnSpot ? 'closed' : 'reported';
  // The event is dated by the caller's clock (the time port), like foundAt.
  const now = input.foundAt;
  const [row] = await tx
    .insert(hazards)
    .values({
      code: seq.rows[0]!.code,
      regionId: input.subject.regionId,
      townId: routing?.territorial?.regionId ?? null,
      subjectType: input.subject.type,
      subjectId: input.subject.id,
      subjectName: input.subject.name,
      enterpriseId: input.subject.enterpriseId,
      venueId: input.subject.venueId,
      itemCode: input.itemCode ?? null,
      libraryVersion: input.libraryVersion ?? null,
      category: input.category,
      taskKind: input.taskKind,
      severity: input.severity,
      description: input.description,
      measure: input.measure ?? null,
      basis: input.basis ?? routing?.basis ?? null,
      source: input.source,
      sourceRef: input.sourceRef ?? null,
      photos: input.photos,
      foundBy: actor.id,
      foundAt: input.foundAt,
      leadDepartmentId: routing?.lead.departmentId ?? null,
      leadKey: routing?.lead.key ?? null,
      cooperatingDepartmentIds: (routing?.cooperating ?? []).map((c) => c.departmentId).filter((x): x is string => x !== null),
      state,
      fixedOnSpot: input.fixedOnSpot ?? false,
      closedBy: input.fixedOnSpot ? actor.id : null,
      closedAt: input.fixedOnSpot ? now : null,
      reboundOf: input.reboundOf ?? rebound?.id ?? null,
    })
    .returning();
  const [created] = await tx.insert(hazardEvents).values({
    hazardId: row!.id,
    action: input.fixedOnSpot ? 'create_fixed_on_spot' : 'create',
    fromState: null,
    toState: state,
    actorId: actor.id,
    actorLabel: actor.label,
    at: now,
    photos: input.photos,
    data: { source: input.source, sourceRef: input.sourceRef ?? null, reboundOf: input.reboundOf ?? rebound?.id ?? null },
  }).returning({ id: hazardEvents.id });
  await onHazardCreated(tx, { eventId: created!.id, hazardId: row!.id, actorId: actor.id, severity: row!.severity, state: row!.state });
  await recordAudit(tx, actor, { action: 'hazard.create', entityType: 'hazard', entityId: row!.id, regionId: row!.regionId, after: row });
  return row!;
}

export function hazardActor(p: Principal): HazardActor {
  return { accountId: p.id, role: p.role, departmentId: p.departmentId, regionPath: p.regionPath, enterpriseId: p.enterpriseId, venueId: p.venueId };
}

function factsOf(h: HazardRow, regionPath: string, townPath: string | null): HazardFacts {
  return {
    state: h.state as HazardState,
    leadDepartmentId: h.leadDepartmentId,
    cooperatingDepartmentIds: h.cooperatingDepartmentIds,
    townPath,
    regionPath,
    subjectEnterpriseId: h.enterpriseId,
    subjectVenueId: h.venueId,
    reviewRequestedBy: h.reviewRequestedBy,
  };
}

/** Hazards the caller may see: its region subtree; enterprise and venue accounts only their own. */
export function hazardScope(p: Principal): SQL {
  return recordScope(p, { regionId: hazards.regionId, enterpriseId: hazards.enterpriseId, venueId: hazards.venueId });
}

async function loadHazard(tx: Executor, p: Principal, id: string, forUpdate = false): Promise<HazardRow> {
  const q = tx.select().from(hazards).where(and(eq(hazards.id, id), hazardScope(p)));
  const [h] = forUpdate ? await q.for('update') : await q;
  if (!h) throw notFound('entity.hazard');
  return h;
}

export interface ActInput extends ActionInput {
  comment?: string | null;
  photos?: string[];
}

/** Make one transition (R4.3) if the rules allow it; attributed, dated, kept. */
export async function actOnHazard(db: Db, p: Principal, id: string, action: HazardAction, input: ActInput, now: Date) {
  const today = todayInChina(now);
  return db.transaction(async (tx) => {
    const h = await loadHazard(tx, p, id, true);
    const { regionPath, townPath } = await paths(tx, h.regionId, h.townId);
    const photos = input.photos ?? [];
    const d = decide(action, hazardActor(p), factsOf(h, regionPath, townPath), { ...input, evidenceCount: photos.length });
    if (!d.ok) {
      if (d.code === 'STATE') throw new AppError('CONFLICT', d.key, { state: h.state });
      if (d.code === 'INPUT') throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: d.field ?? '', key: d.key }]);
      throw new AppError('FORBIDDEN', d.key);
    }
    if (photos.length) await claimFiles(tx, p, photos, h.regionId);
    const changes: Partial<typeof hazards.$inferInsert> = { state: d.to, updatedAt: now };
    if (action === 'assign') {
      Object.assign(changes, { deadline: input.deadline, responsiblePerson: input.responsiblePerson, controlMeasures: input.controlMeasures ?? null, watcher: input.watcher ?? null });
    } else if (action === 'request_review') {
      Object.assign(changes, { reviewRequestedBy: p.id, reviewRequestedAt: now });
    } else if (action === 'reject') {
      Object.assign(changes, { reviewRequestedBy: null, reviewRequestedAt: null });
    } else if (action === 'close') {
      Object.assign(changes, { closedBy: p.id, closedAt: now });
    }
    const [after] = await tx.update(hazards).set(changes).where(eq(hazards.id, id)).returning();
    const actor = actorOf(p);
    const [event] = await tx.insert(hazardEvents).values({
      hazardId: id,
      action,
      fromState: h.state,
      toState: d.to,
      actorId: actor.id,
      actorLabel: actor.label,
      at: now,
      comment: input.comment ?? input.reason ?? null,
      photos,
      data: action === 'assign' ? { deadline: input.deadline, responsiblePerson: input.responsiblePerson, controlMeasures: input.controlMeasures ?? null, watcher: input.watcher ?? null } : null,
    }).returning({ id: hazardEvents.id });
    await onHazardAction(tx, { eventId: event!.id, hazardId: id, action, actorId: actor.id, reviewRequestedBy: h.reviewRequestedBy, reason: input.reason ?? null });
    await recordAudit(tx, actor, { action: `hazard.${action}`, entityType: 'hazard', entityId: id, regionId: h.regionId, before: { state: h.state }, after: { state: d.to, ...changes } });
    return { ...presentHazard(after!, p, regionPath, townPath, today), ...(await supplyFlags(tx, after!)) };
  });
}

export function presentHazard(h: HazardRow, p: Principal, regionPath: string, townPath: string | null, today: string) {
  return {
    ...h,
    overdue: isOverdue(h.state as HazardState, h.deadline, today),
    availableActions: availableActions(hazardActor(p), factsOf(h, regionPath, townPath)),
  };
}

export interface HazardListQuery {
  regionId?: string | undefined;
  state?: string | undefined;
  category?: string | undefined;
  severity?: string | undefined;
  source?: string | undefined;
  departmentId?: string | undefined;
  overdue?: boolean | undefined;
  q?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  page: number;
  pageSize: number;
}

export async function hazardWhere(db: Executor, p: Principal, q: Omit<HazardListQuery, 'page' | 'pageSize'>, today: string): Promise<SQL> {
  const conds: (SQL | undefined)[] = [hazardScope(p)];
  if (q.regionId) {
    const r = await loadRegionInScope(db, p, q.regionId);
    conds.push(sql`${hazards.regionId} IN (SELECT id FROM regions WHERE path LIKE ${r.path + '%'})`);
  }
  if (q.state === 'open') conds.push(inArray(hazards.state, [...OPEN_STATES]));
  else if (q.state) conds.push(eq(hazards.state, q.state));
  if (q.category) conds.push(eq(hazards.category, q.category));
  if (q.severity) conds.push(eq(hazards.severity, q.severity));
  if (q.source) conds.push(eq(hazards.source, q.source));
  if (q.subjectType) conds.push(eq(hazards.subjectType, q.subjectType));
  if (q.subjectId) conds.push(eq(hazards.subjectId, q.subjectId));
  if (q.departmentId) conds.push(sql`(${hazards.leadDepartmentId} = ${q.departmentId} OR ${q.departmentId} = ANY(${hazards.cooperatingDepartmentIds}))`);
  if (q.overdue) conds.push(and(inArray(hazards.state, [...OPEN_STATES]), sql`${hazards.deadline} < ${today}::date`));
  if (q.q?.trim()) conds.push(sql`(${hazards.subjectName} ILIKE ${'%' + q.q.trim() + '%'} OR ${hazards.code} = ${q.q.trim()})`);
  return and(...conds)!;
}

const COUNT_CAP = 10_000;

export async function listHazards(db: Executor, p: Principal, q: HazardListQuery, today: string) {
  const where = await hazardWhere(db, p, q, today);
  const [rows, count] = await Promise.all([
    db
      .select({ h: hazards, leadName: departments.name, regionName: regions.name, supplySuspended: supplySuspendedSql(hazards.subjectType, hazards.subjectId) })
      .from(hazards)
      .leftJoin(departments, eq(departments.id, hazards.leadDepartmentId))
      .innerJoin(regions, eq(regions.id, hazards.regionId))
      .where(where)
      .orderBy(desc(hazards.createdAt), asc(hazards.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${hazards} WHERE ${where} LIMIT ${COUNT_CAP + 1}) t`),
  ]);
  const n = Number(count.rows[0]?.n ?? 0);
  return {
    items: rows.map((r) => ({ ...r.h, leadName: r.leadName, regionName: r.regionName, supplySuspended: r.supplySuspended, overdue: isOverdue(r.h.state as HazardState, r.h.deadline, today) })),
    total: Math.min(n, COUNT_CAP),
    totalCapped: n > COUNT_CAP,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getHazard(db: Executor, p: Principal, id: string, today: string) {
  const h = await loadHazard(db, p, id);
  const { regionPath, townPath } = await paths(db, h.regionId, h.townId);
  const events = await db.select().from(hazardEvents).where(eq(hazardEvents.hazardId, id)).orderBy(asc(hazardEvents.id));
  const deptIds = [h.leadDepartmentId, ...h.cooperatingDepartmentIds].filter((x): x is string => x !== null);
  const depts = deptIds.length ? await db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, deptIds)) : [];
  const names = new Map(depts.map((d) => [d.id, d.name]));
  const [town] = h.townId ? await db.select({ name: regions.name }).from(regions).where(eq(regions.id, h.townId)) : [];
  const photoIds = [...new Set([...h.photos, ...events.flatMap((e) => e.photos)])];
  const photoRows = photoIds.length ? await db.select({ id: files.id, contentType: files.contentType }).from(files).where(inArray(files.id, photoIds)) : [];
  const { supplySuspended, promptRestoreSupply, enforcement, notices } = await hazardFollowUps(db, h);
  return {
    hazard: {
      ...presentHazard(h, p, regionPath, townPath, today),
      leadName: h.leadDepartmentId ? (names.get(h.leadDepartmentId) ?? null) : null,
      cooperatingNames: h.cooperatingDepartmentIds.map((d) => names.get(d) ?? d),
      townName: town?.name ?? null,
      supplySuspended,
      promptRestoreSupply,
    },
    events,
    photos: photoRows.map((f) => ({ id: f.id, url: `/api/v1/files/${f.id}` })),
    enforcement,
    notices,
  };
}
