import type { DepartmentKey, HazardCategory, TaskKind } from '../taxonomy.js';
import type { PresetRule } from './types.js';

/** The four product categories the seeds always name together: 问题瓶、问题阀、问题软管、问题灶. */
export const PRODUCT_CATEGORIES = [
  'problem_cylinder',
  'problem_valve',
  'problem_hose',
  'problem_stove',
] as const satisfies readonly HazardCategory[];

/**
 * One rule per category, all with the same task kind, lead, cooperating departments and basis.
 * Used where one seed task covers several categories at once (e.g. 问题瓶/问题阀/问题软管/问题灶).
 */
export function rulesFor(
  categories: readonly HazardCategory[],
  taskKind: TaskKind,
  lead: DepartmentKey,
  cooperating: DepartmentKey[],
  basis: string,
): PresetRule[] {
  return categories.map((category) => ({ category, taskKind, lead, cooperating: [...cooperating], basis }));
}
