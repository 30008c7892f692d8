/**
 * Inspection drafts kept on the device (IndexedDB), so a form in progress survives a reload, a
 * closed tab or a lost connection. A draft is keyed by its clientUuid, which is also the
 * idempotency key the server uses: sending the same draft twice stores one record.
 *
 * Life of a draft: 草稿 `draft` (being filled in) → 待同步 `queued` (the user pressed 提交; the
 * outbox sends it when there is a connection) → 已提交 `submitted` (the server stored it; the
 * photos are dropped from the device, a short summary stays a few days). A draft the server
 * refused (a validation error) goes to `failed` and is editable again.
 */
import type { InspectionKind } from '../../../src/inspections/inspections.rules.js';
import type { SubjectType } from '../../../src/registry/subjects.js';
import type { FormItem } from '../pages/inspections/types.js';
import { BLOBS, DRAFTS, idbAll, idbDelete, idbDeleteBlobsOf, idbGet, idbPut } from './idb.js';

export type DraftStatus = 'draft' | 'queued' | 'submitted' | 'failed';
export type ItemResult = 'pass' | 'fail' | 'na';

/** A photo of an answer: the blob stays on the device (BLOBS store) until the record is stored. */
export interface DraftPhoto {
  id: string;
  /** Set once uploaded (POST /api/v1/files). */
  fileId?: string;
  type: string;
  size: number;
}

export interface DraftSignature {
  /** PNG as a data URL, exactly as drawn. */
  dataUrl: string;
  fileId?: string;
}

export interface DraftAnswer {
  /** Plain items: the chosen result. Measured items: only 'na' (not applicable); the value decides otherwise. */
  result?: ItemResult;
  value?: number | null;
  /** The measured item's yes/no question (unlessFlag), when it has one. */
  flag?: boolean;
  note?: string;
  photos: DraftPhoto[];
}

export interface DraftSubject {
  type: SubjectType;
  id: string;
  name: string;
  kind: string;
  regionId: string;
  address?: string | null;
}

export interface DraftResult {
  inspectionId: string;
  code: string;
  findings: number;
  hazards: { id: string; code: string; severity: string; itemCode: string | null }[];
  duplicate: boolean;
}

export interface DraftGps {
  lat: number;
  lng: number;
  accuracy: number;
  at: string;
}

export interface Draft {
  clientUuid: string;
  accountId: string;
  status: DraftStatus;
  createdAt: string;
  updatedAt: string;
  startedAt: string;
  subject: DraftSubject;
  kind: InspectionKind;
  libraryVersion: string;
  /** The form as the server gave it when the draft started (so it opens offline). */
  items: FormItem[];
  answers: Record<string, DraftAnswer>;
  notes: string;
  representativeName: string;
  writtenNoticeIssued: boolean;
  gps: DraftGps | null;
  inspectorSignature: DraftSignature | null;
  representativeSignature: DraftSignature | null;
  correctsId?: string;
  correctsCode?: string;
  attempts: number;
  /**
   * The record was sent at least once without a clear answer (the connection broke): the server
   * may hold it already, so the draft can no longer be changed, only sent again (same clientUuid).
   */
  posted?: boolean;
  nextAttemptAt?: number;
  /** Why the last attempt did not get through: the server's message, or NETWORK / UNAUTHENTICATED. */
  lastError?: string;
  lastErrorCode?: string;
  result?: DraftResult;
  submittedAt?: string;
}

interface StoredBlob {
  id: string;
  clientUuid: string;
  blob: Blob;
}

/** A v4 UUID; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const CHANGED = 'gg-drafts-changed';

/** Tell the pages (this tab) that drafts changed. */
export function notifyDrafts(): void {
  window.dispatchEvent(new Event(CHANGED));
}

export function onDraftsChanged(fn: () => void): () => void {
  window.addEventListener(CHANGED, fn);
  return () => window.removeEventListener(CHANGED, fn);
}

