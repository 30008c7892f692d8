import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { departments, regions } from '../db/schema/index.js';
import { conflict, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope, loadRegionVisible } from '../shared/scope.js';
import { selfAndAncestors } from './matrix.rules.js';

export type DepartmentRow = typeof departments.$inferSelect;

export const presentDepartment = (d: DepartmentRow) => ({
  id: d.id,
  regionId: d.regionId,
  key: d.key,
  name: d.name,
  isGasAuthority: d.isGasAuthority,
  status: d.status,
});

/** Departments of a region; with `inherited`, also those of its ancestors (nearest first). */
export async function listDepartments(db: Executor, p: Principal, regionId: string, inherited: boolean) {
  const region = await loadRegionVisible(db, p, regionId);
  const ids = inherited ? selfAndAncestors(region.path) : [region.id];
  const rows = await db
    .select({ d: departments, regionName: regions.name, depth: regions.depth })
    .from(departments)
    .innerJoin(regions, eq(regions.id, departments.regionId))
    .where(and(inArray(departments.regionId, ids), eq(departments.status, 'active')))
    .orderBy(sql`${regions.depth} DESC`, asc(departments.key));
  return rows.map((r) => ({ ...presentDepartment(r.d), regionName: r.regionName }));
}

async function loadDepartment(tx: Executor, p: Principal, id: string): Promise<DepartmentRow> {
  const [d] = await tx.select().from(departments).where(eq(departments.id, id));
  if (!d) throw notFound('entity.department');
  await loadRegionInScope(tx, p, d.regionId);
  return d;
}

async function assertKeyFree(tx: Executor, regionId: string, key: string, exceptId?: string) {
  const [dup] = await tx
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.regionId, regionId), eq(departments.key, key), eq(departments.status, 'active'), exceptId ? sql`${departments.id} <> ${exceptId}` : undefined));
  if (dup) throw conflict('department.key.duplicate', { key }, 'key');
}

/** Only one gas authority per region: setting it clears the flag on the others. */
async function clearGasAuthority(tx: Executor, regionId: string, exceptId: string) {
  await tx
    .update(departments)
    .set({ isGasAuthority: false })
    .where(and(eq(departments.regionId, regionId), sql`${departments.id} <> ${exceptId}`));
}

export async function createDepartment(db: Db, p: Principal, input: { regionId: string; key: string; name: string; isGasAuthority?: boolean | undefined }) {
  return db.transaction(async (tx) => {
    await loadRegionInScope(tx, p, input.regionId);
    await assertKeyFree(tx, input.regionId, input.key);
    const [row] = await tx.insert(departments).values({ ...input, isGasAuthority: input.isGasAuthority ?? false }).returning();
    if (row!.isGasAuthority) await clearGasAuthority(tx, row!.regionId, row!.id);
    await recordAudit(tx, actorOf(p), { action: 'department.create', entityType: 'department', entityId: row!.id, regionId: row!.regionId, after: presentDepartment(row!) });
    return presentDepartment(row!);
  });
}

export async function updateDepartment(
  db: Db,
  p: Principal,
  id: string,
  input: { key?: string | undefined; name?: string | undefined; isGasAuthority?: boolean | undefined; status?: 'active' | 'retired' | undefined },
) {
  return db.transaction(async (tx) => {
    const before = await loadDepartment(tx, p, id);
    // The key must be free among active departments when it changes or when a retired one is restored.
    const key = input.key ?? before.key;
    const status = input.status ?? before.status;
    if (status === 'active' && (key !== before.key || before.status !== 'active')) await assertKeyFree(tx, before.regionId, key, id);
    const [after] = await tx
      .update(departments)
      .set({
        key: input.key ?? before.key,
        name: input.name ?? before.name,
        isGasAuthority: input.isGasAuthority ?? before.isGasAuthority,
        status: input.status ?? before.status,
        updatedAt: new Date(),
      })
      .where(eq(departments.id, id))
      .returning();
    if (after!.isGasAuthority) await clearGasAuthority(tx, after!.regionId, after!.id);
    await recordAudit(tx, actorOf(p), { action: 'department.update', entityType: 'department', entityId: id, regionId: before.regionId, before: presentDepartment(before), after: presentDepartment(after!) });
    return presentDepartment(after!);
  });
}
