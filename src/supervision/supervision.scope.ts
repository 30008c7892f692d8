import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { supervisionRecords, supervisionTasks } from '../db/schema/index.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope } from '../shared/scope.js';
import type { SupervisionActor } from './supervision.rules.js';

export const supervisionActor = (p: Principal): SupervisionActor => ({ accountId: p.id, role: p.role, departmentId: p.departmentId, regionPath: p.regionPath });

/**
 * Tasks the caller may see: a task force (and platform admin) those issued in or addressed to its
 * subtree; a department officer those addressed to or issued by its department; a town officer
 * those addressed to a town of its subtree. Nobody else sees tasks.
 */
export function taskScope(p: Principal): SQL {
  if (p.kind !== 'account') return sql`false`;
  switch (p.role) {
    case 'platform_admin':
    case 'task_force':
      return or(inRegionScope(p, supervisionTasks.issuerRegionId), inRegionScope(p, supervisionTasks.targetRegionId))!;
    case 'dept_officer':
      return p.departmentId ? or(eq(supervisionTasks.targetDepartmentId, p.departmentId), eq(supervisionTasks.issuerDepartmentId, p.departmentId))! : sql`false`;
    case 'town_officer':
      return and(eq(supervisionTasks.targetType, 'town'), inRegionScope(p, supervisionTasks.targetRegionId))!;
    default:
      return sql`false`;
  }
}

/**
 * Warning letters and interviews the caller may see: a task force those of units in its subtree;
 * a department officer those against its department or recorded by it; a town officer those of
 * units in its subtree (its town, enterprises there); an enterprise admin those against its
 * enterprise.
 */
export function recordScope(p: Principal): SQL {
  if (p.kind !== 'account') return sql`false`;
  switch (p.role) {
    case 'platform_admin':
    case 'task_force':
    case 'town_officer':
      return inRegionScope(p, supervisionRecords.regionId);
    case 'dept_officer':
      return p.departmentId
        ? or(and(eq(supervisionRecords.unitType, 'department'), eq(supervisionRecords.unitId, p.departmentId)), eq(supervisionRecords.recorderDepartmentId, p.departmentId))!
        : sql`false`;
    case 'enterprise_admin':
      return p.enterpriseId ? and(eq(supervisionRecords.unitType, 'enterprise'), eq(supervisionRecords.unitId, p.enterpriseId))! : sql`false`;
    default:
      return sql`false`;
  }
}
