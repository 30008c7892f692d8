import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { venues } from '../db/schema/index.js';
import { notFound } from '../shared/errors.js';
import type { Principal } from '../shared/principal.js';
import { KINDS, type RegistryKind } from './kinds.js';
import { registryScope } from './registry.scope.js';

/** Whoever or whatever is inspected and owns hazards: a venue, household, enterprise, facility or vehicle. */
export type SubjectType = 'venue' | 'household' | 'enterprise' | 'facility' | 'vehicle';
export const SUBJECT_TYPES: readonly SubjectType[] = ['venue', 'household', 'enterprise', 'facility', 'vehicle'];

export interface Subject {
  type: SubjectType;
  id: string;
  name: string;
  kind: string;
  regionId: string;
  /** The enterprise responsible: the subject itself, the operator of a facility/vehicle, or null. */
  enterpriseId: string | null;
  venueId: string | null;
  /** The gas supplier of a venue or household (whose inspection duty Art. 9 concerns). */
  supplierId: string | null;
  attrs: Record<string, unknown>;
}

const KIND_OF: Record<SubjectType, RegistryKind> = { venue: 'venue', household: 'household', enterprise: 'enterprise', facility: 'facility', vehicle: 'vehicle' };

/** Load a subject the caller may see (scope of its registry kind), or 404. */
export async function loadSubject(tx: Executor, p: Principal | null, type: SubjectType, id: string): Promise<Subject> {
  const def = KINDS[KIND_OF[type]];
  const where = p ? and(eq((def.table as typeof venues).id, id), registryScope(p, def)) : eq((def.table as typeof venues).id, id);
  const [row] = (await tx.select().from(def.table).where(where)) as Record<string, unknown>[];
  if (!row) throw notFound(`registry.kind.${def.kind}`);
  return toSubject(type, row);
}

export function toSubject(type: SubjectType, row: Record<string, unknown>): Subject {
  const s = (k: string) => (row[k] as string | null | undefined) ?? null;
  switch (type) {
    case 'venue':
      return { type, id: s('id')!, name: s('name')!, kind: s('kind')!, regionId: s('regionId')!, enterpriseId: null, venueId: s('id'), supplierId: s('supplierId'), attrs: row };
    case 'household':
      return { type, id: s('id')!, name: s('address')!, kind: 'household', regionId: s('regionId')!, enterpriseId: null, venueId: null, supplierId: s('supplierId'), attrs: row };
    case 'enterprise':
      return { type, id: s('id')!, name: s('name')!, kind: s('kind')!, regionId: s('regionId')!, enterpriseId: s('id'), venueId: null, supplierId: null, attrs: row };
    case 'facility':
      return { type, id: s('id')!, name: s('name')!, kind: s('kind')!, regionId: s('regionId')!, enterpriseId: s('enterpriseId'), venueId: null, supplierId: null, attrs: row };
    case 'vehicle':
      return { type, id: s('id')!, name: s('plateNumber')!, kind: s('kind')!, regionId: s('regionId')!, enterpriseId: s('enterpriseId'), venueId: null, supplierId: null, attrs: row };
  }
}

