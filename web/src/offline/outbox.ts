/**
 * The outbox: inspection drafts the user submitted (status `queued`) are sent when there is a
 * connection. Sending one draft: upload the photos and signatures not yet on the server (each
 * file id is written back to the draft at once, so a retry does not send it again), then POST the
 * inspection with the draft's clientUuid, so a resend after a lost answer never stores it twice
 * (the server answers 200 duplicate). A connection or server failure keeps the draft queued and
 * tries again with back-off (5 s, 10 s, 20 s … 5 min) and at once when the browser goes online; a
 * refusal (validation) sends the draft back to the user as `failed`.
 */
import { ApiError } from '../api.js';
import type { SubmitResponse } from '../pages/inspections/types.js';
import { deleteBlobsOf, getDraft, getPhotoBlob, listDrafts, pruneSubmitted, updateDraft, type Draft, type DraftSignature } from './drafts.js';
import { isOnline, onConnectionChange, probe, watchConnection } from './connection.js';
import { dataUrlToBlob, isTransient, rawRequest, uploadFile } from './upload.js';

export type SyncOutcome =
  | { state: 'submitted'; draft: Draft }
  | { state: 'queued'; draft: Draft }
  | { state: 'failed'; draft: Draft }
  | { state: 'skipped' };

const SUBMITTED_EVENT = 'gg-draft-submitted';
const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** The body of POST /api/v1/inspections for a draft whose files are all uploaded. */
export function buildSubmission(d: Draft) {
  const answers = d.items.map((item) => {
    const a = d.answers[item.id];
    const photos = (a?.photos ?? []).map((p) => p.fileId).filter((x): x is string => !!x);
    const note = a?.note?.trim();
    const base = { itemId: item.id, ...(photos.length ? { photos } : {}), ...(note ? { note } : {}) };
    if (!a || a.result === 'na') return { ...base, result: 'na' as const };
    if (item.measured) {
      const flagKey = item.measured.unlessFlag?.key;
      return { ...base, value: a.value ?? Number.NaN, ...(flagKey ? { flags: { [flagKey]: a.flag === true } } : {}) };
    }
    return { ...base, result: a.result };
  });
  const rep = d.kind !== 'self';
  return {
    clientUuid: d.clientUuid,
    subjectType: d.subject.type,
    subjectId: d.subject.id,
    startedAt: d.startedAt,
    ...(d.gps ? { lat: d.gps.lat, lng: d.gps.lng, gpsAccuracyM: Math.round(d.gps.accuracy * 10) / 10 } : {}),
    ...(d.notes.trim() ? { notes: d.notes.trim() } : {}),
    inspectorSignatures: d.inspectorSignature?.fileId ? [d.inspectorSignature.fileId] : [],
    ...(rep && d.representativeName.trim() ? { representativeName: d.representativeName.trim() } : {}),
    ...(rep && d.representativeSignature?.fileId ? { representativeSignature: d.representativeSignature.fileId } : {}),
    ...(d.kind === 'company' ? { writtenNoticeIssued: d.writtenNoticeIssued } : {}),
    ...(d.correctsId ? { correctsId: d.correctsId } : {}),
    answers,
  };
}

function backoffMs(attempts: number): number {
  const base = Math.min(300_000, 5_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

function describeError(e: unknown): { code: string; message: string } {
  if (e instanceof ApiError) {
    if (e.status === 0) return { code: 'NETWORK', message: '' };
    if (e.status === 401) return { code: 'UNAUTHENTICATED', message: e.message };
    const fields = e.fields.map((f) => f.message).filter(Boolean);
    return { code: e.code, message: fields.length ? `${e.message}：${fields.join('；')}` : e.message };
  }
  return { code: 'ERROR', message: e instanceof Error ? e.message : String(e) };
}

/** Run `fn` alone across this browser's tabs where the browser has Web Locks. */
async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: { request<R>(name: string, cb: () => Promise<R>): Promise<R> } }).locks;
  return locks ? locks.request('gg-inspection-outbox', fn) : fn();
}

const inflight = new Map<string, Promise<SyncOutcome>>();

/** Send one queued draft now (uploads first, then the record). Concurrent calls share one attempt. */
export function sendDraft(clientUuid: string): Promise<SyncOutcome> {
  const running = inflight.get(clientUuid);
  if (running) return running;
  const p = exclusive(() => send(clientUuid)).finally(() => inflight.delete(clientUuid));
  inflight.set(clientUuid, p);
  return p;
}

