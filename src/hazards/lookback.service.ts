/**
 * 回头看 (R4.6): a random sample of hazards closed in a period and region, re-inspected by the
 * requesting unit; a failed re-inspection puts a rebound (改后反弹) on the ledger, linked to the
 * closed hazard, and rebounds are counted per region and per reviewer (who closed the original).
 */
import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { accounts, departments, hazardEvents, hazards, lookbackBatches, lookbackItems, regions } from '../db/schema/index.js';
import type { HazardCategory, TaskKind } from '../departments/taxonomy.js';
import { claimFiles } from '../files/files.service.js';
import { loadSubject, type SubjectType } from '../registry/subjects.js';
import { conflict, forbidden, invalidField, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope, loadRegionInScope } from '../shared/scope.js';
import { chinaDayStart } from './hazard.labels.js';
import { createHazard, hazardScope } from './hazards.service.js';
import { mayRecordLookback, mayRequestLookback, sampleSize, type LookbackUnit } from './lookback.rules.js';

const DAY = 86_400_000;

/** Hazards of `regionPath`'s subtree closed from `from` to `to` (China days, inclusive) that the caller sees. */
function closedIn(p: Principal, regionPath: string, from: string, to: string): SQL {
  return and(
    hazardScope(p),
    eq(hazards.state, 'closed'),
    gte(hazards.closedAt, chinaDayStart(from)),
    lt(hazards.closedAt, new Date(chinaDayStart(to).getTime() + DAY)),
    sql`${hazards.regionId} IN (SELECT ${regions.id} FROM ${regions} WHERE ${regions.path} LIKE ${regionPath + '%'})`,
  )!;
}

/** Batches are for officials and grid workers, never for enterprise or venue accounts. */
function assertOfficial(p: Principal) {
  if (p.enterpriseId || p.venueId || p.role === 'machine') throw forbidden();
}

/** Draw a sample and store it as a batch assigned to the caller's unit (department or region). */
export async function createLookback(db: Db, p: Principal, input: { regionId: string; from: string; to: string; size: number }) {
  if (!mayRequestLookback(p)) throw forbidden('lookback.role');
  if (input.from > input.to) throw invalidField('to', 'lookback.period');
  const batchId = await db.transaction(async (tx) => {
    const region = await loadRegionInScope(tx, p, input.regionId);
    const where = closedIn(p, region.path, input.from, input.to);
    const [{ available } = { available: 0 }] = await tx.select({ available: count() }).from(hazards).where(where);
    if (available === 0) throw invalidField('regionId', 'lookback.noneClosed');
    const n = sampleSize(input.size, available);
    const sample = await tx.select({ id: hazards.id }).from(hazards).where(where).orderBy(sql`random()`).limit(n);
    let unit: { unitType: string; unitId: string; unitName: string };
    if (p.role === 'dept_officer' && p.departmentId) {
      const [d] = await tx.select({ name: departments.name }).from(departments).where(eq(departments.id, p.departmentId));
      unit = { unitType: 'department', unitId: p.departmentId, unitName: d?.name ?? '' };
    } else {
      const [r] = await tx.select({ name: regions.name }).from(regions).where(eq(regions.id, p.regionId));
      unit = { unitType: 'region', unitId: p.regionId, unitName: r?.name ?? '' };
    }
    const [batch] = await tx
      .insert(lookbackBatches)
      .values({ regionId: region.id, periodFrom: input.from, periodTo: input.to, requestedSize: input.size, size: sample.length, available, ...unit, createdBy: p.id })
      .returning();
    await tx.insert(lookbackItems).values(sample.map((s) => ({ batchId: batch!.id, hazardId: s.id })));
    await recordAudit(tx, actorOf(p), { action: 'lookback.create', entityType: 'lookback_batch', entityId: batch!.id, regionId: region.id, after: { ...batch, hazardIds: sample.map((s) => s.id) } });
    return batch!.id;
  });
  return getLookback(db, p, batchId);
}

/**
 * Batches of the caller's region subtree, or of a region the caller works inside (a grid worker
 * re-inspecting for the town); items outside the caller's own scope stay hidden (getLookback).
 */
function batchVisible(p: Principal): SQL {
  const within = sql`${lookbackBatches.regionId} IN (SELECT ${regions.id} FROM ${regions} WHERE ${p.regionPath} LIKE ${regions.path} || '%')`;
  return or(inRegionScope(p, lookbackBatches.regionId), within)!;
}

