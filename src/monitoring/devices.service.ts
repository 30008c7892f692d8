/**
 * Registering devices (R7.1): bound to a venue, household or facility the caller may see; region,
 * responsible gas company and venue come from what the device is bound to. Every change is audited
 * in its transaction; a new device gets its state row at once (the pipeline only updates).
 */
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { devices, deviceState, enterprises } from '../db/schema/index.js';
import { loadSubject, type Subject } from '../registry/subjects.js';
import { AppError, invalidField } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope } from '../shared/scope.js';
import type { BindingType } from './devices.types.js';
import { loadDevice, type DeviceRow } from './devices.repository.js';
import type { CreateDeviceInput, UpdateDeviceInput } from './devices.schema.js';

/** Roles that register devices (within their scope; a gas company for its own customers). */
const WRITERS = new Set(['platform_admin', 'task_force', 'dept_officer', 'town_officer', 'enterprise_admin']);

export function assertDeviceWriter(p: Principal): void {
  if (p.role === 'machine' || !WRITERS.has(p.role)) throw new AppError('FORBIDDEN', 'error.forbidden');
}

export interface Binding {
  subject: Subject;
  regionId: string;
  enterpriseId: string | null;
  venueId: string | null;
}

/** What a device bound to this subject belongs to, checked against the caller's scope. */
export async function resolveBinding(tx: Executor, p: Principal, type: BindingType, subjectId: string, enterpriseId: string | null | undefined): Promise<Binding> {
  const subject = await loadSubject(tx, p, type, subjectId);
  let ent = p.enterpriseId ?? enterpriseId ?? subject.supplierId ?? subject.enterpriseId;
  if (enterpriseId && !p.enterpriseId) {
    const [e] = await tx.select({ id: enterprises.id }).from(enterprises).where(and(eq(enterprises.id, enterpriseId), inRegionScope(p, enterprises.regionId)));
    if (!e) throw invalidField('enterpriseId', 'account.scope.outside', { what: 'enterprise' });
  }
  ent = ent ?? null;
  return { subject, regionId: subject.regionId, enterpriseId: ent, venueId: subject.venueId };
}

function conflictOnCode(e: unknown): never {
  const code = (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (code === '23505') throw new AppError('CONFLICT', 'error.validation', {}, [{ path: 'code', key: 'device.code.taken' }]);
  throw e;
}

/** Insert one device and its state row (the caller's transaction). */
export async function insertDevice(tx: Executor, input: Omit<CreateDeviceInput, 'subjectId' | 'enterpriseId'>, b: Binding): Promise<DeviceRow> {
  const [row] = await tx
    .insert(devices)
    .values({
      code: input.code,
      type: input.type,
      subjectType: input.subjectType,
      subjectId: b.subject.id,
      subjectName: b.subject.name,
      regionId: b.regionId,
      enterpriseId: b.enterpriseId,
      venueId: b.venueId,
      location: input.location ?? null,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      model: input.model ?? null,
      vendor: input.vendor ?? null,
      gasType: input.gasType,
      installedOn: input.installedOn ?? null,
      expiresOn: input.expiresOn ?? null,
    })
    .returning()
    .catch(conflictOnCode);
  await tx.insert(deviceState).values({ deviceId: row!.id });
  return row!;
}

export async function createDevice(db: Db, p: Principal, input: CreateDeviceInput): Promise<DeviceRow> {
  assertDeviceWriter(p);
  return db.transaction(async (tx) => {
    const b = await resolveBinding(tx, p, input.subjectType, input.subjectId, input.enterpriseId);
    const row = await insertDevice(tx, input, b);
    await recordAudit(tx, actorOf(p), { action: 'device.create', entityType: 'device', entityId: row.id, regionId: row.regionId, after: row });
    return row;
  });
}

export async function updateDevice(db: Db, p: Principal, id: string, input: UpdateDeviceInput, now: Date): Promise<DeviceRow> {
  assertDeviceWriter(p);
  return db.transaction(async (tx) => {
    const before = await loadDevice(tx, p, id);
    const changes: Partial<typeof devices.$inferInsert> = { updatedAt: now };
    for (const k of ['code', 'type', 'location', 'lat', 'lng', 'model', 'vendor', 'gasType', 'installedOn', 'expiresOn', 'status'] as const) {
      if (input[k] !== undefined) Object.assign(changes, { [k]: input[k] });
    }
    if (input.subjectType && input.subjectId) {
      const b = await resolveBinding(tx, p, input.subjectType, input.subjectId, input.enterpriseId);
      Object.assign(changes, { subjectType: input.subjectType, subjectId: b.subject.id, subjectName: b.subject.name, regionId: b.regionId, enterpriseId: b.enterpriseId, venueId: b.venueId });
    } else if (input.enterpriseId !== undefined && !p.enterpriseId) {
      const b = await resolveBinding(tx, p, before.subjectType as BindingType, before.subjectId, input.enterpriseId);
      changes.enterpriseId = b.enterpriseId;
    }
    const [after] = await tx.update(devices).set(changes).where(eq(devices.id, id)).returning().catch(conflictOnCode);
    await recordAudit(tx, actorOf(p), { action: 'device.update', entityType: 'device', entityId: id, regionId: after!.regionId, before, after: changes });
    return after!;
  });
}

/** DELETE retires: the device keeps its telemetry and alarms, and its messages are refused. */
export async function retireDevice(db: Db, p: Principal, id: string, now: Date): Promise<void> {
  assertDeviceWriter(p);
  await db.transaction(async (tx) => {
    const before = await loadDevice(tx, p, id);
    await tx.update(devices).set({ status: 'retired', updatedAt: now }).where(eq(devices.id, id));
    await recordAudit(tx, actorOf(p), { action: 'device.retire', entityType: 'device', entityId: id, regionId: before.regionId, before: { status: before.status }, after: { status: 'retired' } });
  });
}
