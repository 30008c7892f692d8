/**
 * The checklist library (R3.1): every item as data, the version records keep (R3.1 "versioned"),
 * and the selection of items for one subject.
 */
import type { AppliesTo, ChecklistItemDef, SubjectType } from '../checklist.types.js';
import { DELIVERY_ITEMS } from './cylinder-delivery.js';
import { AGENCY_ITEMS, ENTERPRISE_ITEMS, FILLING_ITEMS, PIPELINE_ITEMS, TRANSPORT_ITEMS } from './enterprise.js';
import { HOUSEHOLD_ITEMS } from './household.js';
import { MHS_ITEMS } from './major-hazard-standard.js';
import { RESTAURANT_ITEMS } from './restaurant.js';

export { DELIVERY_ITEMS } from './cylinder-delivery.js';
export { AGENCY_ITEMS, ENTERPRISE_ITEMS, FILLING_ITEMS, PIPELINE_ITEMS, TRANSPORT_ITEMS } from './enterprise.js';
export { HOUSEHOLD_ITEMS } from './household.js';
export { MHS_ITEMS } from './major-hazard-standard.js';
export { RESTAURANT_ITEMS } from './restaurant.js';
export { DEFAULT_LIMITS, withLimits, type LimitKey, type LimitOverrides } from './limits.js';

/** Bump on any change of wording, limits or items; inspection records store it (R3.1). */
export const LIBRARY_VERSION = '2026.1';

export const CHECKLIST_LIBRARY: ChecklistItemDef[] = [
  ...RESTAURANT_ITEMS,
  ...HOUSEHOLD_ITEMS,
  ...ENTERPRISE_ITEMS,
  ...FILLING_ITEMS,
  ...PIPELINE_ITEMS,
  ...TRANSPORT_ITEMS,
  ...AGENCY_ITEMS,
  ...MHS_ITEMS,
  ...DELIVERY_ITEMS,
];

/** The subject an inspection is about: its type, registry kind and registry attributes. */
export interface ChecklistSubject {
  type: SubjectType;
  /** Registry kind (venue kind, enterprise kind, …); households have none — pass ''. */
  kind: string;
  /** Registry attributes used by `where`, e.g. { gasSource: 'bottled_lpg', highRise100m: false }. */
  attrs?: Record<string, unknown>;
}

/**
 * Does one `where` condition hold? An attribute the registry does not know (undefined or null) does
 * NOT exclude the item: the inspector sees it and answers 不适用 if it does not apply — missing an
 * item is worse than one extra question. An array attribute matches when any element matches.
 */
function whereHolds(where: AppliesTo['where'], attrs: Record<string, unknown>): boolean {
  if (!where) return true;
  for (const [key, allowed] of Object.entries(where)) {
    const value = attrs[key];
    if (value === undefined || value === null) continue;
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (!values.some((v) => (allowed as unknown[]).includes(v))) return false;
  }
  return true;
}

/** Does one applies-to entry select this subject? */
export function appliesToSubject(entry: AppliesTo, subject: ChecklistSubject): boolean {
  if (entry.subject !== subject.type) return false;
  if (entry.kinds && !entry.kinds.includes(subject.kind)) return false;
  return whereHolds(entry.where, subject.attrs ?? {});
}

/** The items that apply to `subject` (any of an item's applies-to entries selecting it), in library order. */
export function itemsFor(subject: ChecklistSubject, items: readonly ChecklistItemDef[] = CHECKLIST_LIBRARY): ChecklistItemDef[] {
  return items.filter((item) => item.appliesTo.some((entry) => appliesToSubject(entry, subject)));
}

/** One item by code, or undefined. */
export function findItem(code: string, items: readonly ChecklistItemDef[] = CHECKLIST_LIBRARY): ChecklistItemDef | undefined {
  return items.find((i) => i.code === code);
}