export async function getDraft(clientUuid: string): Promise<Draft | undefined> {
  return idbGet<Draft>(DRAFTS, clientUuid);
}

/** The account's drafts, newest first. */
export async function listDrafts(accountId: string): Promise<Draft[]> {
  const all = await idbAll<Draft>(DRAFTS);
  return all.filter((d) => d.accountId === accountId).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export async function saveDraft(d: Draft): Promise<Draft> {
  const next = { ...d, updatedAt: new Date().toISOString() };
  await idbPut(DRAFTS, next);
  notifyDrafts();
  return next;
}

/** Read, change and write one draft (the outbox's updates). */
export async function updateDraft(clientUuid: string, change: (d: Draft) => Draft): Promise<Draft | undefined> {
  const cur = await getDraft(clientUuid);
  if (!cur) return undefined;
  return saveDraft(change(cur));
}

export async function deleteDraft(clientUuid: string): Promise<void> {
  await idbDeleteBlobsOf(clientUuid);
  await idbDelete(DRAFTS, clientUuid);
  notifyDrafts();
}

export async function putPhotoBlob(id: string, clientUuid: string, blob: Blob): Promise<void> {
  await idbPut<StoredBlob>(BLOBS, { id, clientUuid, blob });
}

export async function getPhotoBlob(id: string): Promise<Blob | undefined> {
  return (await idbGet<StoredBlob>(BLOBS, id))?.blob;
}

export async function deletePhotoBlob(id: string): Promise<void> {
  await idbDelete(BLOBS, id);
}

export async function deleteBlobsOf(clientUuid: string): Promise<void> {
  await idbDeleteBlobsOf(clientUuid);
}

const KEEP_SUBMITTED_MS = 7 * 24 * 3600 * 1000;

/** Forget submitted drafts after a week (the record is on the server). */
export async function pruneSubmitted(accountId: string): Promise<void> {
  const now = Date.now();
  for (const d of await listDrafts(accountId)) {
    if (d.status === 'submitted' && now - Date.parse(d.submittedAt ?? d.updatedAt) > KEEP_SUBMITTED_MS) await deleteDraft(d.clientUuid);
  }
}

/** Answers given / items on the form. */
export function progressOf(d: Pick<Draft, 'items' | 'answers'>): { answered: number; total: number; failed: number } {
  let answered = 0;
  let failed = 0;
  for (const item of d.items) {
    const v = verdictOfAnswer(item, d.answers[item.id]);
    if (v) answered++;
    if (v === 'fail') failed++;
  }
  return { answered, total: d.items.length, failed };
}

/**
 * The result an answer stands for, judged on the page with the server's rule (checklist.rules.ts
 * `violates` / `judgeAnswer`): a measured value fails when it breaks the limit, unless the item's
 * yes/no question excuses it. Undefined while unanswered.
 */
export function verdictOfAnswer(item: FormItem, a: DraftAnswer | undefined): ItemResult | undefined {
  if (!a) return undefined;
  if (a.result === 'na') return 'na';
  const rule = item.measured;
  if (!rule) return a.result;
  if (a.value === undefined || a.value === null || !Number.isFinite(a.value)) return undefined;
  const broken = violates(rule, a.value);
  if (broken && rule.unlessFlag && a.flag === true) return 'pass';
  return broken ? 'fail' : 'pass';
}

export interface MeasuredRuleLike {
  failWhen: '>' | '>=' | '<' | '<=' | 'outside';
  limit: number;
  upper?: number | undefined;
}

/** Same as the server's `violates` (src/checklists/checklist.rules.ts). */
export function violates(rule: MeasuredRuleLike, value: number): boolean {
  switch (rule.failWhen) {
    case '>':
      return value > rule.limit;
    case '>=':
      return value >= rule.limit;
    case '<':
      return value < rule.limit;
    case '<=':
      return value <= rule.limit;
    case 'outside':
      return value < rule.limit || value > (rule.upper ?? Number.POSITIVE_INFINITY);
  }
}
