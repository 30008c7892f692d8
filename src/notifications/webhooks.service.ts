import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { departments, regions, webhookDeliveries, webhookEndpoints, webhookOutbox } from '../db/schema/index.js';
import { AppError, invalidFields, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { offsetOf } from '../shared/pagination.js';
import type { FieldCrypto } from '../shared/field-crypto.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope, loadRegionInScope } from '../shared/scope.js';
import { emit } from './emit.js';
import type { EventKind } from './events.js';
import { robotMessage } from './messages.js';
import { maskRobotUrl } from './robot.payloads.js';
import { checkEndpoint, type ROBOT_FORMATS, type ROBOT_KINDS } from './webhooks.rules.js';

type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** Robots are managed by a task force (its region's and departments' robots) or a platform admin. */
export function requireRobotManager(p: Principal): void {
  if (p.kind !== 'account' || (p.role !== 'task_force' && p.role !== 'platform_admin')) throw new AppError('FORBIDDEN', 'webhook.role');
}

const endpointScope = (p: Principal) => and(inRegionScope(p, webhookEndpoints.ownerRegionId), isNull(webhookEndpoints.deletedAt));

/**
 * The URL (the 企业微信 key is in it) and the 钉钉 secret are credentials: stored encrypted with the
 * platform's data key (shared/field-crypto.ts), decrypted only to send.
 */
export function revealUrl(crypto: FieldCrypto, e: { url: string }): string {
  return crypto.decrypt(e.url);
}

/** Never the secret, and the URL with its key/token masked. */
export function presentEndpoint(e: EndpointRow, crypto: FieldCrypto) {
  let url = '****';
  try {
    url = maskRobotUrl(revealUrl(crypto, e));
  } catch {
    // A value encrypted with another key shows masked entirely.
  }
  return {
    id: e.id,
    name: e.name,
    kind: e.kind,
    format: e.format,
    url,
    hasSecret: e.secret !== null && e.secret !== '',
    events: e.events,
    enabled: e.enabled,
    regionId: e.regionId,
    departmentId: e.departmentId,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export interface EndpointCreate {
  name: string;
  kind: (typeof ROBOT_KINDS)[number];
  format?: (typeof ROBOT_FORMATS)[number] | undefined;
  url: string;
  secret?: string | null | undefined;
  events: EventKind[];
  enabled?: boolean | undefined;
  regionId?: string | null | undefined;
  departmentId?: string | null | undefined;
}

/** The unit a robot belongs to: a region in scope, or a department of a region in scope. */
async function ownerOf(tx: Executor, p: Principal, regionId: string | null | undefined, departmentId: string | null | undefined) {
  if (!!regionId === !!departmentId) throw invalidFields([{ path: 'regionId', key: 'webhook.unit.required' }]);
  if (regionId) return { regionId, departmentId: null, ownerRegionId: (await loadRegionInScope(tx, p, regionId)).id };
  const [d] = await tx
    .select({ id: departments.id, regionId: departments.regionId })
    .from(departments)
    .where(and(eq(departments.id, departmentId!), eq(departments.status, 'active'), inRegionScope(p, departments.regionId)));
  if (!d) throw notFound('entity.department');
  return { regionId: null, departmentId: d.id, ownerRegionId: d.regionId };
}

export async function createEndpoint(db: Db, crypto: FieldCrypto, p: Principal, input: EndpointCreate, allowedHosts: readonly string[]) {
  requireRobotManager(p);
  const format = input.format ?? 'markdown';
  const secret = input.secret?.trim() || null;
  const errors = checkEndpoint({ kind: input.kind, format, url: input.url, secret }, allowedHosts);
  if (errors.length) throw invalidFields(errors);
  return db.transaction(async (tx) => {
    const owner = await ownerOf(tx, p, input.regionId, input.departmentId);
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ name: input.name, kind: input.kind, format, url: crypto.encrypt(input.url), secret: secret ? crypto.encrypt(secret) : null, events: [...new Set(input.events)], enabled: input.enabled ?? true, ...owner, createdBy: p.id })
      .returning();
    await recordAudit(tx, actorOf(p), { action: 'webhook.create', entityType: 'webhook_endpoint', entityId: row!.id, regionId: row!.ownerRegionId, after: presentEndpoint(row!, crypto) });
    return presentEndpoint(row!, crypto);
  });
}

async function loadEndpoint(tx: Executor, p: Principal, id: string, forUpdate = false): Promise<EndpointRow> {
  const q = tx.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), endpointScope(p)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('entity.webhook');
  return row;
}

export async function getEndpoint(db: Executor, crypto: FieldCrypto, p: Principal, id: string) {
  requireRobotManager(p);
  return presentEndpoint(await loadEndpoint(db, p, id), crypto);
}

export async function listEndpoints(db: Executor, crypto: FieldCrypto, p: Principal) {
  requireRobotManager(p);
  const rows = await db
    .select({ e: webhookEndpoints, regionName: regions.name, departmentName: departments.name })
    .from(webhookEndpoints)
    .leftJoin(regions, eq(regions.id, webhookEndpoints.regionId))
    .leftJoin(departments, eq(departments.id, webhookEndpoints.departmentId))
    .where(endpointScope(p))
    .orderBy(desc(webhookEndpoints.createdAt))
    .limit(500);
  return { items: rows.map((r) => ({ ...presentEndpoint(r.e, crypto), regionName: r.regionName, departmentName: r.departmentName })) };
}

