/**
 * Enforcement against a hazard (R4.5): officials' steps, and the gas supplier's suspension and
 * restoration of supply for a user who refuses to rectify. Each in one transaction with a hazard
 * event and an audit entry.
 */
import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { enforcementActions, hazardEvents, hazards, households, supplySuspensions, venues } from '../db/schema/index.js';
import { claimFiles } from '../files/files.service.js';
import { loadSubject, type SubjectType } from '../registry/subjects.js';
import { AppError, conflict, invalidField, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope } from '../shared/scope.js';
import { OPEN_STATES, type HazardState } from './hazard.rules.js';
import { ENFORCEMENT_LABELS, mayRecordEnforcement, mayRestoreSupply, maySuspendSupply, type EnforcementDecision, type EnforcementKind, type SupplyKind } from './enforcement.rules.js';
import { activeSuspension, enforcementOfHazard, presentEnforcement, supplyFlags, supplySuspendedSql } from './enforcement.queries.js';
import { hazardScope, type HazardRow } from './hazards.service.js';

export interface EnforcementInput {
  actionDate: string;
  officer: string;
  documentNo?: string | undefined;
  amountYuan?: number | undefined;
  files: string[];
  note?: string | undefined;
}

/**
 * Hazards whose supply the caller may act on: those it sees anyway, and for a gas company's
 * accounts the hazards of the venues and households it supplies (within its region).
 */
export function supplyHazardScope(p: Principal): SQL {
  if (!p.enterpriseId) return hazardScope(p);
  const supplied = sql`(
    (${hazards.subjectType} = 'venue' AND EXISTS (SELECT 1 FROM ${venues} WHERE ${venues.id} = ${hazards.subjectId} AND ${venues.supplierId} = ${p.enterpriseId}))
    OR (${hazards.subjectType} = 'household' AND EXISTS (SELECT 1 FROM ${households} WHERE ${households.id} = ${hazards.subjectId} AND ${households.supplierId} = ${p.enterpriseId})))`;
  return or(hazardScope(p), and(inRegionScope(p, hazards.regionId), supplied))!;
}

async function loadHazard(tx: Executor, scope: SQL, id: string): Promise<HazardRow> {
  const [h] = await tx.select().from(hazards).where(and(eq(hazards.id, id), scope)).for('update');
  if (!h) throw notFound('entity.hazard');
  return h;
}

function refuse(d: EnforcementDecision & { ok: false }): AppError {
  if (d.code === 'STATE') return new AppError('CONFLICT', d.key);
  if (d.code === 'INPUT') return invalidField(d.field ?? '', d.key);
  return new AppError('FORBIDDEN', d.key);
}

/** One enforcement row, its hazard event and audit entry (inside the caller's transaction). */
async function insertAction(tx: Executor, p: Principal, h: HazardRow, kind: EnforcementKind | SupplyKind, input: EnforcementInput, now: Date) {
  await claimFiles(tx, p, input.files, h.regionId);
  const [row] = await tx
    .insert(enforcementActions)
    .values({
      hazardId: h.id,
      regionId: h.regionId,
      subjectType: h.subjectType,
      subjectId: h.subjectId,
      enterpriseId: h.enterpriseId,
      venueId: h.venueId,
      kind,
      actionDate: input.actionDate,
      officer: input.officer,
      documentNo: input.documentNo ?? null,
      amountYuan: input.amountYuan ?? null,
      files: input.files,
      note: input.note ?? null,
      recordedBy: p.id,
      recordedAt: now,
    })
    .returning();
  const actor = actorOf(p);
  await tx.insert(hazardEvents).values({
    hazardId: h.id,
    action: 'enforcement',
    fromState: h.state,
    toState: h.state,
    actorId: actor.id,
    actorLabel: actor.label,
    at: now,
    comment: ENFORCEMENT_LABELS[kind].zh,
    photos: input.files,
    data: { kind, enforcementId: row!.id, documentNo: input.documentNo ?? null },
  });
  await recordAudit(tx, actor, { action: `enforcement.${kind}`, entityType: 'enforcement_action', entityId: row!.id, regionId: h.regionId, after: row });
  return row!;
}

/** Record an official's enforcement step against a hazard (R4.5). */
export async function recordEnforcement(db: Db, p: Principal, hazardId: string, kind: EnforcementKind, input: EnforcementInput, now: Date) {
  return db.transaction(async (tx) => {
    const h = await loadHazard(tx, hazardScope(p), hazardId);
    const d = mayRecordEnforcement(p, { ...h, state: h.state as HazardState }, { kind, amountYuan: input.amountYuan });
    if (!d.ok) throw refuse(d);
    return presentEnforcement(await insertAction(tx, p, h, kind, input, now));
  });
}

async function supplierOf(tx: Executor, h: HazardRow): Promise<string | null> {
  if (h.subjectType !== 'venue' && h.subjectType !== 'household') return null;
  return (await loadSubject(tx, null, h.subjectType as SubjectType, h.subjectId)).supplierId;
}

