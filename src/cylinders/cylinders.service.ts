/**
 * The cylinder registry (R6.1): create (with a commissioning event), read, list with filters,
 * update. Scoped like every record (R1.4): the owner's region subtree; enterprise accounts see
 * and write only their own cylinders.
 */
import { and, asc, desc, eq, ilike, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { recordAudit, recordAuditBatch, type Actor } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { cylinderEvents, cylinders, enterprises, regions } from '../db/schema/index.js';
import { addDays } from '../registry/registry.rules.js';
import { AppError, forbidden, invalidField, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope, loadRegionInScope, recordScope } from '../shared/scope.js';
import { codeProblem, issueCode, normaliseCode } from './codes.js';
import type { CreateInput, ListQuery, UpdateInput } from './cylinders.schema.js';
import { addYears } from './dates.js';
import { designLifeEnd } from './fill-check.rules.js';
import { CYLINDER_MODELS, STATE_LABELS, type CylinderModelKey, type CylinderState, type HolderType } from './models.js';
import type { CylinderSettings } from './settings.js';

export type CylinderRow = typeof cylinders.$inferSelect;
export type NewCylinder = typeof cylinders.$inferInsert;

/** Roles that register and correct cylinders: government registry roles and the owner's admin. */
const REGISTRARS = new Set(['platform_admin', 'task_force', 'dept_officer', 'enterprise_admin']);
const GOV = new Set(['platform_admin', 'task_force', 'dept_officer']);

/** Cylinders the caller may see: the owner's region subtree; an enterprise only its own. */
export function cylinderScope(p: Principal): SQL {
  return recordScope(p, { regionId: cylinders.regionId, enterpriseId: cylinders.ownerEnterpriseId });
}

export function isGov(p: Principal): boolean {
  return p.role !== 'machine' && GOV.has(p.role);
}

function assertRegistrar(p: Principal): void {
  if (p.role === 'machine' || !REGISTRARS.has(p.role)) throw forbidden();
}

/** A code as stored, or 422 on the field. */
export function acceptCode(raw: string, path = 'code'): string {
  const code = normaliseCode(raw);
  const problem = codeProblem(code);
  if (problem) throw invalidField(path, problem === 'check' ? 'cylinder.code.check' : 'cylinder.code.format');
  return code;
}

export type InspectionStatus = 'valid' | 'due_soon' | 'overdue';
export function inspectionStatus(next: string, today: string, dueSoonDays: number): InspectionStatus {
  if (next < today) return 'overdue';
  return next <= addDays(today, dueSoonDays) ? 'due_soon' : 'valid';
}

export const publicUrlOf = (s: Pick<CylinderSettings, 'publicBaseUrl'>, code: string) => `${s.publicBaseUrl.replace(/\/+$/, '')}/c/${encodeURIComponent(code)}`;

export interface CylinderNames {
  ownerName: string | null;
  regionName: string | null;
}

/** A cylinder as the API shows it: labels, derived inspection and design-life status, holder, last filling. */
export function presentCylinder(c: CylinderRow, names: CylinderNames, today: string, s: CylinderSettings) {
  const lifeEnds = designLifeEnd(c);
  return {
    id: c.id,
    code: c.code,
    grai: c.grai,
    publicUrl: publicUrlOf(s, c.code),
    regionId: c.regionId,
    regionName: names.regionName,
    ownerEnterpriseId: c.ownerEnterpriseId,
    ownerName: names.ownerName,
    maker: c.maker,
    serialNumber: c.serialNumber,
    model: c.model,
    modelLabel: CYLINDER_MODELS[c.model as CylinderModelKey]?.label.zh ?? c.model,
    waterVolumeL: c.waterVolumeL,
    allowableFillKg: c.allowableFillKg,
    manufactureDate: c.manufactureDate,
    designLifeYears: c.designLifeYears,
    designLifeEnds: lifeEnds,
    designLifeExceeded: lifeEnds < today,
    registrationNo: c.registrationNo,
    lastInspectionDate: c.lastInspectionDate,
    nextInspectionDate: c.nextInspectionDate,
    inspectionStatus: inspectionStatus(c.nextInspectionDate, today, s.dueSoonDays),
    state: c.state as CylinderState,
    stateLabel: STATE_LABELS[c.state as CylinderState]?.zh ?? c.state,
    stateReason: c.stateReason,
    refurbished: c.refurbished,
    holder: { type: c.holderType as HolderType, id: c.holderId, name: c.holderName },
    location: { regionId: c.locationRegionId, lat: c.lastLat, lng: c.lastLng, at: c.lastEventAt },
    lastFilling: c.lastFilledAt
      ? { at: c.lastFilledAt, stationId: c.lastFillingStationId, stationName: c.lastFillingStationName, netWeightKg: c.lastNetWeightKg, eventId: c.lastFillingEventId }
      : null,
    mayLeaveStation: c.mayLeaveStation,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
export type PresentedCylinder = ReturnType<typeof presentCylinder>;

const withNames = {
  c: cylinders,
  ownerName: enterprises.name,
  regionName: regions.name,
};

/** One cylinder by code inside the caller's scope (404 outside it), optionally locked for update. */
export async function loadCylinder(tx: Executor, p: Principal | null, code: string, forUpdate = false) {
  const q = tx
    .select(withNames)
    .from(cylinders)
    .innerJoin(enterprises, eq(enterprises.id, cylinders.ownerEnterpriseId))
    .innerJoin(regions, eq(regions.id, cylinders.regionId))
    .where(and(eq(cylinders.code, normaliseCode(code)), p ? cylinderScope(p) : undefined));
  const [row] = forUpdate ? await q.for('update', { of: cylinders }) : await q;
  if (!row) throw notFound('entity.cylinder');
  return row;
}

/** The owner enterprise, in scope; enterprise accounts may only name themselves. */
async function resolveOwner(tx: Executor, p: Principal, ownerId: string | undefined) {
  const id = p.enterpriseId ?? ownerId;
  if (!id) throw invalidField('ownerEnterpriseId', 'field.required');
  if (p.enterpriseId && ownerId && ownerId !== p.enterpriseId) throw invalidField('ownerEnterpriseId', 'account.scope.outside', { what: '企业' });
  const [e] = await tx
    .select({ id: enterprises.id, name: enterprises.name, regionId: enterprises.regionId, regionCode: regions.code })
    .from(enterprises)
    .innerJoin(regions, eq(regions.id, enterprises.regionId))
    .where(and(eq(enterprises.id, id), inRegionScope(p, enterprises.regionId)));
  if (!e) throw invalidField('ownerEnterpriseId', 'account.scope.outside', { what: '企业' });
  return e;
}

/** The stored values of a new cylinder: model defaults, design life and next inspection from the settings. */
export function cylinderValues(input: Omit<CreateInput, 'code' | 'ownerEnterpriseId'>, s: CylinderSettings, today: string): Omit<NewCylinder, 'code' | 'regionId' | 'ownerEnterpriseId'> {
  const model = CYLINDER_MODELS[input.model];
  const last = input.lastInspectionDate ?? null;
  if (input.manufactureDate > today) throw invalidField('manufactureDate', 'cylinder.date.future');
  if (last && (last < input.manufactureDate || last > today)) throw invalidField('lastInspectionDate', 'cylinder.date.inspection');
  const next = input.nextInspectionDate ?? addYears(last ?? input.manufactureDate, s.inspectionIntervalYears);
  if (next < (last ?? input.manufactureDate)) throw invalidField('nextInspectionDate', 'cylinder.date.inspection');
  return {
    grai: input.grai ?? null,
    maker: input.maker,
    serialNumber: input.serialNumber,
    model: input.model,
    waterVolumeL: input.waterVolumeL ?? model.waterVolumeL,
    allowableFillKg: input.allowableFillKg ?? model.allowableFillKg,
    manufactureDate: input.manufactureDate,
    designLifeYears: input.designLifeYears ?? s.defaultDesignLifeYears,
    registrationNo: input.registrationNo ?? null,
    lastInspectionDate: last,
    nextInspectionDate: next,
    refurbished: input.refurbished ?? false,
  };
}

/** Platform codes for `n` new cylinders of an owner in a district (one sequence, never reused). */
export async function issueCodes(tx: Executor, regionCode: string, n: number): Promise<string[]> {
  const res = await tx.execute<{ n: number }>(sql`SELECT nextval('cylinder_code_seq')::int8 AS n FROM generate_series(1, ${n}::int)`);
  return res.rows.map((r) => issueCode(regionCode.slice(0, 6), Number(r.n)));
}

/**
 * Insert registered cylinders with their commissioning events and audit entries (one batch).
 * Codes already taken — by a living or a scrapped cylinder — are refused (codes are never reused).
 */
export async function insertCylinders(tx: Executor, actor: Actor & { tokenId?: string | null }, rows: NewCylinder[], at: Date, source: 'api' | 'import'): Promise<CylinderRow[]> {
  const out: CylinderRow[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000).map((r) => ({ ...r, holderType: 'enterprise', holderId: r.ownerEnterpriseId, locationRegionId: r.regionId, lastEventAt: at, createdAt: at, updatedAt: at }));
    const inserted = await tx.insert(cylinders).values(chunk).onConflictDoNothing({ target: cylinders.code }).returning();
    if (inserted.length !== chunk.length) {
      const got = new Set(inserted.map((r) => r.code));
      const taken = chunk.filter((r) => !got.has(r.code)).map((r) => r.code);
      throw new AppError('CONFLICT', 'cylinder.code.taken', { codes: taken.slice(0, 10).join('、') }, [{ path: 'code', key: 'cylinder.code.taken', params: { codes: taken.slice(0, 10).join('、') } }]);
    }
    await tx.insert(cylinderEvents).values(
      inserted.map((c) => ({
        cylinderId: c.id,
        type: 'commissioning',
        at,
        regionId: c.regionId,
        enterpriseId: c.ownerEnterpriseId,
        accountId: actor.id,
        tokenId: actor.tokenId ?? null,
        actorLabel: actor.label,
        data: { source, maker: c.maker, serialNumber: c.serialNumber, model: c.model, registrationNo: c.registrationNo },
      })),
    );
    out.push(...inserted);
  }
  await recordAuditBatch(
    tx,
    actor,
    out.map((c) => ({ action: source === 'import' ? 'cylinder.import' : 'cylinder.create', entityType: 'cylinder', entityId: c.id, regionId: c.regionId, after: c })),
  );
  return out;
}

export async function createCylinder(db: Db, p: Principal, input: CreateInput, now: Date, today: string, s: CylinderSettings) {
  assertRegistrar(p);
  const values = cylinderValues(input, s, today);
  const code = input.code ? acceptCode(input.code) : null;
  return db.transaction(async (tx) => {
    const owner = await resolveOwner(tx, p, input.ownerEnterpriseId);
    const finalCode = code ?? (await issueCodes(tx, owner.regionCode, 1))[0]!;
    const [row] = await insertCylinders(tx, actorOf(p), [{ ...values, code: finalCode, regionId: owner.regionId, ownerEnterpriseId: owner.id }], now, 'api');
    const [region] = await tx.select({ name: regions.name }).from(regions).where(eq(regions.id, row!.regionId));
    return presentCylinder(row!, { ownerName: owner.name, regionName: region?.name ?? null }, today, s);
  });
}

export async function updateCylinder(db: Db, p: Principal, code: string, input: UpdateInput, now: Date, today: string, s: CylinderSettings) {
  assertRegistrar(p);
  return db.transaction(async (tx) => {
    const { c: before } = await loadCylinder(tx, p, code, true);
    if (before.state === 'scrapped') throw new AppError('CONFLICT', 'cylinder.scrapped');
    const changes: Partial<NewCylinder> = {};
    if (input.ownerEnterpriseId && input.ownerEnterpriseId !== before.ownerEnterpriseId) {
      if (!isGov(p)) throw forbidden();
      const owner = await resolveOwner(tx, p, input.ownerEnterpriseId);
      Object.assign(changes, { ownerEnterpriseId: owner.id, regionId: owner.regionId });
    }
    const merged = {
      ...before,
      ...Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && k !== 'ownerEnterpriseId')),
    } as CylinderRow;
    if (input.model && input.waterVolumeL === undefined && input.model !== before.model) merged.waterVolumeL = CYLINDER_MODELS[input.model].waterVolumeL;
    if (input.model && input.allowableFillKg === undefined && input.model !== before.model) merged.allowableFillKg = CYLINDER_MODELS[input.model].allowableFillKg;
    if (input.lastInspectionDate && input.nextInspectionDate === undefined) merged.nextInspectionDate = addYears(input.lastInspectionDate, s.inspectionIntervalYears);
    const checked = cylinderValues(
      { ...merged, model: merged.model as CylinderModelKey, grai: merged.grai, registrationNo: merged.registrationNo, lastInspectionDate: merged.lastInspectionDate, nextInspectionDate: merged.nextInspectionDate },
      s,
      today,
    );
    Object.assign(changes, checked, { updatedAt: now });
    const [after] = await tx.update(cylinders).set(changes).where(eq(cylinders.id, before.id)).returning();
    await recordAudit(tx, actorOf(p), { action: 'cylinder.update', entityType: 'cylinder', entityId: before.id, regionId: after!.regionId, before, after });
    const names = await tx
      .select({ ownerName: enterprises.name, regionName: regions.name })
      .from(enterprises)
      .innerJoin(regions, eq(regions.id, after!.regionId))
      .where(eq(enterprises.id, after!.ownerEnterpriseId));
    return presentCylinder(after!, names[0] ?? { ownerName: null, regionName: null }, today, s);
  });
}

