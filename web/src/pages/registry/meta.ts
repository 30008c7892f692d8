/**
 * The registry's kinds as the server describes them (GET /api/v1/registry/meta), loaded once per
 * page load, and the small helpers every registry page shares: which field names a record, how a
 * value is shown, which roles may reveal personal data.
 */
import type { Role } from '../../../../src/accounts/roles.js';
import type { licenceWatch } from '../../../../src/registry/licence-watch.js';
import type { presentJob } from '../../../../src/registry/import-jobs.js';
import type { FieldDef, Label } from '../../../../src/registry/fields.js';
import type { RefDef, RegistryKind } from '../../../../src/registry/kinds.js';
import type { LicenceState } from '../../../../src/registry/registry.rules.js';
import { api, withQuery } from '../../api.js';
import type { Json, Me } from '../../types.js';

export type { FieldDef, Label, RefDef, RegistryKind };

/** One kind of the meta answer (registry.routes.ts, GET /api/v1/registry/meta). */
export interface KindMeta {
  kind: RegistryKind;
  label: Label;
  fields: FieldDef[];
  refs: RefDef[];
  naturalKey: string[];
  writers: Role[];
  public: boolean;
}

export interface RegistryMeta {
  kinds: KindMeta[];
}

/** A record as lists and details show it (registry.service.ts presentRecord): personal data masked. */
export interface RegistryRecord {
  id: string;
  regionId: string;
  regionName: string | null;
  regionCode: string | null;
  createdAt: string;
  updatedAt: string;
  /** Licences: today's state. */
  validity?: LicenceState;
  /** Facilities: an ageing pipeline. */
  ageing?: boolean;
  /** Venues and households: the supplier suspended supply (R4.5). */
  supplySuspended?: boolean;
  [key: string]: unknown;
}

export interface RecordPage {
  items: RegistryRecord[];
  total: number;
  /** More than `total` (10,000) records match; the count stopped there. */
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

export interface HistoryEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

export interface RecordDetail {
  record: RegistryRecord;
  history: HistoryEntry[];
}

export type ImportJob = Json<ReturnType<typeof presentJob>>;
export type LicenceWatch = Json<Awaited<ReturnType<typeof licenceWatch>>>;
export type WatchItem = LicenceWatch['items'][number];

/** The order of the tabs, as the catalogue lists them (R2.1–R2.8). */
export const KIND_ORDER: readonly RegistryKind[] = ['enterprise', 'licence', 'venue', 'household', 'facility', 'person', 'vehicle', 'unqualified_product', 'blacklist'];

let metaPromise: Promise<RegistryMeta> | null = null;

/** The meta, fetched once (it is the same for every account); a failure is retried next time. */
export function loadRegistryMeta(): Promise<RegistryMeta> {
  metaPromise ??= api.get<RegistryMeta>('/api/v1/registry/meta').catch((e: unknown) => {
    metaPromise = null;
    throw e;
  });
  return metaPromise;
}

/** Kinds an account works with: a venue account sees its venue and the public lists only. */
export function kindsFor(meta: RegistryMeta, me: Me): KindMeta[] {
  const all = KIND_ORDER.flatMap((k) => meta.kinds.filter((x) => x.kind === k));
  if (me.role === 'venue_user') return all.filter((k) => k.kind === 'venue' || k.public);
  return all;
}

export function isWriter(kind: KindMeta, me: Me): boolean {
  return kind.writers.includes(me.role);
}

/**
 * Roles the server lets reveal a personal value (registry.service.ts REVEAL_ROLES; not in the
 * meta yet). Others do not get the button; a 403 is still answered politely.
 */
const REVEAL_ROLES: readonly Role[] = ['platform_admin', 'task_force', 'dept_officer', 'town_officer', 'enterprise_admin'];
export function canReveal(me: Me): boolean {
  return REVEAL_ROLES.includes(me.role);
}

const TITLE_KEYS = ['name', 'personName', 'number', 'plateNumber', 'address', 'code'];

/** The field that names a record of the kind (a venue's name, a licence's number…). */
export function titleField(kind: KindMeta): FieldDef {
  for (const key of TITLE_KEYS) {
    const f = kind.fields.find((x) => x.key === key);
    if (f) return f;
  }
  return kind.fields[0]!;
}

export function titleOf(kind: KindMeta, r: RegistryRecord): string {
  const v = r[titleField(kind).key];
  return v === null || v === undefined ? '' : String(v);
}

/** `enterpriseId` → `enterpriseName`: where the server puts a reference's display name. */
export function refNameKey(ref: { key: string }): string {
  return `${ref.key.replace(/Id$/, '')}Name`;
}

/** Where a reference leads in the registry (regions are not registry records). */
export function refKind(ref: RefDef): RegistryKind | null {
  return ref.target === 'enterprise' ? 'enterprise' : ref.target === 'person' ? 'person' : null;
}

/** The list query of a kind as it travels in the page's address and to the server. */
export interface ListState {
  q?: string;
  page: number;
  pageSize: number;
  sort?: string;
  order?: 'asc' | 'desc';
  /** Enum and boolean filters by field key ('true'/'false' for booleans), plus `validity` for licences. */
  filters: Record<string, string>;
}

/** Query parameters for the list and the export: the header's region is the subtree filter. */
export function listQuery(state: ListState, regionId: string, opts: { paging?: boolean } = {}): Record<string, string | number | undefined> {
  return {
    regionId,
    q: state.q,
    ...state.filters,
    ...(opts.paging === false ? {} : { page: state.page, pageSize: state.pageSize, sort: state.sort, order: state.order }),
  };
}

export function exportUrl(kind: RegistryKind, state: ListState, regionId: string): string {
  return withQuery(`/api/v1/registry/${kind}/export.xlsx`, listQuery(state, regionId, { paging: false }));
}

export const templateUrl = (kind: RegistryKind) => `/api/v1/registry/${kind}/template.xlsx`;
