import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import { judgeAnswer, severityOf, type Answer } from '../checklists/checklist.rules.js';
import { activeItems, itemsForSubject, regionPathOf } from '../checklists/checklists.service.js';
import { LIBRARY_VERSION } from '../checklists/library/index.js';
import type { Db, Executor } from '../db/db.js';
import { accounts, inspectionAnswers, inspections, inspectionTasks, jointVisits } from '../db/schema/index.js';
import type { TaskKind } from '../departments/taxonomy.js';
import { claimFiles } from '../files/files.service.js';
import { createHazard, type HazardRow } from '../hazards/hazards.service.js';
import { loadSubject, type Subject, type SubjectType } from '../registry/subjects.js';
import { AppError, forbidden, notFound, type FieldError } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { recordScope } from '../shared/scope.js';
import { inspectionKind, needsRepresentativeSignature } from './inspections.rules.js';

export interface AnswerInput {
  itemId: string;
  result?: 'pass' | 'fail' | 'na' | undefined;
  value?: number | undefined;
  flags?: Record<string, boolean> | undefined;
  photos?: string[] | undefined;
  note?: string | undefined;
}

export interface InspectionInput {
  clientUuid: string;
  subjectType: SubjectType;
  subjectId: string;
  taskId?: string | undefined;
  /** A joint visit (R3.6): one record completes every department's task of it. */
  jointVisitId?: string | undefined;
  startedAt?: string | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  gpsAccuracyM?: number | undefined;
  notes?: string | undefined;
  coInspectorIds?: string[] | undefined;
  inspectorSignatures: string[];
  representativeName?: string | undefined;
  representativeSignature?: string | undefined;
  writtenNoticeIssued?: boolean | undefined;
  correctsId?: string | undefined;
  answers: AnswerInput[];
}

export type InspectionRow = typeof inspections.$inferSelect;

const bad = (fields: FieldError[]) => new AppError('UNPROCESSABLE', 'error.validation', {}, fields);

/**
 * Store a submitted inspection (R3.7) and put each failure on the hazard ledger (R4.1) with
 * severity, departments and town from the item and the matrix; Art. 9 findings also open a major
 * hazard against the supplying operator unless a written notice was issued (R3.5). One
 * transaction: the record and its hazards appear together or not at all. Resubmitting the same
 * form (same clientUuid, e.g. after a lost connection) returns the stored record.
 */
