import { and, asc, count, desc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { departments, enterprises, regions, supervisionRecords } from '../db/schema/index.js';
import { claimFiles } from '../files/files.service.js';
import { AppError, invalidField, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope, loadRegionInScope } from '../shared/scope.js';
import { announceRecord } from './supervision.notify.js';
import { mayRecord, type RecordKind, type UnitType } from './supervision.rules.js';
import { recordScope, supervisionActor } from './supervision.scope.js';

type RecordRow = typeof supervisionRecords.$inferSelect;

export interface RecordInput {
  unitType: UnitType;
  unitId: string;
  date: string;
  title: string;
  docNumber?: string | undefined;
  participants: string[];
  summary: string;
  documents: string[];
}

export const presentRecord = (r: RecordRow) => ({ ...r, documents: r.documents.map((id) => ({ id, url: `/api/v1/files/${id}` })) });

/** The unit a record is about, if the caller can see it: a department, a town/street or an enterprise. */
async function resolveUnit(tx: Executor, p: Principal, type: UnitType, id: string): Promise<{ name: string; regionId: string; regionPath: string }> {
  switch (type) {
    case 'department': {
      const [d] = await tx
        .select({ name: departments.name, regionId: departments.regionId, regionPath: regions.path })
        .from(departments)
        .innerJoin(regions, eq(regions.id, departments.regionId))
        .where(and(eq(departments.id, id), eq(departments.status, 'active'), inRegionScope(p, departments.regionId)));
      if (!d) throw notFound('entity.department');
      return d;
    }
    case 'town': {
      const r = await loadRegionInScope(tx, p, id);
      if (r.level !== 'town') throw invalidField('unitId', 'supervision.target.notTown');
      return { name: r.name, regionId: r.id, regionPath: r.path };
    }
    case 'enterprise': {
      const [e] = await tx
        .select({ name: enterprises.name, regionId: enterprises.regionId, regionPath: regions.path })
        .from(enterprises)
        .innerJoin(regions, eq(regions.id, enterprises.regionId))
        .where(and(eq(enterprises.id, id), inRegionScope(p, enterprises.regionId)));
      if (!e) throw notFound('entity.enterprise');
      return e;
    }
  }
}

/** Record a warning letter (警示建议函) or an interview (约谈) against a unit (R5.1), audited. */
export async function createRecord(db: Db, p: Principal, kind: RecordKind, input: RecordInput) {
  return db.transaction(async (tx) => {
    const unit = await resolveUnit(tx, p, input.unitType, input.unitId);
    const v = mayRecord(supervisionActor(p), { type: input.unitType, regionPath: unit.regionPath });
    if (!v.ok) throw new AppError('FORBIDDEN', v.key);
    await claimFiles(tx, p, input.documents, unit.regionId);
    const actor = actorOf(p);
    const [row] = await tx
      .insert(supervisionRecords)
      .values({
        kind,
        unitType: input.unitType,
        unitId: input.unitId,
        unitName: unit.name,
        regionId: unit.regionId,
        date: input.date,
        title: input.title,
        docNumber: input.docNumber ?? null,
        participants: input.participants,
        summary: input.summary,
        documents: input.documents,
        recordedBy: actor.id,
        recordedByLabel: actor.label,
        recorderDepartmentId: p.role === 'dept_officer' ? p.departmentId : null,
      })
      .returning();
    await recordAudit(tx, actor, { action: `supervision.${kind}.create`, entityType: 'supervision_record', entityId: row!.id, regionId: row!.regionId, after: row });
    await announceRecord(tx, row!);
    return presentRecord(row!);
  });
}

export interface RecordListQuery {
  unitType?: UnitType | undefined;
  unitId?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listRecords(db: Executor, p: Principal, kind: RecordKind, q: RecordListQuery) {
  const where = and(
    eq(supervisionRecords.kind, kind),
    recordScope(p),
    q.unitType ? eq(supervisionRecords.unitType, q.unitType) : undefined,
    q.unitId ? eq(supervisionRecords.unitId, q.unitId) : undefined,
  );
  const [rows, total] = await Promise.all([
    db.select().from(supervisionRecords).where(where).orderBy(desc(supervisionRecords.date), asc(supervisionRecords.id)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ n: count() }).from(supervisionRecords).where(where),
  ]);
  return { items: rows.map(presentRecord), total: Number(total[0]?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

export async function getRecord(db: Executor, p: Principal, kind: RecordKind, id: string) {
  const [row] = await db.select().from(supervisionRecords).where(and(eq(supervisionRecords.id, id), eq(supervisionRecords.kind, kind), recordScope(p)));
  if (!row) throw notFound('entity.supervisionRecord');
  return presentRecord(row);
}
