import type { HazardCategory, TaskKind } from './taxonomy.js';

/** A matrix row as the routing rule needs it. */
export interface MatrixRule {
  category: HazardCategory | '*';
  taskKind: TaskKind | '*';
  leadKey: string;
  cooperatingKeys: string[];
}

/**
 * Pick the rule for a hazard (R1.3). The most specific row wins: exact category and task kind,
 * then the category for any task, then the task kind for any category, then the catch-all.
 */
export function resolveRule<R extends MatrixRule>(rules: readonly R[], category: HazardCategory, taskKind: TaskKind): R | null {
  const order: [string, string][] = [
    [category, taskKind],
    [category, '*'],
    ['*', taskKind],
    ['*', '*'],
  ];
  for (const [c, k] of order) {
    const hit = rules.find((r) => r.category === c && r.taskKind === k);
    if (hit) return hit;
  }
  return null;
}

/** Region ids from the region itself up to the root, read from its materialised path. */
export function selfAndAncestors(path: string): string[] {
  return path.split('/').filter(Boolean).reverse();
}
