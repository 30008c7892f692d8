import type { Role } from '../accounts/roles.js';
import type { Subject } from '../registry/subjects.js';

/** Who inspects: officials (排查), the subject itself (自查, R3.8), or its gas company (入户安检). */
export type InspectionKind = 'official' | 'self' | 'company';

const OFFICIALS: readonly Role[] = ['platform_admin', 'task_force', 'dept_officer', 'town_officer', 'grid_worker'];

/** The kind of inspection this caller makes of this subject, or null when it may not inspect it. */
export function inspectionKind(
  caller: { role: Role | 'machine'; enterpriseId: string | null; venueId: string | null },
  subject: Subject,
): InspectionKind | null {
  if (caller.role === 'machine') return null;
  if (OFFICIALS.includes(caller.role)) return 'official';
  if (caller.role === 'venue_user') return caller.venueId !== null && subject.venueId === caller.venueId ? 'self' : null;
  if (caller.role === 'enterprise_admin' || caller.role === 'enterprise_staff') {
    if (caller.enterpriseId === null) return null;
    if (subject.type === 'enterprise' || subject.type === 'facility' || subject.type === 'vehicle') return subject.enterpriseId === caller.enterpriseId ? 'self' : null;
    // A gas company inspects the users it supplies (periodic household inspection, R3.4).
    return subject.supplierId === caller.enterpriseId ? 'company' : null;
  }
  return null;
}

/** Officials' and companies' records need the subject's representative's signature; self-checks the signer's only. */
export function needsRepresentativeSignature(kind: InspectionKind): boolean {
  return kind !== 'self';
}
