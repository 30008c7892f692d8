/**
 * Reading alarms: the list with its filters, one alarm with its events, and the changed alarms the
 * live board pushes. Every query of a caller goes through alarmScope (shared/scope.ts rule).
 */
import { and, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/db.js';
import { accounts, alarmEvents, alarms, devices, regions } from '../db/schema/index.js';
import { notFound } from '../shared/errors.js';
import { offsetOf, pageOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope, recordScope } from '../shared/scope.js';
import { availableAlarmActions, responseTimes, type AlarmActor, type AlarmState } from './alarm.rules.js';

export type AlarmRow = typeof alarms.$inferSelect;

export function alarmScope(p: Principal): SQL {
  return recordScope(p, { regionId: alarms.regionId, enterpriseId: alarms.enterpriseId, venueId: alarms.venueId });
}

export function alarmActor(p: Principal): AlarmActor {
  return { accountId: p.id, role: p.role, regionPath: p.regionPath, enterpriseId: p.enterpriseId, venueId: p.venueId };
}

const responder = alias(accounts, 'responder');
const columns = {
  a: alarms,
  deviceCode: devices.code,
  deviceType: devices.type,
  location: devices.location,
  subjectType: devices.subjectType,
  subjectId: devices.subjectId,
  subjectName: devices.subjectName,
  regionName: regions.name,
  regionPath: regions.path,
  responderName: responder.displayName,
};
type Joined = { a: AlarmRow; deviceCode: string; deviceType: string; location: string | null; subjectType: string; subjectId: string; subjectName: string; regionName: string; regionPath: string; responderName: string | null };

function baseQuery(db: Executor) {
  return db
    .select(columns)
    .from(alarms)
    .innerJoin(devices, eq(devices.id, alarms.deviceId))
    .innerJoin(regions, eq(regions.id, alarms.regionId))
    .leftJoin(responder, eq(responder.id, alarms.responderId));
}

/** An alarm as the API shows it, with what the caller may do next. */
export function presentAlarm(j: Joined, p: Principal) {
  const a = j.a;
  return {
    id: a.id,
    code: a.code,
    condition: a.condition,
    severity: a.severity,
    state: a.state,
    device: { id: a.deviceId, code: j.deviceCode, type: j.deviceType, location: j.location },
    subject: { type: j.subjectType, id: j.subjectId, name: j.subjectName },
    regionId: a.regionId,
    regionName: j.regionName,
    enterpriseId: a.enterpriseId,
    venueId: a.venueId,
    value: a.value,
    peakValue: a.peakValue,
    count: a.count,
    episodes: a.episodes,
    firstAt: a.firstAt,
    lastAt: a.lastAt,
    clearedAt: a.clearedAt,
    raisedAt: a.raisedAt,
    notifiedAt: a.notifiedAt,
    acknowledgedAt: a.acknowledgedAt,
    dispatchedAt: a.dispatchedAt,
    responderId: a.responderId,
    responderName: j.responderName,
    arrivedAt: a.arrivedAt,
    handledAt: a.handledAt,
    result: a.result,
    resultNote: a.resultNote,
    photos: a.photos,
    hazardId: a.hazardId,
    closedAt: a.closedAt,
    responseTimes: responseTimes(a),
    availableActions: availableAlarmActions(alarmActor(p), { state: a.state as AlarmState, regionPath: j.regionPath, enterpriseId: a.enterpriseId, venueId: a.venueId, responderId: a.responderId }),
  };
}
export type PresentedAlarm = ReturnType<typeof presentAlarm>;

export interface AlarmListQuery {
  state?: AlarmState | 'open' | undefined;
  severity?: string | undefined;
  condition?: string | undefined;
  deviceType?: string | undefined;
  regionId?: string | undefined;
  deviceId?: string | undefined;
  enterpriseId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listAlarms(db: Executor, p: Principal, q: AlarmListQuery) {
  const conds: (SQL | undefined)[] = [alarmScope(p)];
  if (q.regionId) {
    const r = await loadRegionInScope(db, p, q.regionId);
    conds.push(sql`${regions.path} LIKE ${r.path + '%'}`);
  }
  if (q.state === 'open') conds.push(isNull(alarms.closedAt));
  else if (q.state) conds.push(eq(alarms.state, q.state));
  if (q.severity) conds.push(eq(alarms.severity, q.severity));
  if (q.condition) conds.push(eq(alarms.condition, q.condition));
  if (q.deviceType) conds.push(eq(devices.type, q.deviceType));
  if (q.deviceId) conds.push(eq(alarms.deviceId, q.deviceId));
  if (q.enterpriseId) conds.push(eq(alarms.enterpriseId, q.enterpriseId));
  if (q.from) conds.push(gte(alarms.raisedAt, new Date(q.from)));
  if (q.to) conds.push(lt(alarms.raisedAt, new Date(q.to)));
  const where = and(...conds);
  const [rows, count] = await Promise.all([
    baseQuery(db).where(where).orderBy(desc(alarms.raisedAt), desc(alarms.id)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ n: sql<number>`count(*)::int` }).from(alarms).innerJoin(devices, eq(devices.id, alarms.deviceId)).innerJoin(regions, eq(regions.id, alarms.regionId)).where(where),
  ]);
  return pageOf(rows.map((r) => presentAlarm(r, p)), count[0]?.n ?? 0, q);
}

/** One alarm in scope (or 404), optionally locked for a transition. */
export async function loadAlarm(db: Executor, p: Principal, id: string, forUpdate = false): Promise<Joined> {
  const q = baseQuery(db).where(and(eq(alarms.id, id), alarmScope(p)));
  const [row] = forUpdate ? await q.for('update', { of: alarms }) : await q;
  if (!row) throw notFound('entity.alarm');
  return row;
}

export async function getAlarm(db: Executor, p: Principal, id: string) {
  const row = await loadAlarm(db, p, id);
  const events = await db.select().from(alarmEvents).where(eq(alarmEvents.alarmId, id)).orderBy(alarmEvents.id);
  return { ...presentAlarm(row, p), events };
}

export interface BoardAlarm {
  scope: { regionPath: string; enterpriseId: string | null; venueId: string | null };
  present(p: Principal): PresentedAlarm;
}

/** Changed alarms for the live board: loaded once, presented per client. */
export async function loadAlarmsForBoard(db: Executor, ids: string[]): Promise<BoardAlarm[]> {
  const unique = [...new Set(ids)].filter((x) => /^[0-9a-f-]{36}$/i.test(x));
  if (unique.length === 0) return [];
  const rows = await baseQuery(db).where(inArray(alarms.id, unique));
  return rows.map((r) => ({ scope: { regionPath: r.regionPath, enterpriseId: r.a.enterpriseId, venueId: r.a.venueId }, present: (p: Principal) => presentAlarm(r, p) }));
}

/** Open alarms of one device (device detail). */
export async function openAlarmsOfDevice(db: Executor, p: Principal, deviceId: string) {
  const rows = await baseQuery(db).where(and(eq(alarms.deviceId, deviceId), isNull(alarms.closedAt), alarmScope(p))).orderBy(desc(alarms.raisedAt));
  return rows.map((r) => presentAlarm(r, p));
}