export async function getCylinder(db: Executor, p: Principal, code: string, today: string, s: CylinderSettings) {
  const row = await loadCylinder(db, p, code);
  return presentCylinder(row.c, row, today, s);
}

const COUNT_CAP = 10_000;

export async function cylinderWhere(db: Executor, p: Principal, q: Partial<Omit<ListQuery, 'page' | 'pageSize'>>, today: string, s: CylinderSettings): Promise<SQL> {
  const conds: (SQL | undefined)[] = [cylinderScope(p)];
  if (q.regionId) {
    const r = await loadRegionInScope(db, p, q.regionId);
    conds.push(sql`${cylinders.regionId} IN (SELECT id FROM regions WHERE path LIKE ${r.path + '%'})`);
  }
  if (q.ownerEnterpriseId) conds.push(eq(cylinders.ownerEnterpriseId, q.ownerEnterpriseId));
  if (q.state) conds.push(eq(cylinders.state, q.state));
  if (q.model) conds.push(eq(cylinders.model, q.model));
  if (q.holderType) conds.push(eq(cylinders.holderType, q.holderType));
  if (q.refurbished !== undefined) conds.push(eq(cylinders.refurbished, q.refurbished));
  const soon = addDays(today, s.dueSoonDays);
  if (q.inspection === 'overdue') conds.push(sql`${cylinders.nextInspectionDate} < ${today}::date`);
  if (q.inspection === 'due_soon') conds.push(sql`${cylinders.nextInspectionDate} BETWEEN ${today}::date AND ${soon}::date`);
  if (q.inspection === 'valid') conds.push(sql`${cylinders.nextInspectionDate} > ${soon}::date`);
  // End of design life = manufacture date + design life years (as in designLifeEnd).
  const lifeEnd = sql`(${cylinders.manufactureDate} + make_interval(years => ${cylinders.designLifeYears}))::date`;
  if (q.designLife === 'exceeded') conds.push(sql`${lifeEnd} < ${today}::date`);
  if (q.designLife === 'valid') conds.push(sql`${lifeEnd} >= ${today}::date`);
  if (q.q) {
    const term = q.q.replace(/[%_\\]/g, (c) => `\\${c}`);
    conds.push(or(like(cylinders.code, `${normaliseCode(term)}%`), ilike(cylinders.serialNumber, term)));
  }
  return and(...conds)!;
}