/** 暂停供气 for the user of an open hazard; the subject shows as suspended until restored. */
export async function suspendSupply(db: Db, p: Principal, hazardId: string, input: EnforcementInput, now: Date) {
  return db.transaction(async (tx) => {
    const h = await loadHazard(tx, supplyHazardScope(p), hazardId);
    const supplierId = await supplierOf(tx, h);
    const d = maySuspendSupply(p, { state: h.state as HazardState, subjectType: h.subjectType, supplierId });
    if (!d.ok) throw refuse(d);
    if (await activeSuspension(tx, h.subjectType, h.subjectId)) throw conflict('supply.alreadySuspended');
    const action = await insertAction(tx, p, h, 'supply_suspension', input, now);
    const [s] = await tx
      .insert(supplySuspensions)
      .values({ subjectType: h.subjectType, subjectId: h.subjectId, regionId: h.regionId, supplierId, hazardId: h.id, suspensionActionId: action.id, suspendedAt: now, suspendedBy: p.id })
      .returning();
    await tx.update(hazards).set({ supplySuspended: true, updatedAt: now }).where(eq(hazards.id, h.id));
    await recordAudit(tx, actorOf(p), { action: 'supply.suspend', entityType: 'supply_suspension', entityId: s!.id, regionId: h.regionId, after: s });
    return { action: presentEnforcement(action), suspension: s!, supplySuspended: true };
  });
}

/** 恢复供气 once the hazard the supply was suspended for is closed. */
export async function restoreSupply(db: Db, p: Principal, hazardId: string, input: EnforcementInput, now: Date) {
  return db.transaction(async (tx) => {
    const h = await loadHazard(tx, supplyHazardScope(p), hazardId);
    const supplierId = await supplierOf(tx, h);
    const d = mayRestoreSupply(p, { state: h.state as HazardState, subjectType: h.subjectType, supplierId });
    if (!d.ok) throw refuse(d);
    const [active] = await tx
      .select()
      .from(supplySuspensions)
      .where(and(eq(supplySuspensions.hazardId, h.id), isNull(supplySuspensions.restoredAt)))
      .for('update');
    if (!active) throw conflict('supply.notSuspended');
    const action = await insertAction(tx, p, h, 'supply_restoration', input, now);
    const [s] = await tx
      .update(supplySuspensions)
      .set({ restoredAt: now, restoredBy: p.id, restorationActionId: action.id })
      .where(eq(supplySuspensions.id, active.id))
      .returning();
    await tx.update(hazards).set({ supplySuspended: false, updatedAt: now }).where(eq(hazards.id, h.id));
    await recordAudit(tx, actorOf(p), { action: 'supply.restore', entityType: 'supply_suspension', entityId: s!.id, regionId: h.regionId, before: active, after: s });
    return { action: presentEnforcement(action), suspension: s!, supplySuspended: false };
  });
}

/** A hazard's enforcement record as its supplier or an official sees it. */
export async function hazardEnforcement(db: Executor, p: Principal, hazardId: string) {
  const [h] = await db.select().from(hazards).where(and(eq(hazards.id, hazardId), supplyHazardScope(p)));
  if (!h) throw notFound('entity.hazard');
  const pick = { id: h.id, code: h.code, state: h.state, subjectType: h.subjectType, subjectId: h.subjectId, subjectName: h.subjectName, description: h.description, deadline: h.deadline };
  return { hazard: pick, ...(await supplyFlags(db, h)), enforcement: await enforcementOfHazard(db, h.id) };
}

/**
 * Hazards of gas users the caller may suspend supply for: a gas company's customers, or for
 * officials the venues and households in scope; open ones, and closed ones still suspended.
 */
export async function supplyHazards(db: Executor, p: Principal, q: { page: number; pageSize: number }) {
  const suspended = supplySuspendedSql(hazards.subjectType, hazards.subjectId);
  const where = and(
    supplyHazardScope(p),
    inArray(hazards.subjectType, ['venue', 'household']),
    or(inArray(hazards.state, [...OPEN_STATES]), sql`EXISTS (SELECT 1 FROM ${supplySuspensions} WHERE ${supplySuspensions.hazardId} = ${hazards.id} AND ${supplySuspensions.restoredAt} IS NULL)`),
  );
  const [rows, count] = await Promise.all([
    db.select({ h: hazards, supplySuspended: suspended }).from(hazards).where(where).orderBy(desc(hazards.createdAt), hazards.id).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ n: sql<number>`count(*)::int` }).from(hazards).where(where),
  ]);
  const items = rows.map(({ h, supplySuspended }) => ({
    id: h.id,
    code: h.code,
    state: h.state,
    subjectType: h.subjectType,
    subjectId: h.subjectId,
    subjectName: h.subjectName,
    description: h.description,
    deadline: h.deadline,
    supplySuspended,
  }));
  return { items, total: count[0]?.n ?? 0, page: q.page, pageSize: q.pageSize };
}
