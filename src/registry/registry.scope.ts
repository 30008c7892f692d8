import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Principal } from '../shared/principal.js';
import { inRegionScope } from '../shared/scope.js';
import type { KindDef } from './kinds.js';

/** The column of a kind's table by field key. */
export function col(def: KindDef, key: string): AnyPgColumn {
  const c = (getTableColumns(def.table) as Record<string, AnyPgColumn>)[key];
  if (!c) throw new Error(`${def.kind} has no column ${key}`);
  return c;
}

/**
 * What of a kind the caller may see (R1.4): its region subtree; enterprise accounts only their
 * enterprise's records; venue accounts only their venue. Public lists are region-scoped only.
 */
export function registryScope(p: Principal, def: KindDef): SQL {
  const parts: SQL[] = [inRegionScope(p, col(def, 'regionId'))];
  if (!def.public) {
    if (p.enterpriseId) {
      parts.push(def.enterpriseColumn ? eq(col(def, def.enterpriseColumn), p.enterpriseId) : sql`false`);
    }
    if (p.venueId) parts.push(def.venueSelf ? eq(col(def, 'id'), p.venueId) : sql`false`);
  }
  return and(...parts)!;
}