export async function submitInspection(db: Db, p: Principal, input: InspectionInput, now: Date) {
  if (p.kind !== 'account') throw forbidden();
  const [existing] = await db.select().from(inspections).where(eq(inspections.clientUuid, input.clientUuid));
  if (existing) {
    if (existing.createdBy !== p.id) throw forbidden();
    return { inspection: existing, hazards: [] as HazardRow[], duplicate: true };
  }
  return db.transaction(async (tx) => {
    const subject = await loadSubject(tx, p, input.subjectType, input.subjectId);
    const kind = inspectionKind(p, subject);
    if (!kind) throw forbidden();
    const fields: FieldError[] = [];
    if (input.inspectorSignatures.length === 0) fields.push({ path: 'inspectorSignatures', key: 'inspection.signature.inspector' });
    if (needsRepresentativeSignature(kind) && (!input.representativeSignature || !input.representativeName)) {
      fields.push({ path: 'representativeSignature', key: 'inspection.signature.representative' });
    }
    if (input.correctsId) {
      const [orig] = await tx.select({ subjectId: inspections.subjectId }).from(inspections).where(and(eq(inspections.id, input.correctsId), inspectionScope(p)));
      if (!orig || orig.subjectId !== subject.id) fields.push({ path: 'correctsId', key: 'field.invalidValue' });
    }

    // Every applicable item answered exactly once, and each answer consistent with its rule.
    const rows = itemsForSubject(await activeItems(tx, await regionPathOf(tx, subject.regionId)), { type: subject.type, kind: subject.kind, attrs: subject.attrs });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const answered = new Set<string>();
    const judged = input.answers.map((a, i) => {
      const row = byId.get(a.itemId);
      if (!row) {
        fields.push({ path: `answers.${i}.itemId`, key: 'inspection.item.unknown' });
        return null;
      }
      if (answered.has(a.itemId)) fields.push({ path: `answers.${i}.itemId`, key: 'inspection.item.duplicate' });
      answered.add(a.itemId);
      const answer: Answer = a.value !== undefined ? { value: a.value, flags: a.flags, result: a.result } : { result: a.result ?? 'na' };
      if (a.value === undefined && a.result === undefined) {
        fields.push({ path: `answers.${i}.result`, key: 'field.required' });
        return null;
      }
      const j = judgeAnswer(row.def, answer);
      if ('error' in j) {
        fields.push({ path: `answers.${i}`, key: j.message });
        return null;
      }
      return { input: a, row, result: j.result, reason: j.reason };
    });
    const missing = rows.filter((r) => !answered.has(r.id));
    if (missing.length) fields.push({ path: 'answers', key: 'inspection.items.missing', params: { codes: missing.map((m) => m.code).join('、') } });
    if (fields.length) throw bad(fields);

    const allFiles = [...input.inspectorSignatures, ...(input.representativeSignature ? [input.representativeSignature] : []), ...input.answers.flatMap((a) => a.photos ?? [])];
    await claimFiles(tx, p, [...new Set(allFiles)], subject.regionId);

    const inspectors = [p.id, ...(input.coInspectorIds ?? []).filter((x) => x !== p.id)];
    const names = await tx.select({ id: accounts.id, name: accounts.displayName }).from(accounts).where(inArray(accounts.id, inspectors));
    if (names.length !== inspectors.length) throw bad([{ path: 'coInspectorIds', key: 'field.invalidValue' }]);
    const nameOf = new Map(names.map((n) => [n.id, n.name]));
    const failures = judged.filter((j) => j!.result === 'fail');
    const seq = await tx.execute<{ code: string }>(sql`SELECT 'JC' || to_char(now(), 'YYYY') || lpad(nextval('inspection_code_seq')::text, 8, '0') AS code`);
    const [insp] = await tx
      .insert(inspections)
      .values({
        code: seq.rows[0]!.code,
        clientUuid: input.clientUuid,
        kind,
        regionId: subject.regionId,
        subjectType: subject.type,
        subjectId: subject.id,
        subjectName: subject.name,
        enterpriseId: subject.enterpriseId ?? subject.supplierId,
        venueId: subject.venueId,
        taskId: input.taskId ?? null,
        jointVisitId: input.jointVisitId ?? null,
        inspectorIds: inspectors,
        inspectorNames: inspectors.map((i) => nameOf.get(i) ?? ''),
        startedAt: input.startedAt ? new Date(input.startedAt) : null,
        submittedAt: now,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        gpsAccuracyM: input.gpsAccuracyM ?? null,
        notes: input.notes ?? null,
        inspectorSignatures: input.inspectorSignatures,
        representativeName: input.representativeName ?? null,
        representativeSignature: input.representativeSignature ?? null,
        writtenNoticeIssued: input.writtenNoticeIssued ?? false,
        findings: failures.length,
        libraryVersion: LIBRARY_VERSION,
        correctsId: input.correctsId ?? null,
        createdBy: p.id,
      })
      .returning();

    const actor = actorOf(p);
    const created: HazardRow[] = [];
    let supplier: Subject | null | undefined;
    const answerRows: (typeof inspectionAnswers.$inferInsert)[] = [];
    for (const j of judged) {
      const hazardIds: string[] = [];
      if (j!.result === 'fail') {
        const def = j!.row.def;
        for (const sev of severityOf(def, { subjectType: subject.type, operatorNoticeIssued: input.writtenNoticeIssued ?? false })) {
          let target: Subject | null = subject;
          if (sev.against === 'operator') {
            supplier ??= subject.supplierId ? await loadSubject(tx, null, 'enterprise', subject.supplierId) : null;
            target = supplier;
          }
          if (!target) continue; // no known supplier: the user's hazard stands alone (noted in the record)
          const h = await createHazard(tx, actor, {
            subject: target,
            itemCode: sev.itemCode ?? def.code,
            libraryVersion: LIBRARY_VERSION,
            category: def.category,
            taskKind: sev.against === 'operator' ? ('gas_enterprise' as TaskKind) : def.taskKind,
            severity: sev.severity,
            description: `${def.text.zh}${j!.reason ? `（${j!.reason}）` : ''}${j!.input.note ? `：${j!.input.note}` : ''}${sev.against === 'operator' ? `【用户：${subject.name}】` : ''}`,
            measure: def.measure,
            basis: sev.reason,
            source: kind === 'self' ? 'self_check' : 'inspection',
            sourceRef: insp!.id,
            photos: j!.input.photos ?? [],
            foundAt: now,
          });
          hazardIds.push(h.id);
          created.push(h);
        }
      }
      answerRows.push({
        inspectionId: insp!.id,
        itemId: j!.row.id,
        itemCode: j!.row.code,
        result: j!.result,
        value: j!.input.value ?? null,
        flags: j!.input.flags ?? null,
        photos: j!.input.photos ?? [],
        note: j!.input.note ?? null,
        hazardIds,
      });
    }
    // One statement for all answers (30–70 per form), not a round trip each.
    if (answerRows.length) await tx.insert(inspectionAnswers).values(answerRows);
    if (input.taskId) {
      await tx.update(inspectionTasks).set({ status: 'done', inspectionId: insp!.id }).where(and(eq(inspectionTasks.id, input.taskId), eq(inspectionTasks.subjectId, subject.id)));
    }
    if (input.jointVisitId) {
      await tx.update(inspectionTasks).set({ status: 'done', inspectionId: insp!.id }).where(and(eq(inspectionTasks.jointVisitId, input.jointVisitId), eq(inspectionTasks.subjectId, subject.id)));
      await tx.update(jointVisits).set({ status: 'done' }).where(and(eq(jointVisits.id, input.jointVisitId), eq(jointVisits.subjectId, subject.id)));
    }
    await recordAudit(tx, actor, { action: 'inspection.submit', entityType: 'inspection', entityId: insp!.id, regionId: subject.regionId, after: { code: insp!.code, subject: subject.name, findings: failures.length, hazards: created.map((h) => h.code) } });
    return { inspection: insp!, hazards: created, duplicate: false };
  });
}

