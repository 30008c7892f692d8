import type { Locale } from './i18n.js';
import type { Role, StaffKind } from '../accounts/roles.js';

/** Who is calling: an account with a session, or a machine client with an API token. */
export interface Principal {
  kind: 'account' | 'token';
  id: string;
  label: string;
  /** Machine tokens act with a fixed role-like kind and no capabilities beyond their endpoints. */
  role: Role | 'machine';
  staffKind: StaffKind | null;
  tokenKind: string | null;
  regionId: string;
  /** Materialised path of the home region: every record in scope lies at or below it. */
  regionPath: string;
  departmentId: string | null;
  enterpriseId: string | null;
  venueId: string | null;
  locale: Locale;
  sessionId: string | null;
  ip: string | null;
}
