import { and, desc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { regions, typicalCases } from '../db/schema/index.js';
import { requireOfficial } from '../dashboard/dashboard.service.js';
import { forbidden, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope, loadRegionInScope } from '../shared/scope.js';

/** Who curates typical cases (典型案例): the task force and department officers. */
const CURATORS = new Set(['platform_admin', 'task_force', 'dept_officer']);

export interface CaseInput {
  regionId: string;
  title: string;
  summary: string;
  caseDate: string;
  hazardId?: string | null | undefined;
}

export async function listCases(db: Executor, p: Principal) {
  requireOfficial(p);
  const rows = await db
    .select({ c: typicalCases, regionName: regions.name })
    .from(typicalCases)
    .innerJoin(regions, eq(regions.id, typicalCases.regionId))
    .where(inRegionScope(p, typicalCases.regionId))
    .orderBy(desc(typicalCases.caseDate))
    .limit(500);
  return { items: rows.map((r) => ({ ...r.c, regionName: r.regionName })) };
}

export async function createCase(db: Db, p: Principal, input: CaseInput) {
  if (p.role === 'machine' || !CURATORS.has(p.role)) throw forbidden();
  return db.transaction(async (tx) => {
    const region = await loadRegionInScope(tx, p, input.regionId);
    const [row] = await tx
      .insert(typicalCases)
      .values({ regionId: region.id, title: input.title, summary: input.summary, caseDate: input.caseDate, hazardId: input.hazardId ?? null, createdBy: p.id })
      .returning();
    await recordAudit(tx, actorOf(p), { action: 'typical_case.create', entityType: 'typical_case', entityId: row!.id, regionId: region.id, after: row });
    return row!;
  });
}

/** Edit a case, or publish / withdraw it from the public pages (R8.2). */
export async function updateCase(db: Db, p: Principal, id: string, patch: Partial<Omit<CaseInput, 'regionId'>> & { published?: boolean | undefined }) {
  if (p.role === 'machine' || !CURATORS.has(p.role)) throw forbidden();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(typicalCases).where(and(eq(typicalCases.id, id), inRegionScope(p, typicalCases.regionId))).for('update');
    if (!before) throw notFound('entity.typicalCase');
    const publishing = patch.published === true && !before.published;
    const [after] = await tx
      .update(typicalCases)
      .set({
        title: patch.title ?? before.title,
        summary: patch.summary ?? before.summary,
        caseDate: patch.caseDate ?? before.caseDate,
        hazardId: patch.hazardId === undefined ? before.hazardId : patch.hazardId,
        published: patch.published ?? before.published,
        publishedAt: publishing ? new Date() : patch.published === false ? null : before.publishedAt,
        updatedAt: new Date(),
      })
      .where(eq(typicalCases.id, id))
      .returning();
    const action = publishing ? 'publish' : patch.published === false && before.published ? 'withdraw' : 'update';
    await recordAudit(tx, actorOf(p), { action: `typical_case.${action}`, entityType: 'typical_case', entityId: id, regionId: before.regionId, before, after });
    return after!;
  });
}
