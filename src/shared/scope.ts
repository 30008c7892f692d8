import { and, eq, like, sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { regions } from '../db/schema/index.js';
import { AppError, notFound } from './errors.js';
import type { Principal } from './principal.js';

/**
 * The one place that decides what a caller may see (R1.4). Every repository query that reads or
 * writes scoped data takes its condition from here, so no route can scope in its own way.
 */

/** `column` holds a region id inside the caller's subtree. */
export function inRegionScope(p: Principal, regionIdColumn: AnyColumn): SQL {
  return sql`${regionIdColumn} IN (SELECT ${regions.id} FROM ${regions} WHERE ${regions.path} LIKE ${p.regionPath + '%'})`;
}

/** Scope for records that belong to a region and maybe an enterprise or a venue. */
export function recordScope(
  p: Principal,
  cols: { regionId: AnyColumn; enterpriseId?: AnyColumn; venueId?: AnyColumn; id?: AnyColumn },
  self?: 'enterprise' | 'venue',
): SQL {
  const parts: SQL[] = [inRegionScope(p, cols.regionId)];
  if (p.enterpriseId) {
    const col = self === 'enterprise' ? cols.id : cols.enterpriseId;
    parts.push(col ? eq(col, p.enterpriseId) : sql`false`);
  }
  if (p.venueId) {
    const col = self === 'venue' ? cols.id : cols.venueId;
    parts.push(col ? eq(col, p.venueId) : sql`false`);
  }
  return and(...parts)!;
}

export function pathInScope(p: Principal, path: string): boolean {
  return path.startsWith(p.regionPath);
}

export interface RegionRef {
  id: string;
  path: string;
  level: string;
  status: string;
  name: string;
  code: string;
}

/** Load a region the caller may see, or throw 404 as if it did not exist. */
export async function loadRegionInScope(tx: Executor, p: Principal, regionId: string): Promise<RegionRef> {
  const [r] = await tx
    .select({ id: regions.id, path: regions.path, level: regions.level, status: regions.status, name: regions.name, code: regions.code })
    .from(regions)
    .where(and(eq(regions.id, regionId), like(regions.path, `${p.regionPath}%`)));
  if (!r) throw notFound('entity.region');
  return r;
}

/** Enterprise and venue accounts never act on behalf of another enterprise or venue. */
export function assertOwnOrganisation(p: Principal, target: { enterpriseId?: string | null; venueId?: string | null }): void {
  if (p.enterpriseId && target.enterpriseId !== p.enterpriseId) throw new AppError('NOT_FOUND', 'error.notFound', { entityKey: 'entity.enterprise' });
  if (p.venueId && target.venueId !== p.venueId) throw new AppError('NOT_FOUND', 'error.notFound', { entityKey: 'entity.venue' });
}

/**
 * Load a region the caller may read reference data of: inside its subtree, or one of its
 * ancestors (a town officer reads the district's departments and matrix, but may not edit them).
 */
export async function loadRegionVisible(tx: Executor, p: Principal, regionId: string): Promise<RegionRef> {
  const [r] = await tx
    .select({ id: regions.id, path: regions.path, level: regions.level, status: regions.status, name: regions.name, code: regions.code })
    .from(regions)
    .where(eq(regions.id, regionId));
  if (!r || !(r.path.startsWith(p.regionPath) || p.regionPath.startsWith(r.path))) throw notFound('entity.region');
  return r;
}