async function send(clientUuid: string): Promise<SyncOutcome> {
  let d = await getDraft(clientUuid);
  if (!d || d.status !== 'queued') return { state: 'skipped' };
  try {
    for (const item of d.items) {
      for (const photo of d.answers[item.id]?.photos ?? []) {
        if (photo.fileId) continue;
        const blob = await getPhotoBlob(photo.id);
        if (!blob) throw new ApiError(422, 'PHOTO_LOST', `${item.code}: photo missing on this device`);
        const fileId = await uploadFile(blob, 'photo', `${photo.id}.${EXT[blob.type] ?? 'jpg'}`);
        d = (await updateDraft(clientUuid, (x) => withPhotoFileId(x, item.id, photo.id, fileId))) ?? d;
      }
    }
    for (const which of ['inspectorSignature', 'representativeSignature'] as const) {
      const sig: DraftSignature | null = d[which];
      if (!sig || sig.fileId) continue;
      if (which === 'representativeSignature' && d.kind === 'self') continue;
      const fileId = await uploadFile(dataUrlToBlob(sig.dataUrl), 'signature', `${which}.png`);
      d = (await updateDraft(clientUuid, (x): Draft => (x[which]?.dataUrl === sig.dataUrl ? { ...x, [which]: { ...sig, fileId } } : x))) ?? d;
    }
    d = (await updateDraft(clientUuid, (x) => ({ ...x, posted: true }))) ?? d;
    const res = await rawRequest<SubmitResponse>('POST', '/api/v1/inspections', buildSubmission(d));
    const done = await updateDraft(clientUuid, (x) => ({
      ...x,
      status: 'submitted',
      submittedAt: new Date().toISOString(),
      result: {
        inspectionId: res.inspection.id,
        code: res.inspection.code,
        findings: res.inspection.findings,
        hazards: res.hazards.map((h) => ({ id: h.id, code: h.code, severity: h.severity, itemCode: h.itemCode })),
        duplicate: res.duplicate,
      },
      lastError: undefined,
      lastErrorCode: undefined,
      nextAttemptAt: undefined,
    }));
    // The record and its files are on the server now: free the device.
    await deleteBlobsOf(clientUuid);
    window.dispatchEvent(new CustomEvent(SUBMITTED_EVENT, { detail: done }));
    return { state: 'submitted', draft: done ?? d };
  } catch (e) {
    const err = describeError(e);
    if (isTransient(e)) {
      const next = await updateDraft(clientUuid, (x) => ({ ...x, attempts: x.attempts + 1, nextAttemptAt: Date.now() + backoffMs(x.attempts + 1), lastError: err.message, lastErrorCode: err.code }));
      return { state: 'queued', draft: next ?? d };
    }
    // A refusal is an answer: nothing was stored, the user may change the draft and send it again.
    const next = await updateDraft(clientUuid, (x) => ({ ...x, status: 'failed', posted: false, attempts: x.attempts + 1, nextAttemptAt: undefined, lastError: err.message, lastErrorCode: err.code }));
    return { state: 'failed', draft: next ?? d };
  }
}

function withPhotoFileId(d: Draft, itemId: string, photoId: string, fileId: string): Draft {
  const a = d.answers[itemId];
  if (!a) return d;
  return { ...d, answers: { ...d.answers, [itemId]: { ...a, photos: a.photos.map((p) => (p.id === photoId ? { ...p, fileId } : p)) } } };
}

// ── Background sending ───────────────────────────────────────────────────────────────────────

let account: string | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let flushing: Promise<void> | null = null;
let again = false;
let againNow = false;

const online = isOnline;

/** Send the account's queued drafts that are due (all of them when `now`). */
export function flushOutbox(now = false): Promise<void> {
  if (flushing) {
    again = true;
    againNow ||= now;
    return flushing;
  }
  const run = async () => {
    do {
      again = false;
      const acc = account;
      if (!acc || !online()) break;
      const due = (await listDrafts(acc)).filter((d) => d.status === 'queued' && (now || (d.nextAttemptAt ?? 0) <= Date.now()));
      for (const d of due) {
        if (!online()) break;
        await sendDraft(d.clientUuid);
      }
      now = againNow;
      againNow = false;
    } while (again);
  };
  // Reset in .finally, which runs after the assignment even when run() ends without waiting.
  flushing = run().finally(() => {
    flushing = null;
    void schedule();
  });
  return flushing;
}

async function schedule() {
  clearTimeout(timer);
  const acc = account;
  if (!acc) return;
  const queued = (await listDrafts(acc).catch(() => [])).filter((d) => d.status === 'queued');
  if (queued.length === 0) return;
  const next = Math.min(...queued.map((d) => d.nextAttemptAt ?? Date.now()));
  // Offline: the connection watch wakes us when it returns; still look again now and then.
  const wait = online() ? Math.max(1_000, next - Date.now()) : 60_000;
  timer = setTimeout(() => void flushOutbox(), wait);
}

const onVisible = () => {
  if (document.visibilityState === 'visible') void flushOutbox();
};

/** Start sending in the background for the logged-in account; returns the stop function. */
export function startOutbox(accountId: string): () => void {
  account = accountId;
  watchConnection();
  const stopWatch = onConnectionChange((up) => {
    if (up) void flushOutbox(true);
  });
  document.addEventListener('visibilitychange', onVisible);
  void pruneSubmitted(accountId).catch(() => undefined);
  // Whether the server is reachable at all (the browser's flag says nothing about a dead Wi-Fi).
  void probe().then(() => flushOutbox());
  return () => {
    if (account === accountId) account = null;
    clearTimeout(timer);
    stopWatch();
    document.removeEventListener('visibilitychange', onVisible);
  };
}

/** Listen for drafts the outbox got onto the server. */
export function onDraftSubmitted(fn: (d: Draft) => void): () => void {
  const h = (e: Event) => {
    const d = (e as CustomEvent<Draft | undefined>).detail;
    if (d) fn(d);
  };
  window.addEventListener(SUBMITTED_EVENT, h);
  return () => window.removeEventListener(SUBMITTED_EVENT, h);
}