async function loadBatch(db: Executor, p: Principal, batchId: string) {
  assertOfficial(p);
  const [b] = await db.select().from(lookbackBatches).where(and(eq(lookbackBatches.id, batchId), batchVisible(p)));
  if (!b) throw notFound('entity.lookbackBatch');
  return b;
}

/** A batch with its items: each sampled hazard, who closed it and when, and the result. */
export async function getLookback(db: Executor, p: Principal, batchId: string) {
  const batch = await loadBatch(db, p, batchId);
  const closer = alias(accounts, 'closer');
  const checker = alias(accounts, 'checker');
  const items = await db
    .select({
      id: lookbackItems.id,
      hazardId: lookbackItems.hazardId,
      status: lookbackItems.status,
      note: lookbackItems.note,
      photos: lookbackItems.photos,
      checkedAt: lookbackItems.checkedAt,
      checkedByName: checker.displayName,
      reboundHazardId: lookbackItems.reboundHazardId,
      code: hazards.code,
      subjectType: hazards.subjectType,
      subjectId: hazards.subjectId,
      subjectName: hazards.subjectName,
      itemCode: hazards.itemCode,
      description: hazards.description,
      closedAt: hazards.closedAt,
      closedBy: hazards.closedBy,
      closedByName: closer.displayName,
    })
    .from(lookbackItems)
    .innerJoin(hazards, eq(hazards.id, lookbackItems.hazardId))
    .leftJoin(closer, eq(closer.id, hazards.closedBy))
    .leftJoin(checker, eq(checker.id, lookbackItems.checkedBy))
    .where(and(eq(lookbackItems.batchId, batchId), hazardScope(p)))
    .orderBy(asc(hazards.closedAt), asc(lookbackItems.id));
  return { batch, items };
}

