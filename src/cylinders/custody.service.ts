/**
 * Recording custody steps (R6.3, R6.6): each scan is one row of the append-only
 * `cylinder_events` with time, place and who, and updates the cylinder's state, holder and place
 * in the same transaction (the cylinder row is locked, so two scans of one cylinder queue up).
 * The event rows are the audit trail of custody; the hash-chained audit log is not touched
 * except where a delivery check raises hazards.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/db.js';
import { cylinderEvents, cylinders, enterprises, inspections, regions } from '../db/schema/index.js';
import { loadSubject, type Subject } from '../registry/subjects.js';
import { AppError, forbidden, invalidField, notFound } from '../shared/errors.js';
import type { Principal } from '../shared/principal.js';
import { maskPersonName } from '../shared/validation.js';
import { recordDeliveryCheck } from './custody.delivery.js';
import { custodyActor, custodyFlags, holderAfter, stateAfter, stepRefusal, type VehicleFacts, type WorkerFacts } from './custody.rules.js';
import type { EventBody } from './custody.schema.js';
import { loadCylinder, type CylinderRow } from './cylinders.service.js';
import { addYears, chinaDate } from './dates.js';
import { isOverfill } from './fill-check.rules.js';
import type { CylinderState, HolderType } from './models.js';
import type { CylinderSettings } from './settings.js';

export type EventRow = typeof cylinderEvents.$inferSelect;
type NewEvent = typeof cylinderEvents.$inferInsert;

/** Who recorded it, as stored on an event. */
export function eventActor(p: Principal) {
  return { accountId: p.kind === 'account' ? p.id : null, tokenId: p.kind === 'token' ? p.id : null, actorLabel: p.kind === 'account' ? p.label : `token:${p.label}` };
}

/** A client-given scan time: at most 5 minutes ahead of the server, at most 7 days old (offline phones). */
export function eventTime(at: string | undefined, now: Date): Date {
  if (!at) return now;
  const t = new Date(at);
  if (t.getTime() > now.getTime() + 5 * 60_000 || t.getTime() < now.getTime() - 7 * 86_400_000) throw invalidField('at', 'cylinder.event.time');
  return t;
}

async function vehicleFacts(tx: Executor, id: string): Promise<(VehicleFacts & { plate: string; regionId: string }) | null> {
  const res = await tx.execute<{ id: string; kind: string; enterprise_id: string; bound_worker_id: string | null; registered: boolean; status: string; area_path: string | null; plate_number: string; region_id: string }>(
    sql`SELECT v.id, v.kind, v.enterprise_id, v.bound_worker_id, v.registered, v.status, r.path AS area_path, v.plate_number, v.region_id
        FROM vehicles v LEFT JOIN regions r ON r.id = v.delivery_area_id WHERE v.id = ${id}`,
  );
  const v = res.rows[0];
  return v ? { id: v.id, kind: v.kind, enterpriseId: v.enterprise_id, boundWorkerId: v.bound_worker_id, registered: v.registered, status: v.status, areaPath: v.area_path, plate: v.plate_number, regionId: v.region_id } : null;
}

async function workerFacts(tx: Executor, id: string, today: string): Promise<(WorkerFacts & { name: string }) | null> {
  const res = await tx.execute<{ id: string; role: string; enterprise_id: string; status: string; name: string; blacklisted: boolean }>(
    sql`SELECT p.id, p.role, p.enterprise_id, p.status, p.name,
          EXISTS (SELECT 1 FROM worker_blacklist b WHERE b.id_number = p.id_number AND b.status = 'active' AND (b.until IS NULL OR b.until >= ${today}::date)) AS blacklisted
        FROM personnel p WHERE p.id = ${id}`,
  );
  const w = res.rows[0];
  return w ? { id: w.id, role: w.role, enterpriseId: w.enterprise_id, status: w.status, blacklisted: w.blacklisted, name: w.name } : null;
}

async function regionOf(tx: Executor, id: string): Promise<{ id: string; path: string; name: string }> {
  const [r] = await tx.select({ id: regions.id, path: regions.path, name: regions.name }).from(regions).where(eq(regions.id, id));
  if (!r) throw invalidField('regionId', 'field.invalidValue');
  return r;
}

async function enterpriseRef(tx: Executor, id: string, path: string) {
  const [e] = await tx.select({ id: enterprises.id, name: enterprises.name, regionId: enterprises.regionId, lat: enterprises.lat, lng: enterprises.lng, kind: enterprises.kind }).from(enterprises).where(eq(enterprises.id, id));
  if (!e) throw invalidField(path, 'field.invalidValue');
  return e;
}

