/**
 * Entrusted filling (托管/委托充装): an owner lets another licensed station fill its cylinders,
 * so the fill check does not answer NOT_OWNED there (reference/cylinders.md, "Not owned by the
 * filling unit (自有产权 or entrusted)"). Created by the owner's admin or a government account.
 */
import { and, desc, eq, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { cylinderEntrustments, enterprises } from '../db/schema/index.js';
import { AppError, forbidden, invalidField, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope } from '../shared/scope.js';
import { isGov } from './cylinders.service.js';

export interface EntrustmentInput {
  ownerEnterpriseId?: string | undefined;
  stationId: string;
  validFrom: string;
  validUntil?: string | null | undefined;
  contractNo?: string | undefined;
}

/** Entrustments the caller may see: in its region; an enterprise those it gives or receives. */
function scope(p: Principal) {
  return and(
    inRegionScope(p, cylinderEntrustments.regionId),
    p.enterpriseId ? or(eq(cylinderEntrustments.ownerEnterpriseId, p.enterpriseId), eq(cylinderEntrustments.stationId, p.enterpriseId)) : undefined,
    p.venueId ? sql`false` : undefined,
  );
}

export async function listEntrustments(db: Executor, p: Principal) {
  return db.select().from(cylinderEntrustments).where(scope(p)).orderBy(desc(cylinderEntrustments.createdAt)).limit(500);
}

export async function createEntrustment(db: Db, p: Principal, input: EntrustmentInput) {
  if (!(isGov(p) || p.role === 'enterprise_admin')) throw forbidden();
  const ownerId = p.enterpriseId ?? input.ownerEnterpriseId;
  if (!ownerId) throw invalidField('ownerEnterpriseId', 'field.required');
  if (p.enterpriseId && input.ownerEnterpriseId && input.ownerEnterpriseId !== p.enterpriseId) throw invalidField('ownerEnterpriseId', 'account.scope.outside', { what: '企业' });
  if (ownerId === input.stationId) throw invalidField('stationId', 'cylinder.entrustment.self');
  if (input.validUntil && input.validUntil < input.validFrom) throw invalidField('validUntil', 'field.invalidValue');
  return db.transaction(async (tx) => {
    const [owner] = await tx.select({ id: enterprises.id, regionId: enterprises.regionId }).from(enterprises).where(and(eq(enterprises.id, ownerId), inRegionScope(p, enterprises.regionId)));
    if (!owner) throw invalidField('ownerEnterpriseId', 'account.scope.outside', { what: '企业' });
    const [station] = await tx.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.id, input.stationId));
    if (!station) throw invalidField('stationId', 'field.invalidValue');
    const values = { ownerEnterpriseId: owner.id, stationId: station.id, regionId: owner.regionId, validFrom: input.validFrom, validUntil: input.validUntil ?? null, contractNo: input.contractNo ?? null, status: 'active', updatedAt: new Date() };
    const [row] = await tx
      .insert(cylinderEntrustments)
      .values(values)
      .onConflictDoUpdate({ target: [cylinderEntrustments.ownerEnterpriseId, cylinderEntrustments.stationId], set: values })
      .returning();
    await recordAudit(tx, actorOf(p), { action: 'cylinder.entrustment.save', entityType: 'cylinder_entrustment', entityId: row!.id, regionId: row!.regionId, after: row });
    return row!;
  });
}

export async function revokeEntrustment(db: Db, p: Principal, id: string) {
  if (!(isGov(p) || p.role === 'enterprise_admin')) throw forbidden();
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(cylinderEntrustments).where(and(eq(cylinderEntrustments.id, id), scope(p))).for('update');
    if (!row) throw notFound('entity.entrustment');
    if (p.enterpriseId && row.ownerEnterpriseId !== p.enterpriseId) throw new AppError('FORBIDDEN', 'error.forbidden');
    const [after] = await tx.update(cylinderEntrustments).set({ status: 'revoked', updatedAt: new Date() }).where(eq(cylinderEntrustments.id, id)).returning();
    await recordAudit(tx, actorOf(p), { action: 'cylinder.entrustment.revoke', entityType: 'cylinder_entrustment', entityId: id, regionId: row.regionId, before: row, after });
    return after!;
  });
}