export async function listLookbacks(db: Executor, p: Principal, q: { page: number; pageSize: number }) {
  assertOfficial(p);
  const where = batchVisible(p);
  const [rows, total] = await Promise.all([
    db.select().from(lookbackBatches).where(where).orderBy(desc(lookbackBatches.createdAt)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ n: count() }).from(lookbackBatches).where(where),
  ]);
  return { items: rows, total: total[0]?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

async function unitOf(tx: Executor, b: { unitType: string; unitId: string }): Promise<LookbackUnit> {
  if (b.unitType === 'department') {
    const [d] = await tx.select({ path: regions.path }).from(departments).innerJoin(regions, eq(regions.id, departments.regionId)).where(eq(departments.id, b.unitId));
    return { type: 'department', id: b.unitId, regionPath: d?.path ?? '' };
  }
  const [r] = await tx.select({ path: regions.path }).from(regions).where(eq(regions.id, b.unitId));
  return { type: 'region', id: b.unitId, regionPath: r?.path ?? '' };
}

export interface LookbackResultInput {
  result: 'passed' | 'failed';
  note?: string | undefined;
  photos: string[];
  /** What was found, for a failed re-inspection (defaults to the original description). */
  description?: string | undefined;
}

/** Record one re-inspection: confirmed, or a rebound hazard linked to the closed one. */
export async function recordLookbackItem(db: Db, p: Principal, batchId: string, itemId: string, input: LookbackResultInput, now: Date) {
  await db.transaction(async (tx) => {
    const batch = await loadBatch(tx, p, batchId);
    if (!mayRecordLookback(p, await unitOf(tx, batch))) throw forbidden('lookback.notYourUnit');
    const [item] = await tx.select().from(lookbackItems).where(and(eq(lookbackItems.id, itemId), eq(lookbackItems.batchId, batchId))).for('update');
    if (!item) throw notFound('entity.lookbackItem');
    if (item.status !== 'pending') throw conflict('lookback.alreadyRecorded');
    const [h] = await tx.select().from(hazards).where(and(eq(hazards.id, item.hazardId), hazardScope(p)));
    if (!h) throw notFound('entity.hazard');
    await claimFiles(tx, p, input.photos, h.regionId);
    const actor = actorOf(p);
    let reboundHazardId: string | null = null;
    if (input.result === 'failed') {
      const subject = await loadSubject(tx, null, h.subjectType as SubjectType, h.subjectId);
      const rebound = await createHazard(tx, actor, {
        subject,
        itemCode: h.itemCode,
        libraryVersion: h.libraryVersion,
        category: h.category as HazardCategory,
        taskKind: h.taskKind as TaskKind,
        severity: h.severity as 'major' | 'general',
        description: input.description ?? `回头看复查发现问题反弹：${h.description}`,
        measure: h.measure,
        basis: h.basis,
        source: 'inspection',
        sourceRef: `lookback:${item.id}`,
        photos: input.photos,
        foundAt: now,
        reboundOf: h.id,
      });
      reboundHazardId = rebound.id;
    }
    const status = input.result === 'failed' ? 'rebound' : 'confirmed';
    const [after] = await tx
      .update(lookbackItems)
      .set({ status, note: input.note ?? null, photos: input.photos, checkedBy: p.id, checkedAt: now, reboundHazardId })
      .where(eq(lookbackItems.id, item.id))
      .returning();
    await tx.insert(hazardEvents).values({
      hazardId: h.id,
      action: 'lookback',
      fromState: h.state,
      toState: h.state,
      actorId: actor.id,
      actorLabel: actor.label,
      at: now,
      comment: input.note ?? null,
      photos: input.photos,
      data: { batchId, itemId: item.id, result: status, reboundHazardId },
    });
    await recordAudit(tx, actor, { action: `lookback.${status}`, entityType: 'lookback_item', entityId: item.id, regionId: batch.regionId, before: { status: item.status }, after });
  });
  return getLookback(db, p, batchId);
}

/**
 * Rebounds (hazards that repeat a closed one, R4.6) found in a period, counted per region (the
 * children of the chosen region) and per reviewer, the account that closed the original.
 */
export async function reboundStats(db: Executor, p: Principal, q: { regionId?: string | undefined; from?: string | undefined; to?: string | undefined }) {
  assertOfficial(p);
  if (q.from && q.to && q.from > q.to) throw invalidField('to', 'lookback.period');
  const region = q.regionId ? await loadRegionInScope(db, p, q.regionId) : { id: p.regionId, path: p.regionPath };
  const original = alias(hazards, 'original');
  const where = and(
    hazardScope(p),
    isNotNull(hazards.reboundOf),
    sql`${hazards.regionId} IN (SELECT ${regions.id} FROM ${regions} WHERE ${regions.path} LIKE ${region.path + '%'})`,
    q.from ? gte(hazards.foundAt, chinaDayStart(q.from)) : undefined,
    q.to ? lt(hazards.foundAt, new Date(chinaDayStart(q.to).getTime() + DAY)) : undefined,
  );
  // The child of the chosen region a hazard lies in: the path segment right after the region's own.
  const child = sql<string>`coalesce(nullif(split_part(substr(${regions.path}, ${region.path.length + 1}), '/', 1), ''), ${region.id}::text)`;
  const [byChild, byReviewer] = await Promise.all([
    db.select({ regionId: child, rebounds: count() }).from(hazards).innerJoin(regions, eq(regions.id, hazards.regionId)).where(where).groupBy(sql`1`), // the same expression by position: its parameters differ between SELECT and GROUP BY
    db
      .select({ accountId: original.closedBy, name: accounts.displayName, rebounds: count() })
      .from(hazards)
      .innerJoin(original, eq(original.id, hazards.reboundOf))
      .leftJoin(accounts, eq(accounts.id, original.closedBy))
      .where(where)
      .groupBy(original.closedBy, accounts.displayName)
      .orderBy(desc(count())),
  ]);
  const ids = byChild.map((c) => c.regionId);
  const names = ids.length ? await db.select({ id: regions.id, name: regions.name, code: regions.code }).from(regions).where(inArray(regions.id, ids)) : [];
  const nameOf = new Map(names.map((n) => [n.id, n]));
  return {
    regionId: region.id,
    from: q.from ?? null,
    to: q.to ?? null,
    total: byChild.reduce((s, c) => s + c.rebounds, 0),
    byRegion: byChild
      .map((c) => ({ regionId: c.regionId, regionName: nameOf.get(c.regionId)?.name ?? null, regionCode: nameOf.get(c.regionId)?.code ?? null, rebounds: c.rebounds }))
      .sort((a, b) => b.rebounds - a.rebounds),
    byReviewer: byReviewer.map((r) => ({ accountId: r.accountId, name: r.name, rebounds: r.rebounds })),
  };
}
