/** Reading devices with their current state; every query scoped by deviceScope. */
import { and, desc, eq, gte, ilike, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { devices, deviceState, regions, telemetry, venues, households } from '../db/schema/index.js';
import { notFound } from '../shared/errors.js';
import { offsetOf, pageOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope, recordScope } from '../shared/scope.js';
import type { DeviceListQuery } from './devices.schema.js';

export type DeviceRow = typeof devices.$inferSelect;
type StateRow = typeof deviceState.$inferSelect;

export function deviceScope(p: Principal): SQL {
  return recordScope(p, { regionId: devices.regionId, enterpriseId: devices.enterpriseId, venueId: devices.venueId });
}

/** Gas source of the bound venue or household, to flag a detector of the wrong gas type (R3.2). */
const subjectGasSource = sql<string | null>`CASE ${devices.subjectType}
  WHEN 'venue' THEN (SELECT ${venues.gasSource} FROM ${venues} WHERE ${venues.id} = ${devices.subjectId})
  WHEN 'household' THEN (SELECT ${households.gasSource} FROM ${households} WHERE ${households.id} = ${devices.subjectId}) END`;

export function presentDevice(d: DeviceRow, s: StateRow | null, regionName: string, gasSource: string | null, today: string) {
  const mismatch = (d.gasType === 'natural_gas' && gasSource === 'bottled_lpg') || (d.gasType === 'lpg' && gasSource === 'pipeline_ng');
  return {
    ...d,
    regionName,
    expired: d.expiresOn !== null && d.expiresOn < today,
    gasTypeMismatch: mismatch,
    state: {
      online: s?.online ?? 'unknown',
      lastSeenAt: s?.lastSeenAt ?? null,
      lastTs: s?.lastTs ?? null,
      ch4: s?.ch4 ?? null,
      co: s?.co ?? null,
      valve: s?.valve ?? null,
      battery: s?.battery ?? null,
      fault: s?.fault ?? null,
      activeConditions: Object.entries((s?.conditions ?? {}) as Record<string, { active?: boolean }>)
        .filter(([, c]) => c.active)
        .map(([k]) => k),
    },
  };
}
export type PresentedDevice = ReturnType<typeof presentDevice>;

function selectDevices(db: Executor) {
  return db
    .select({ d: devices, s: deviceState, regionName: regions.name, gasSource: subjectGasSource })
    .from(devices)
    .innerJoin(regions, eq(regions.id, devices.regionId))
    .leftJoin(deviceState, eq(deviceState.deviceId, devices.id));
}

export async function listDevices(db: Executor, p: Principal, q: DeviceListQuery, today: string) {
  const conds: (SQL | undefined)[] = [deviceScope(p), eq(devices.status, q.status ?? 'active')];
  if (q.regionId) {
    const r = await loadRegionInScope(db, p, q.regionId);
    conds.push(sql`${regions.path} LIKE ${r.path + '%'}`);
  }
  if (q.type) conds.push(eq(devices.type, q.type));
  if (q.subjectType) conds.push(eq(devices.subjectType, q.subjectType));
  if (q.subjectId) conds.push(eq(devices.subjectId, q.subjectId));
  if (q.enterpriseId) conds.push(eq(devices.enterpriseId, q.enterpriseId));
  if (q.online) conds.push(q.online === 'unknown' ? sql`coalesce(${deviceState.online}, 'unknown') = 'unknown'` : eq(deviceState.online, q.online));
  if (q.faulty) conds.push(isNotNull(deviceState.fault));
  if (q.expired) conds.push(lt(devices.expiresOn, today));
  if (q.q) {
    const like = q.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    conds.push(or(ilike(devices.code, `${like}%`), ilike(devices.subjectName, `%${like}%`)));
  }
  const where = and(...conds);
  const [rows, count] = await Promise.all([
    selectDevices(db).where(where).orderBy(desc(devices.createdAt), desc(devices.id)).limit(q.pageSize).offset(offsetOf(q)),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(devices)
      .innerJoin(regions, eq(regions.id, devices.regionId))
      .leftJoin(deviceState, eq(deviceState.deviceId, devices.id))
      .where(where),
  ]);
  return pageOf(rows.map((r) => presentDevice(r.d, r.s, r.regionName, r.gasSource, today)), count[0]?.n ?? 0, q);
}

export async function loadDevice(db: Executor, p: Principal, id: string): Promise<DeviceRow> {
  const [d] = await db.select().from(devices).where(and(eq(devices.id, id), deviceScope(p)));
  if (!d) throw notFound('entity.device');
  return d;
}

export async function getDevice(db: Executor, p: Principal, id: string, today: string) {
  const [r] = await selectDevices(db).where(and(eq(devices.id, id), deviceScope(p)));
  if (!r) throw notFound('entity.device');
  return presentDevice(r.d, r.s, r.regionName, r.gasSource, today);
}

/** A device's raw readings in a time range (newest first), for its chart. */
export async function deviceTelemetry(db: Executor, p: Principal, id: string, q: { from?: string | undefined; to?: string | undefined; limit: number }, now: Date) {
  await loadDevice(db, p, id);
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 86_400_000);
  const rows = await db
    .select()
    .from(telemetry)
    .where(and(eq(telemetry.deviceId, id), gte(telemetry.ts, from), lt(telemetry.ts, to)))
    .orderBy(desc(telemetry.ts))
    .limit(q.limit);
  return {
    from,
    to,
    items: rows.map((t) => ({ ts: t.ts, receivedAt: t.receivedAt, seq: t.seq, ch4: t.ch4, co: t.co, valve: t.valve === null ? null : t.valve === 1 ? 'open' : 'closed', battery: t.battery, fault: t.fault })),
  };
}
