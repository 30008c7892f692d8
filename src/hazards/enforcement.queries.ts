/**
 * Read-only views of enforcement, notices and supply suspension, for the pages that show them
 * beside other records (hazard detail and lists, registry records). Depends on the schema only,
 * so the hazard and registry services can use it without import cycles.
 */
import { and, asc, desc, eq, inArray, isNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { accounts, enforcementActions, notices, supplySuspensions } from '../db/schema/index.js';
import { ENFORCEMENT_LABELS, promptRestoreSupply, type EnforcementKind, type SupplyKind } from './enforcement.rules.js';

/** `EXISTS` an active suspension for the subject in these columns (for list queries). */
export function supplySuspendedSql(subjectType: AnyColumn, subjectId: AnyColumn): SQL<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM ${supplySuspensions} WHERE ${supplySuspensions.subjectType} = ${subjectType} AND ${supplySuspensions.subjectId} = ${subjectId} AND ${supplySuspensions.restoredAt} IS NULL)`;
}

/** The ids among `ids` (subjects of one type) whose gas supply is suspended now. */
export async function suspendedSubjects(db: Executor, subjectType: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: supplySuspensions.subjectId })
    .from(supplySuspensions)
    .where(and(eq(supplySuspensions.subjectType, subjectType), inArray(supplySuspensions.subjectId, ids), isNull(supplySuspensions.restoredAt)));
  return new Set(rows.map((r) => r.id));
}

export async function activeSuspension(db: Executor, subjectType: string, subjectId: string) {
  const [row] = await db
    .select()
    .from(supplySuspensions)
    .where(and(eq(supplySuspensions.subjectType, subjectType), eq(supplySuspensions.subjectId, subjectId), isNull(supplySuspensions.restoredAt)));
  return row ?? null;
}

/**
 * The subject's supply state as a hazard shows it: suspended or not, and whether closing this
 * hazard calls for restoring supply (R4.5).
 */
export async function supplyFlags(db: Executor, h: { id: string; state: string; subjectType: string; subjectId: string }) {
  const active = await activeSuspension(db, h.subjectType, h.subjectId);
  return { supplySuspended: active !== null, promptRestoreSupply: promptRestoreSupply(h.state, h.id, active?.hazardId ?? null) };
}

export type EnforcementRow = typeof enforcementActions.$inferSelect;

export function presentEnforcement(e: EnforcementRow & { recordedByName?: string | null }) {
  return {
    ...e,
    kindLabel: ENFORCEMENT_LABELS[e.kind as EnforcementKind | SupplyKind] ?? { zh: e.kind, en: e.kind },
    files: e.files.map((id) => ({ id, url: `/api/v1/files/${id}` })),
  };
}

/** Enforcement steps of one hazard, oldest first, with the recording account's name. */
export async function enforcementOfHazard(db: Executor, hazardId: string) {
  const rows = await db
    .select({ e: enforcementActions, recordedByName: accounts.displayName })
    .from(enforcementActions)
    .leftJoin(accounts, eq(accounts.id, enforcementActions.recordedBy))
    .where(eq(enforcementActions.hazardId, hazardId))
    .orderBy(asc(enforcementActions.recordedAt), asc(enforcementActions.id));
  return rows.map((r) => presentEnforcement({ ...r.e, recordedByName: r.recordedByName }));
}

/** Notices listing one hazard, newest first (summary; the notice itself is scoped on its own). */
export async function noticesOfHazard(db: Executor, hazardId: string) {
  const rows = await db
    .select({ id: notices.id, number: notices.number, kind: notices.kind, issuerName: notices.issuerName, issuedOn: notices.issuedOn })
    .from(notices)
    .where(sql`${hazardId}::uuid = ANY(${notices.hazardIds})`)
    .orderBy(desc(notices.issuedAt));
  return rows.map((n) => ({ ...n, pdfUrl: `/api/v1/notices/${n.id}.pdf` }));
}

/** Everything the hazard detail shows beside the hazard itself (R4.4, R4.5). */
export async function hazardFollowUps(db: Executor, h: { id: string; state: string; subjectType: string; subjectId: string }) {
  const [flags, enforcement, noticeList] = await Promise.all([supplyFlags(db, h), enforcementOfHazard(db, h.id), noticesOfHazard(db, h.id)]);
  return { ...flags, enforcement, notices: noticeList };
}

/**
 * For registry pages (R4.5): `supplySuspended` of venues and households, nothing for other kinds.
 * One query for a page of records; returns a lookup to spread into each presented record.
 */
export async function supplyStateOf(db: Executor, kind: string, ids: string[]): Promise<(id: string) => { supplySuspended?: boolean }> {
  if (kind !== 'venue' && kind !== 'household') return () => ({});
  const suspended = await suspendedSubjects(db, kind, ids);
  return (id) => ({ supplySuspended: suspended.has(id) });
}
