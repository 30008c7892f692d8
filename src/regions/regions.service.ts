import { randomUUID } from 'node:crypto';
import { and, asc, eq, ilike, like, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { regions } from '../db/schema/index.js';
import { AppError, conflict, forbidden, invalidFields, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope } from '../shared/scope.js';
import { childPath, isMoveIntoOwnSubtree, regionCodeProblems, type RegionLevel } from './regions.rules.js';

export type RegionRow = typeof regions.$inferSelect;

export function presentRegion(r: RegionRow, childCount?: number) {
  return {
    id: r.id,
    parentId: r.parentId,
    level: r.level as RegionLevel,
    code: r.code,
    isVirtualCode: r.isVirtualCode,
    codeVersion: r.codeVersion,
    name: r.name,
    status: r.status,
    depth: r.depth,
    ...(childCount === undefined ? {} : { childCount }),
  };
}

async function loadFull(tx: Executor, id: string): Promise<RegionRow> {
  const [r] = await tx.select().from(regions).where(eq(regions.id, id));
  if (!r) throw notFound('entity.region');
  return r;
}

/** Structural edits are allowed strictly below the caller's home region (an admin: anywhere). */
function assertEditable(p: Principal, r: RegionRow) {
  if (p.role !== 'platform_admin' && r.id === p.regionId) throw forbidden();
}

export async function listRegions(
  db: Executor,
  p: Principal,
  q: { parentId?: string | undefined; q?: string | undefined; includeRetired?: boolean | undefined; limit: number },
) {
  const conds = [like(regions.path, `${p.regionPath}%`)];
  if (!q.includeRetired) conds.push(eq(regions.status, 'active'));
  if (q.q) {
    conds.push(or(ilike(regions.name, `%${q.q}%`), like(regions.code, `${q.q}%`))!);
  } else if (q.parentId) {
    conds.push(eq(regions.parentId, q.parentId));
  } else if (p.regionPath === '/') {
    conds.push(sql`${regions.parentId} IS NULL`);
  } else {
    conds.push(eq(regions.id, p.regionId));
  }
  const rows = await db
    .select({
      r: regions,
      childCount: sql<number>`(SELECT count(*) FROM regions c WHERE c.parent_id = ${regions}.id AND c.status = 'active')::int`,
    })
    .from(regions)
    .where(and(...conds))
    .orderBy(asc(regions.code))
    .limit(q.limit);
  return rows.map((x) => presentRegion(x.r, x.childCount));
}

export async function getRegion(db: Executor, p: Principal, id: string) {
  const ref = await loadRegionInScope(db, p, id);
  const r = await loadFull(db, ref.id);
  const ancestorIds = r.path.split('/').filter(Boolean).slice(0, -1);
  const ancestors = ancestorIds.length
    ? await db.select().from(regions).where(sql`${regions.id} IN ${ancestorIds}`)
    : [];
  const visible = ancestors.filter((a) => a.path.startsWith(p.regionPath) || p.regionPath.startsWith(a.path));
  visible.sort((a, b) => a.depth - b.depth);
  return { ...presentRegion(r), ancestors: visible.map((a) => ({ id: a.id, name: a.name, code: a.code, level: a.level })) };
}

export interface CreateRegionInput {
  parentId: string | null;
  level: RegionLevel;
  code: string;
  name: string;
  isVirtualCode?: boolean | undefined;
  codeVersion?: string | undefined;
}

export async function createRegion(db: Db, p: Principal, input: CreateRegionInput) {
  return db.transaction(async (tx) => {
    let parent: RegionRow | null = null;
    if (input.parentId) {
      await loadRegionInScope(tx, p, input.parentId);
      parent = await loadFull(tx, input.parentId);
      assertActiveParent(parent);
    } else if (p.role !== 'platform_admin') {
      throw forbidden();
    }
    const problems = regionCodeProblems(input.level, input.code, parent ? { level: parent.level as RegionLevel, code: parent.code } : null, input.isVirtualCode);
    if (problems.length) throw invalidFields(problems);
    await assertCodeFree(tx, input.code);
    const id = randomUUID();
    const [row] = await tx
      .insert(regions)
      .values({
        id,
        parentId: parent?.id ?? null,
        path: childPath(parent?.path ?? null, id),
        depth: (parent?.depth ?? -1) + 1,
        level: input.level,
        code: input.code,
        isVirtualCode: input.isVirtualCode ?? false,
        codeVersion: input.codeVersion ?? null,
        name: input.name,
      })
      .returning();
    await recordAudit(tx, actorOf(p), { action: 'region.create', entityType: 'region', entityId: id, regionId: id, after: presentRegion(row!) });
    return presentRegion(row!);
  });
}

/** Nothing active sits under a retired region (create, move and restore all keep this). */
function assertActiveParent(parent: RegionRow) {
  if (parent.status !== 'active') throw new AppError('UNPROCESSABLE', 'error.regionRetired', {}, [{ path: 'parentId', key: 'error.regionRetired' }]);
}

async function assertCodeFree(tx: Executor, code: string, exceptId?: string) {
  const [dup] = await tx
    .select({ id: regions.id })
    .from(regions)
    .where(and(eq(regions.code, code), eq(regions.status, 'active'), exceptId ? sql`${regions.id} <> ${exceptId}` : undefined));
  if (dup) throw conflict('region.code.duplicate', { code }, 'code');
}

export async function updateRegion(
  db: Db,
  p: Principal,
  id: string,
  input: { name?: string | undefined; code?: string | undefined; codeVersion?: string | undefined },
) {
  return db.transaction(async (tx) => {
    await loadRegionInScope(tx, p, id);
    const before = await loadFull(tx, id);
    assertEditable(p, before);
    if (input.code !== undefined && input.code !== before.code) {
      const parent = before.parentId ? await loadFull(tx, before.parentId) : null;
      const problems = regionCodeProblems(before.level as RegionLevel, input.code, parent ? { level: parent.level as RegionLevel, code: parent.code } : null, before.isVirtualCode);
      if (problems.length) throw invalidFields(problems);
      await assertCodeFree(tx, input.code, id);
    }
    const [after] = await tx
      .update(regions)
      .set({ name: input.name ?? before.name, code: input.code ?? before.code, codeVersion: input.codeVersion ?? before.codeVersion, updatedAt: new Date() })
      .where(eq(regions.id, id))
      .returning();
    await recordAudit(tx, actorOf(p), { action: 'region.update', entityType: 'region', entityId: id, regionId: id, before: presentRegion(before), after: presentRegion(after!) });
    return presentRegion(after!);
  });
}

export async function moveRegion(db: Db, p: Principal, id: string, newParentId: string) {
  return db.transaction(async (tx) => {
    await loadRegionInScope(tx, p, id);
    await loadRegionInScope(tx, p, newParentId);
    const region = await loadFull(tx, id);
    assertEditable(p, region);
    const parent = await loadFull(tx, newParentId);
    assertActiveParent(parent);
    if (isMoveIntoOwnSubtree(region.path, parent.path)) {
      throw invalidFields([{ path: 'parentId', key: 'error.regionMoveIntoSelf' }]);
    }
    const levelProblems = regionCodeProblems(region.level as RegionLevel, region.code, { level: parent.level as RegionLevel, code: parent.code }, true)
      .filter((x) => x.path === 'parentId');
    if (levelProblems.length) throw invalidFields(levelProblems);
    const newPath = childPath(parent.path, region.id);
    const depthDelta = parent.depth + 1 - region.depth;
    // Rewrite the whole subtree's paths in one statement. The casts matter: an untyped parameter
    // makes `substring(path from $2)` the regular-expression form, which yields NULL.
    await tx.execute(sql`
      UPDATE regions SET path = ${newPath} || substring(path from ${region.path.length + 1}::int),
                         depth = depth + ${depthDelta}::int, updated_at = now()
      WHERE path LIKE ${region.path + '%'}`);
    await tx.update(regions).set({ parentId: parent.id }).where(eq(regions.id, id));
    const after = await loadFull(tx, id);
    await recordAudit(tx, actorOf(p), { action: 'region.move', entityType: 'region', entityId: id, regionId: id, before: presentRegion(region), after: presentRegion(after) });
    return presentRegion(after);
  });
}

export async function setRegionStatus(db: Db, p: Principal, id: string, status: 'active' | 'retired') {
  return db.transaction(async (tx) => {
    await loadRegionInScope(tx, p, id);
    const before = await loadFull(tx, id);
    assertEditable(p, before);
    if (status === 'retired') {
      const [active] = await tx.select({ n: sql<number>`count(*)::int` }).from(regions).where(and(eq(regions.parentId, id), eq(regions.status, 'active')));
      if ((active?.n ?? 0) > 0) throw conflict('error.regionHasActiveChildren');
    } else {
      if (before.parentId) assertActiveParent(await loadFull(tx, before.parentId));
      await assertCodeFree(tx, before.code, id);
    }
    const [after] = await tx
      .update(regions)
      .set({ status, retiredAt: status === 'retired' ? new Date() : null, updatedAt: new Date() })
      .where(eq(regions.id, id))
      .returning();
    await recordAudit(tx, actorOf(p), { action: status === 'retired' ? 'region.retire' : 'region.restore', entityType: 'region', entityId: id, regionId: id, before: presentRegion(before), after: presentRegion(after!) });
    return presentRegion(after!);
  });
}

/**
 * Count rows that refer to a region through any foreign key (found in the catalogue, so tables
 * added by later capabilities are counted without touching this code).
 */
export async function countRegionReferences(tx: Executor, id: string): Promise<number> {
  const fks = await tx.execute<{ table_name: string; column_name: string }>(sql`
    SELECT cl.relname AS table_name, att.attname AS column_name
    FROM pg_constraint con
    JOIN pg_class cl ON cl.oid = con.conrelid
    JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
    WHERE con.contype = 'f' AND con.confrelid = 'regions'::regclass`);
  // Sub-regions refer to it through parent_id, which has no foreign key (the tree is kept by path).
  const [children] = await tx.select({ n: sql<number>`count(*)::int` }).from(regions).where(eq(regions.parentId, id));
  let total = Number(children?.n ?? 0);
  for (const fk of fks.rows) {
    const res = await tx.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM ${sql.identifier(fk.table_name)} WHERE ${sql.identifier(fk.column_name)} = ${id}`,
    );
    total += Number(res.rows[0]?.n ?? 0);
  }
  return total;
}

/** Delete a region nothing refers to (a mistake just made); otherwise it can only be retired. */
export async function deleteRegion(db: Db, p: Principal, id: string) {
  return db.transaction(async (tx) => {
    await loadRegionInScope(tx, p, id);
    const before = await loadFull(tx, id);
    assertEditable(p, before);
    const refs = await countRegionReferences(tx, id);
    if (refs > 0) throw conflict('error.regionInUse', { count: refs });
    await tx.delete(regions).where(eq(regions.id, id));
    await recordAudit(tx, actorOf(p), { action: 'region.delete', entityType: 'region', entityId: id, regionId: before.parentId, before: presentRegion(before) });
  });
}