/** The vehicle and worker of the cylinder's last loading (a delivery names them only when they differ). */
async function lastLoading(tx: Executor, cylinderId: string) {
  const [e] = await tx
    .select({ vehicleId: cylinderEvents.vehicleId, workerId: cylinderEvents.workerId })
    .from(cylinderEvents)
    .where(and(eq(cylinderEvents.cylinderId, cylinderId), eq(cylinderEvents.type, 'load')))
    .orderBy(desc(cylinderEvents.at), desc(cylinderEvents.id))
    .limit(1);
  return e ?? null;
}

export interface StepOutcome {
  event: EventRow;
  cylinder: CylinderRow;
  flags: string[];
  inspection?: { id: string; code: string; findings: number } | null;
  hazards?: { id: string; code: string; itemCode: string | null; severity: string; subjectName: string }[];
  duplicate?: boolean;
}

/** Record one custody step on a cylinder the caller may see (R6.3). */
export async function recordStep(db: Db, p: Principal, code: string, body: EventBody, now: Date, s: CylinderSettings): Promise<StepOutcome> {
  const actor = custodyActor(p);
  if (body.type === 'deliver') {
    if (p.kind !== 'account') throw forbidden();
    const [prior] = await db.select({ id: inspections.id, createdBy: inspections.createdBy }).from(inspections).where(eq(inspections.clientUuid, body.check.clientUuid));
    if (prior) return replayDelivery(db, p, prior.id, prior.createdBy);
  }
  const at = eventTime(body.at, now);
  const today = chinaDate(now);
  return db.transaction(async (tx) => {
    const c = await loadForStep(tx, p, code, body.type);
    const refusal = stepRefusal(body.type, c.state as CylinderState, actor, c.state === 'scrapped' && c.holderType === 'none');
    if (refusal) throw refusalError(refusal);

    const ev: NewEvent = { cylinderId: c.id, type: body.type, at, enterpriseId: c.ownerEnterpriseId, lat: body.lat ?? null, lng: body.lng ?? null, ...eventActor(p), data: {} };
    const data: Record<string, unknown> = body.note ? { note: body.note } : {};
    const changes: Partial<typeof cylinders.$inferInsert> = {};
    let flags: string[] = [];
    let place: { regionId: string; lat?: number | null; lng?: number | null } = { regionId: c.regionId };
    let holder: { id: string | null; name: string | null } = { id: c.ownerEnterpriseId, name: null };
    let outcome: Pick<StepOutcome, 'inspection' | 'hazards'> = {};
    let result: 'pass' | 'fail' | undefined;

    switch (body.type) {
      case 'post_fill_check':
      case 'leave_station': {
        const stationId = c.lastFillingStationId ?? p.enterpriseId ?? c.ownerEnterpriseId;
        if (p.enterpriseId && p.enterpriseId !== stationId && p.enterpriseId !== c.ownerEnterpriseId) throw forbidden();
        const st = await enterpriseRef(tx, stationId, 'stationId');
        ev.stationId = st.id;
        place = { regionId: st.regionId, lat: st.lat, lng: st.lng };
        holder = { id: st.id, name: st.name };
        if (body.type === 'post_fill_check') {
          const overfill = isOverfill(body.netWeightKg, c.allowableFillKg, s.overfillToleranceKg);
          const ok = !overfill && body.leakOk;
          Object.assign(data, { netWeightKg: body.netWeightKg, leakOk: body.leakOk, overfill, allowableFillKg: c.allowableFillKg, toleranceKg: s.overfillToleranceKg, passed: ok });
          flags = [...(overfill ? ['OVERFILL'] : []), ...(body.leakOk ? [] : ['LEAK'])];
          changes.mayLeaveStation = ok;
        } else {
          if (!c.mayLeaveStation) throw new AppError('CONFLICT', 'cylinder.leave.postCheckFailed');
          if (body.vehicleId) {
            const v = await vehicleFacts(tx, body.vehicleId);
            if (!v) throw invalidField('vehicleId', 'field.invalidValue');
            ev.vehicleId = v.id;
            holder = { id: v.id, name: v.plate };
            data.vehiclePlate = v.plate;
          }
        }
        break;
      }
      case 'load': {
        const v = await vehicleFacts(tx, body.vehicleId);
        if (!v) throw invalidField('vehicleId', 'field.invalidValue');
        const w = await workerFacts(tx, body.workerId, today);
        if (!w) throw invalidField('workerId', 'field.invalidValue');
        flags = custodyFlags({ ownerEnterpriseId: c.ownerEnterpriseId, vehicle: v, worker: w });
        Object.assign(ev, { vehicleId: v.id, workerId: w.id, stationId: c.lastFillingStationId });
        Object.assign(data, { vehiclePlate: v.plate, workerName: w.name, boundWorkerId: v.boundWorkerId });
        place = { regionId: c.lastFillingStationId ? (await enterpriseRef(tx, c.lastFillingStationId, 'stationId')).regionId : v.regionId };
        holder = { id: v.id, name: v.plate };
        break;
      }
      case 'deliver':
      case 'collect_empty': {
        const user = body.userType && body.userId ? await loadSubject(tx, p, body.userType, body.userId) : null;
        const loading = body.type === 'deliver' && (!body.vehicleId || !body.workerId) ? await lastLoading(tx, c.id) : null;
        const vehicleId = body.vehicleId ?? loading?.vehicleId ?? null;
        const workerId = body.workerId ?? loading?.workerId ?? null;
        const v = vehicleId ? await vehicleFacts(tx, vehicleId) : null;
        const w = workerId ? await workerFacts(tx, workerId, today) : null;
        if (body.vehicleId && !v) throw invalidField('vehicleId', 'field.invalidValue');
        if (body.workerId && !w) throw invalidField('workerId', 'field.invalidValue');
        const userRegion = user ? await regionOf(tx, user.regionId) : null;
        if (body.type === 'deliver') {
          flags = custodyFlags({ ownerEnterpriseId: c.ownerEnterpriseId, vehicle: v, worker: w, userRegionPath: userRegion!.path });
          const check = await recordDeliveryCheck(tx, p, user!, c.ownerEnterpriseId, body.check, now, c.code);
          outcome = {
            inspection: { id: check.inspection.id, code: check.inspection.code, findings: check.inspection.findings },
            hazards: check.hazards.map((h) => ({ id: h.id, code: h.code, itemCode: h.itemCode, severity: h.severity, subjectName: h.subjectName })),
          };
          Object.assign(data, { inspectionId: check.inspection.id, inspectionCode: check.inspection.code, findings: check.inspection.findings, hazardIds: check.hazards.map((h) => h.id) });
        }
        Object.assign(ev, { vehicleId: v?.id ?? null, workerId: w?.id ?? null, userType: user?.type ?? null, userId: user?.id ?? null });
        Object.assign(data, { userName: user ? userLabel(user) : null, vehiclePlate: v?.plate ?? null, workerName: w?.name ?? null });
        place = user ? { regionId: user.regionId, lat: (user.attrs.lat as number | null) ?? null, lng: (user.attrs.lng as number | null) ?? null } : { regionId: v?.regionId ?? c.regionId };
        holder = body.type === 'deliver' ? { id: user!.id, name: userLabel(user!) } : v ? { id: v.id, name: v.plate } : { id: c.ownerEnterpriseId, name: null };
        break;
      }
      case 'send_to_inspection':
      case 'inspection_result': {
        const agency = body.agencyId ? await enterpriseRef(tx, body.agencyId, 'agencyId') : null;
        if (agency) {
          ev.stationId = agency.id;
          place = { regionId: agency.regionId, lat: agency.lat, lng: agency.lng };
          holder = { id: agency.id, name: agency.name };
          data.agencyName = agency.name;
        }
        if (body.type === 'inspection_result') {
          result = body.result;
          if (body.inspectedOn > today || body.inspectedOn < c.manufactureDate) throw invalidField('inspectedOn', 'cylinder.date.inspection');
          const next = body.nextInspectionDate ?? addYears(body.inspectedOn, s.inspectionIntervalYears);
          if (next <= body.inspectedOn) throw invalidField('nextInspectionDate', 'cylinder.date.inspection');
          Object.assign(data, { result: body.result, inspectedOn: body.inspectedOn, reportNo: body.reportNo ?? null });
          if (body.result === 'pass') {
            Object.assign(changes, { lastInspectionDate: body.inspectedOn, nextInspectionDate: next });
            data.nextInspectionDate = next;
          }
          if (body.result === 'pass') holder = { id: c.ownerEnterpriseId, name: null };
        }
        break;
      }
      case 'scrap':
        Object.assign(data, { method: body.method ?? null, reason: body.reason ?? null });
        holder = { id: null, name: null };
        break;
      case 'recall':
      case 'seize':
      case 'blacklist':
      case 'release':
        data.reason = body.reason;
        break;
    }

    const region = body.regionId ? await regionOf(tx, body.regionId) : null;
    ev.regionId = region?.id ?? place.regionId;
    ev.lat ??= place.lat ?? null;
    ev.lng ??= place.lng ?? null;
    ev.flags = flags;
    ev.data = data;
    const [event] = await tx.insert(cylinderEvents).values(ev).returning();

    const next = stateAfter(body.type, c.state as CylinderState, result);
    if (next !== c.state) Object.assign(changes, { state: next, stateReason: 'reason' in body ? (body.reason ?? null) : null });
    const newHolder = holderAfter(body.type, { vehicle: Boolean(ev.vehicleId), result });
    // An offline scan older than the last one changes history, not where the cylinder is now.
    if (newHolder && (!c.lastEventAt || at >= c.lastEventAt)) {
      Object.assign(changes, { holderType: newHolder, holderId: holder.id, holderName: holder.name, locationRegionId: ev.regionId, lastLat: ev.lat, lastLng: ev.lng, lastEventAt: at });
    }
    changes.updatedAt = now;
    const [after] = await tx.update(cylinders).set(changes).where(eq(cylinders.id, c.id)).returning();
    return { event: event!, cylinder: after!, flags, ...outcome };
  });
}