export async function listCylinders(db: Executor, p: Principal, q: ListQuery, today: string, s: CylinderSettings) {
  const where = await cylinderWhere(db, p, q, today, s);
  const [rows, count] = await Promise.all([
    db
      .select(withNames)
      .from(cylinders)
      .innerJoin(enterprises, eq(enterprises.id, cylinders.ownerEnterpriseId))
      .innerJoin(regions, eq(regions.id, cylinders.regionId))
      .where(where)
      .orderBy(desc(cylinders.createdAt), asc(cylinders.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${cylinders} WHERE ${where} LIMIT ${COUNT_CAP + 1}) t`),
  ]);
  const n = Number(count.rows[0]?.n ?? 0);
  return { items: rows.map((r) => presentCylinder(r.c, r, today, s)), total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP, page: q.page, pageSize: q.pageSize };
}

/** Several cylinders by code inside the scope (labels); unknown or out-of-scope codes are reported. */
export async function cylindersByCodes(db: Executor, p: Principal, codes: string[]) {
  const wanted = [...new Set(codes.map(normaliseCode))];
  const rows = wanted.length
    ? await db
        .select(withNames)
        .from(cylinders)
        .innerJoin(enterprises, eq(enterprises.id, cylinders.ownerEnterpriseId))
        .innerJoin(regions, eq(regions.id, cylinders.regionId))
        .where(and(inArray(cylinders.code, wanted), cylinderScope(p)))
    : [];
  const found = new Set(rows.map((r) => r.c.code));
  return { rows: wanted.flatMap((c) => rows.filter((r) => r.c.code === c)), missing: wanted.filter((c) => !found.has(c)) };
}

/** A batch of labels: cylinders of the filter registered between two days (China time), oldest first. */
export async function cylindersForLabels(db: Executor, where: SQL, from: string | undefined, to: string | undefined, limit: number) {
  const conds: (SQL | undefined)[] = [where];
  if (from) conds.push(sql`${cylinders.createdAt} >= ${`${from}T00:00:00+08:00`}::timestamptz`);
  if (to) conds.push(sql`${cylinders.createdAt} < ${`${to}T00:00:00+08:00`}::timestamptz + interval '1 day'`);
  return db
    .select(withNames)
    .from(cylinders)
    .innerJoin(enterprises, eq(enterprises.id, cylinders.ownerEnterpriseId))
    .innerJoin(regions, eq(regions.id, cylinders.regionId))
    .where(and(...conds))
    .orderBy(asc(cylinders.createdAt), asc(cylinders.code))
    .limit(limit);
}