export function inspectionScope(p: Principal) {
  return recordScope(p, { regionId: inspections.regionId, enterpriseId: inspections.enterpriseId, venueId: inspections.venueId });
}

export async function getInspection(db: Executor, p: Principal, id: string) {
  const [insp] = await db.select().from(inspections).where(and(eq(inspections.id, id), inspectionScope(p)));
  if (!insp) throw notFound('entity.inspection');
  const answers = await db.select().from(inspectionAnswers).where(eq(inspectionAnswers.inspectionId, id));
  const corrections = await db.select({ id: inspections.id, code: inspections.code, submittedAt: inspections.submittedAt }).from(inspections).where(eq(inspections.correctsId, id));
  return { inspection: insp, answers, corrections };
}

export async function listInspections(
  db: Executor,
  p: Principal,
  q: { subjectType?: string | undefined; subjectId?: string | undefined; kind?: string | undefined; page: number; pageSize: number },
) {
  const where = and(
    inspectionScope(p),
    q.subjectType ? eq(inspections.subjectType, q.subjectType) : undefined,
    q.subjectId ? eq(inspections.subjectId, q.subjectId) : undefined,
    q.kind ? eq(inspections.kind, q.kind) : undefined,
  );
  const [rows, count] = await Promise.all([
    db.select().from(inspections).where(where).orderBy(desc(inspections.submittedAt)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ n: sql<number>`count(*)::int` }).from(inspections).where(where),
  ]);
  return { items: rows, total: count[0]?.n ?? 0, page: q.page, pageSize: q.pageSize };
}