function userLabel(u: Subject): string {
  return u.type === 'household' ? maskAddress(u.name) : u.name;
}

/** A household address keeps its compound and building, not the room (no one's door in a timeline). */
function maskAddress(address: string): string {
  return address.replace(/\d+(室|号房|房)$/u, '**$1');
}

function refusalError(r: string): AppError {
  switch (r) {
    case 'forbidden':
      return new AppError('FORBIDDEN', 'error.forbidden');
    case 'scrapped':
      return new AppError('CONFLICT', 'cylinder.scrapped');
    case 'held':
      return new AppError('CONFLICT', 'cylinder.event.held');
    case 'at_inspection':
      return new AppError('CONFLICT', 'cylinder.event.atInspection');
    default:
      return new AppError('CONFLICT', 'cylinder.event.notHeld');
  }
}

/**
 * The cylinder of a step, locked. Station steps (re-check, leaving) are also open to the station
 * that filled it last (an entrusted station fills other owners' cylinders); the rest follow the scope.
 */
async function loadForStep(tx: Executor, p: Principal, code: string, type: EventBody['type']): Promise<CylinderRow> {
  if ((type === 'post_fill_check' || type === 'leave_station') && p.enterpriseId) {
    const { c } = await loadCylinder(tx, null, code, true);
    if (c.ownerEnterpriseId !== p.enterpriseId && c.lastFillingStationId !== p.enterpriseId) throw notFound('entity.cylinder');
    return c;
  }
  return (await loadCylinder(tx, p, code, true)).c;
}