export type EndpointPatch = Partial<Pick<EndpointCreate, 'name' | 'url' | 'format' | 'events' | 'enabled'>> & { secret?: string | null | undefined };

/** Change a robot. A new secret replaces the old one; `secret: null` removes it; absent keeps it. */
export async function updateEndpoint(db: Db, crypto: FieldCrypto, p: Principal, id: string, patch: EndpointPatch, allowedHosts: readonly string[]) {
  requireRobotManager(p);
  return db.transaction(async (tx) => {
    const before = await loadEndpoint(tx, p, id, true);
    const secret = patch.secret === undefined ? (before.secret ? crypto.decrypt(before.secret) : null) : patch.secret?.trim() || null;
    const next = {
      name: patch.name ?? before.name,
      url: patch.url ?? revealUrl(crypto, before),
      format: patch.format ?? before.format,
      secret,
      events: patch.events ? [...new Set(patch.events)] : before.events,
      enabled: patch.enabled ?? before.enabled,
    };
    const errors = checkEndpoint({ kind: before.kind as EndpointCreate['kind'], format: next.format as EndpointCreate['format'] & string, url: next.url, secret: next.secret }, allowedHosts);
    // A stored URL that an operator later took off the allowed list can still be renamed or disabled.
    const relevant = errors.filter((e) => e.path !== 'url' || patch.url !== undefined);
    if (relevant.length) throw invalidFields(relevant);
    const [after] = await tx
      .update(webhookEndpoints)
      .set({ ...next, url: crypto.encrypt(next.url), secret: next.secret ? crypto.encrypt(next.secret) : null, updatedAt: new Date() }).where(eq(webhookEndpoints.id, id)).returning();
    if (!next.enabled) await cancelPending(tx, id);
    await recordAudit(tx, actorOf(p), {
      action: 'webhook.update',
      entityType: 'webhook_endpoint',
      entityId: id,
      regionId: before.ownerRegionId,
      before: presentEndpoint(before, crypto),
      after: { ...presentEndpoint(after!, crypto), secretChanged: patch.secret !== undefined },
    });
    return presentEndpoint(after!, crypto);
  });
}

/** Messages waiting for a robot that was disabled or removed are not sent later. */
async function cancelPending(tx: Executor, endpointId: string) {
  await tx.update(webhookOutbox).set({ status: 'cancelled' }).where(and(eq(webhookOutbox.endpointId, endpointId), eq(webhookOutbox.status, 'pending')));
}

export async function deleteEndpoint(db: Db, crypto: FieldCrypto, p: Principal, id: string) {
  requireRobotManager(p);
  await db.transaction(async (tx) => {
    const before = await loadEndpoint(tx, p, id, true);
    await tx.update(webhookEndpoints).set({ deletedAt: new Date(), enabled: false }).where(eq(webhookEndpoints.id, id));
    await cancelPending(tx, id);
    await recordAudit(tx, actorOf(p), { action: 'webhook.delete', entityType: 'webhook_endpoint', entityId: id, regionId: before.ownerRegionId, before: presentEndpoint(before, crypto) });
  });
}

/** The robot's outbox, newest first, with the answer of the request that carried each row. */
export async function listOutbox(db: Executor, p: Principal, id: string, q: { page: number; pageSize: number }) {
  requireRobotManager(p);
  await loadEndpoint(db, p, id);
  const where = eq(webhookOutbox.endpointId, id);
  const [rows, total] = await Promise.all([
    db
      .select({ o: webhookOutbox, responseStatus: webhookDeliveries.responseStatus, responseBody: webhookDeliveries.responseBody, digest: webhookDeliveries.digest })
      .from(webhookOutbox)
      .leftJoin(webhookDeliveries, eq(webhookDeliveries.id, webhookOutbox.deliveryId))
      .where(where)
      .orderBy(desc(webhookOutbox.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.select({ n: count() }).from(webhookOutbox).where(where),
  ]);
  return {
    items: rows.map(({ o, responseStatus, responseBody, digest }) => ({
      id: o.id,
      kind: o.kind,
      title: o.message.title,
      status: o.status,
      attempts: o.attempts,
      nextAttemptAt: o.status === 'pending' ? o.nextAttemptAt : null,
      lastError: o.lastError,
      createdAt: o.createdAt,
      deliveredAt: o.deliveredAt,
      digest: digest ?? false,
      responseStatus,
      responseBody,
    })),
    total: Number(total[0]?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Queue a test message for one robot (sent by the outbox job like any other). */
export async function testEndpoint(db: Db, p: Principal, id: string, now: Date) {
  requireRobotManager(p);
  return db.transaction(async (tx) => {
    const e = await loadEndpoint(tx, p, id);
    const key = `test:${e.id}:${now.getTime()}`;
    await emit(tx, [
      {
        key,
        kind: 'webhook.test',
        entity: { type: 'webhook_endpoint', id: e.id },
        link: '/',
        regionId: null,
        departmentIds: [],
        recipients: [],
        inApp: () => ({ title: '', body: '' }),
        robot: robotMessage('webhook.test', { name: e.name }, '/'),
        endpointId: e.id,
      },
    ]);
    await recordAudit(tx, actorOf(p), { action: 'webhook.test', entityType: 'webhook_endpoint', entityId: e.id, regionId: e.ownerRegionId });
    return { queued: true, eventKey: key };
  });
}

