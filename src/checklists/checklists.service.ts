import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { recordAudit, SYSTEM_ACTOR } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { checklistItems, regions } from '../db/schema/index.js';
import { selfAndAncestors } from '../departments/matrix.rules.js';
import { AppError, forbidden, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope } from '../shared/scope.js';
import type { ChecklistItemDef } from './checklist.types.js';
import { validateLibrary } from './checklist.rules.js';
import { CHECKLIST_LIBRARY, itemsFor, LIBRARY_VERSION, type ChecklistSubject } from './library/index.js';

export type ItemRow = typeof checklistItems.$inferSelect;

const SEED_LOCK = 7303001;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Bring the database's library up to the shipped one (at every start, idempotent). A shipped item
 * that changed supersedes the old row with a new revision; an item an admin has edited is left as
 * the admin made it.
 */
export async function seedChecklistLibrary(db: Db, library: readonly ChecklistItemDef[] = CHECKLIST_LIBRARY, version = LIBRARY_VERSION) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`);
    const active = await tx.select().from(checklistItems).where(and(eq(checklistItems.status, 'active'), isNull(checklistItems.regionId)));
    const byCode = new Map(active.map((r) => [r.code, r]));
    const revs = await tx.select({ code: checklistItems.code, rev: sql<number>`max(${checklistItems.revision})::int` }).from(checklistItems).groupBy(checklistItems.code);
    const maxRev = new Map(revs.map((r) => [r.code, r.rev]));
    let added = 0;
    let updated = 0;
    for (const def of library) {
      const cur = byCode.get(def.code);
      if (cur && (cur.origin !== 'library' || same(cur.def, def))) continue;
      if (cur) {
        await tx.update(checklistItems).set({ status: 'superseded' }).where(eq(checklistItems.id, cur.id));
        updated++;
      } else added++;
      await tx.insert(checklistItems).values({ code: def.code, revision: (maxRev.get(def.code) ?? 0) + 1, origin: 'library', libraryVersion: version, def });
    }
    if (added || updated) await recordAudit(tx, SYSTEM_ACTOR, { action: 'checklist.seed', entityType: 'checklist', entityId: version, after: { added, updated } });
    return { added, updated };
  });
}

/** The active items usable in a region: the national library plus local items of the region and above. */
export async function activeItems(tx: Executor, regionPath: string): Promise<ItemRow[]> {
  const ids = selfAndAncestors(regionPath);
  return tx
    .select()
    .from(checklistItems)
    .where(and(eq(checklistItems.status, 'active'), or(isNull(checklistItems.regionId), ids.length ? inArray(checklistItems.regionId, ids) : sql`false`)))
    .orderBy(asc(checklistItems.code));
}

/** The items a form for this subject shows, in library order, each with the row id it will record. */
export function itemsForSubject(rows: ItemRow[], subject: ChecklistSubject): ItemRow[] {
  const defs = itemsFor(subject, rows.map((r) => r.def));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return defs.map((d) => byCode.get(d.code)!);
}

export const presentItem = (r: ItemRow) => ({ ...r.def, id: r.id, code: r.code, revision: r.revision, origin: r.origin, regionId: r.regionId, libraryVersion: r.libraryVersion, status: r.status });

function assertValidDef(def: ChecklistItemDef) {
  const problems = validateLibrary([def]);
  if (problems.length) throw new AppError('UNPROCESSABLE', 'error.validation', {}, problems.map((x) => ({ path: 'def', key: x.message })));
}

/** A local item of a region (the task force's own additions), revision 1. */
export async function addLocalItem(db: Db, p: Principal, regionId: string, def: ChecklistItemDef) {
  if (p.role !== 'platform_admin' && p.role !== 'task_force') throw forbidden();
  assertValidDef(def);
  return db.transaction(async (tx) => {
    await loadRegionInScope(tx, p, regionId);
    const [exists] = await tx.select({ id: checklistItems.id }).from(checklistItems).where(eq(checklistItems.code, def.code)).limit(1);
    if (exists) throw new AppError('CONFLICT', 'registry.duplicate', {}, [{ path: 'code', key: 'registry.duplicate' }]);
    const [row] = await tx.insert(checklistItems).values({ code: def.code, revision: 1, regionId, origin: 'local', libraryVersion: LIBRARY_VERSION, def, createdBy: p.id }).returning();
    await recordAudit(tx, actorOf(p), { action: 'checklist.item.create', entityType: 'checklist_item', entityId: def.code, regionId, after: row });
    return presentItem(row!);
  });
}

/**
 * Correct an item (wording, limits, basis): the old revision stays for the records that used it,
 * the new one is used from now on. National items: platform admin; local items: their region's task force.
 */
export async function editItem(db: Db, p: Principal, code: string, def: ChecklistItemDef, retire = false) {
  if (def.code !== code) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'code', key: 'field.invalidValue' }]);
  assertValidDef(def);
  return db.transaction(async (tx) => {
    const [cur] = await tx.select().from(checklistItems).where(and(eq(checklistItems.code, code), eq(checklistItems.status, 'active'))).for('update');
    if (!cur) throw notFound('entity.checklistItem');
    if (cur.regionId === null ? p.role !== 'platform_admin' : !(p.role === 'platform_admin' || p.role === 'task_force')) throw forbidden();
    if (cur.regionId) await loadRegionInScope(tx, p, cur.regionId);
    await tx.update(checklistItems).set({ status: retire ? 'retired' : 'superseded' }).where(eq(checklistItems.id, cur.id));
    if (retire) {
      await recordAudit(tx, actorOf(p), { action: 'checklist.item.retire', entityType: 'checklist_item', entityId: code, regionId: cur.regionId, before: cur });
      return presentItem({ ...cur, status: 'retired' });
    }
    const [row] = await tx
      .insert(checklistItems)
      .values({ code, revision: cur.revision + 1, regionId: cur.regionId, origin: cur.origin === 'local' ? 'local' : 'edited', libraryVersion: LIBRARY_VERSION, def, createdBy: p.id })
      .returning();
    await recordAudit(tx, actorOf(p), { action: 'checklist.item.update', entityType: 'checklist_item', entityId: code, regionId: cur.regionId, before: cur.def, after: def });
    return presentItem(row!);
  });
}

export async function itemHistory(db: Executor, code: string) {
  const rows = await db.select().from(checklistItems).where(eq(checklistItems.code, code)).orderBy(asc(checklistItems.revision));
  if (rows.length === 0) throw notFound('entity.checklistItem');
  return rows.map(presentItem);
}

export async function regionPathOf(tx: Executor, regionId: string): Promise<string> {
  const [r] = await tx.select({ path: regions.path }).from(regions).where(eq(regions.id, regionId));
  if (!r) throw notFound('entity.region');
  return r.path;
}
