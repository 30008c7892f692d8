/**
 * 随瓶安检 at delivery (R3.4, R6.3): the delivery worker answers the DLV items of the library for
 * the user; the answers are stored as an inspection of kind `delivery`, and each failure becomes a
 * hazard of the user (plus, for Art. 9 items without a written notice, a major hazard of the
 * delivering operator). Built from the inspection module's parts (item selection, judging,
 * severity, hazard creation) inside the delivery's own transaction; only the DLV items are asked,
 * and the user counts as a bottled-LPG user whatever its registered gas source.
 */
import { inArray, sql } from 'drizzle-orm';
import { judgeAnswer, severityOf, type Answer } from '../checklists/checklist.rules.js';
import { activeItems, itemsForSubject, regionPathOf, type ItemRow } from '../checklists/checklists.service.js';
import { LIBRARY_VERSION } from '../checklists/library/index.js';
import type { Executor } from '../db/db.js';
import { accounts, inspectionAnswers, inspections } from '../db/schema/index.js';
import { claimFiles } from '../files/files.service.js';
import { createHazard, type HazardRow } from '../hazards/hazards.service.js';
import { loadSubject, type Subject } from '../registry/subjects.js';
import { invalidFields, type FieldError } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import type { DeliveryCheckInput } from './custody.schema.js';

/** The 随瓶安检 items for a user (DLV-…), as the delivery form shows them. */
export async function deliveryItems(tx: Executor, subject: Subject): Promise<ItemRow[]> {
  const rows = await activeItems(tx, await regionPathOf(tx, subject.regionId));
  return itemsForSubject(rows, { type: subject.type, kind: subject.kind, attrs: { ...subject.attrs, gasSource: 'bottled_lpg' } }).filter((r) => r.code.startsWith('DLV-'));
}

export interface DeliveryCheckResult {
  inspection: typeof inspections.$inferSelect;
  hazards: HazardRow[];
}

/** Store the 随瓶安检 of one delivery and its hazards (caller's transaction). */
export async function recordDeliveryCheck(
  tx: Executor,
  p: Principal,
  subject: Subject,
  operatorEnterpriseId: string,
  input: DeliveryCheckInput,
  now: Date,
  cylinderCode: string,
): Promise<DeliveryCheckResult> {
  const fields: FieldError[] = [];
  const items = await deliveryItems(tx, subject);
  const byId = new Map(items.map((r) => [r.id, r]));
  const answered = new Set<string>();
  const judged = input.answers.flatMap((a, i) => {
    const row = byId.get(a.itemId);
    if (!row) {
      fields.push({ path: `check.answers.${i}.itemId`, key: 'inspection.item.unknown' });
      return [];
    }
    if (answered.has(a.itemId)) fields.push({ path: `check.answers.${i}.itemId`, key: 'inspection.item.duplicate' });
    answered.add(a.itemId);
    if (a.value === undefined && a.result === undefined) {
      fields.push({ path: `check.answers.${i}.result`, key: 'field.required' });
      return [];
    }
    const answer: Answer = a.value !== undefined ? { value: a.value, flags: a.flags, result: a.result } : { result: a.result ?? 'na' };
    const j = judgeAnswer(row.def, answer);
    if ('error' in j) {
      fields.push({ path: `check.answers.${i}`, key: j.message });
      return [];
    }
    return [{ input: a, row, result: j.result, reason: j.reason }];
  });
  const missing = items.filter((r) => !answered.has(r.id));
  if (missing.length) fields.push({ path: 'check.answers', key: 'inspection.items.missing', params: { codes: missing.map((m) => m.code).join('、') } });
  if (fields.length) throw invalidFields(fields);

  const signatures = input.inspectorSignatures ?? [];
  const files = [...signatures, ...(input.representativeSignature ? [input.representativeSignature] : []), ...input.answers.flatMap((a) => a.photos ?? [])];
  await claimFiles(tx, p, [...new Set(files)], subject.regionId);
  const [me] = await tx.select({ name: accounts.displayName }).from(accounts).where(inArray(accounts.id, [p.id]));
  const failures = judged.filter((j) => j.result === 'fail');
  const seq = await tx.execute<{ code: string }>(sql`SELECT 'JC' || to_char(now(), 'YYYY') || lpad(nextval('inspection_code_seq')::text, 8, '0') AS code`);
  const [insp] = await tx
    .insert(inspections)
    .values({
      code: seq.rows[0]!.code,
      clientUuid: input.clientUuid,
      kind: 'delivery',
      regionId: subject.regionId,
      subjectType: subject.type,
      subjectId: subject.id,
      subjectName: subject.name,
      enterpriseId: operatorEnterpriseId,
      venueId: subject.venueId,
      inspectorIds: [p.id],
      inspectorNames: [me?.name ?? p.label],
      submittedAt: now,
      notes: `随瓶安检（气瓶 ${cylinderCode}）`,
      inspectorSignatures: signatures,
      representativeName: input.representativeName ?? null,
      representativeSignature: input.representativeSignature ?? null,
      writtenNoticeIssued: input.writtenNoticeIssued ?? false,
      findings: failures.length,
      libraryVersion: LIBRARY_VERSION,
      createdBy: p.id,
    })
    .returning();

  const actor = actorOf(p);
  const created: HazardRow[] = [];
  let operator: Subject | null = null;
  for (const j of judged) {
    const hazardIds: string[] = [];
    if (j.result === 'fail') {
      const def = j.row.def;
      for (const sev of severityOf(def, { subjectType: subject.type, operatorNoticeIssued: input.writtenNoticeIssued ?? false })) {
        const target = sev.against === 'operator' ? (operator ??= await loadSubject(tx, null, 'enterprise', operatorEnterpriseId)) : subject;
        const h = await createHazard(tx, actor, {
          subject: target,
          itemCode: sev.itemCode ?? def.code,
          libraryVersion: LIBRARY_VERSION,
          category: def.category,
          taskKind: def.taskKind,
          severity: sev.severity,
          description: `${def.text.zh}${j.reason ? `（${j.reason}）` : ''}${j.input.note ? `：${j.input.note}` : ''}【随瓶安检，气瓶 ${cylinderCode}${sev.against === 'operator' ? `，用户：${subject.name}` : ''}】`,
          measure: def.measure,
          basis: sev.reason,
          source: 'inspection',
          sourceRef: insp!.id,
          photos: j.input.photos ?? [],
          foundAt: now,
        });
        hazardIds.push(h.id);
        created.push(h);
      }
    }
    await tx.insert(inspectionAnswers).values({
      inspectionId: insp!.id,
      itemId: j.row.id,
      itemCode: j.row.code,
      result: j.result,
      value: j.input.value ?? null,
      flags: j.input.flags ?? null,
      photos: j.input.photos ?? [],
      note: j.input.note ?? null,
      hazardIds,
    });
  }
  return { inspection: insp!, hazards: created };
}