/** A delivery form sent again (same clientUuid): the stored delivery, nothing new. */
async function replayDelivery(db: Db, p: Principal, inspectionId: string, createdBy: string): Promise<StepOutcome> {
  if (createdBy !== p.id) throw forbidden();
  // Uses the partial index on (data->>'inspectionId') of deliveries.
  const [event] = await db.select().from(cylinderEvents).where(and(eq(cylinderEvents.type, 'deliver'), sql`(${cylinderEvents.data}->>'inspectionId') = ${inspectionId}`)).limit(1);
  if (!event) throw notFound('entity.cylinder');
  const [cyl] = await db.select().from(cylinders).where(eq(cylinders.id, event.cylinderId));
  const [insp] = await db.select({ id: inspections.id, code: inspections.code, findings: inspections.findings }).from(inspections).where(eq(inspections.id, inspectionId));
  return { event, cylinder: cyl!, flags: event.flags, inspection: insp ?? null, hazards: [], duplicate: true };
}

/** Masked presentation of an event for timelines (person names masked). */
export function presentEvent(e: EventRow) {
  const d = { ...e.data };
  if (typeof d.workerName === 'string') d.workerName = maskPersonName(d.workerName);
  if (typeof d.operatorName === 'string') d.operatorName = maskPersonName(d.operatorName);
  return { ...e, data: d };
}
