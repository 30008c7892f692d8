import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { campaigns, progressReports, regions } from '../db/schema/index.js';
import { AppError, forbidden, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope, loadRegionInScope } from '../shared/scope.js';
import { dueDates, isLate, reportPeriod } from './calendar.rules.js';
import { campaignUnits, loadCampaignVisible } from './campaigns.service.js';
import { draftReport } from './progress.draft.js';
import { auditReminderSink, type ReminderSink } from './reminders.js';

export type ProgressReportRow = typeof progressReports.$inferSelect;

const CALENDAR_LOCK = 7303002;
/** Report rows appear this many days before they fall due, so units can prepare. */
const LEAD_DAYS = 7;
/** Units are reminded from this many days before the due date, and daily while late. */
const REMIND_DAYS = 2;

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** China date of an instant. */
export const chinaDate = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The reporting calendar job (R5.2): create each unit's report row for due dates now coming up,
 * flag the late ones, and remind units whose report is due soon or late (once a day each).
 * One instance at a time (advisory lock); idempotent.
 */
export async function runReportCalendar(db: Db, now: Date, sink: ReminderSink = auditReminderSink, campaignId?: string) {
  const today = chinaDate(now);
  return db.transaction(async (tx) => {
    const lock = await tx.execute<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${CALENDAR_LOCK}) AS ok`);
    if (!lock.rows[0]?.ok) return { ran: false, created: 0, late: 0, reminded: 0 };
    const active = await tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.status, 'active'), campaignId ? eq(campaigns.id, campaignId) : sql`true`));
    let created = 0;
    for (const c of active) {
      const from = c.reportingFrom > c.startDate ? c.reportingFrom : c.startDate;
      const dues = dueDates(c.calendar, c, from, addDays(today, LEAD_DAYS));
      if (dues.length === 0) continue;
      const units = await campaignUnits(tx, c);
      const rows = dues.flatMap((d) => {
        const period = reportPeriod(c.calendar, c, d.date);
        return units.map((u) => ({ campaignId: c.id, unitType: u.type, unitId: u.id, unitName: u.name, regionId: u.regionId, dueDate: d.date, periodFrom: period.from, periodTo: period.to }));
      });
      for (let i = 0; i < rows.length; i += 500) {
        const res = await tx.insert(progressReports).values(rows.slice(i, i + 500)).onConflictDoNothing().returning({ id: progressReports.id });
        created += res.length;
      }
    }
    const late = await tx.execute(sql`UPDATE progress_reports SET late = true, updated_at = now() WHERE status = 'pending' AND due_date < ${today}::date AND NOT late`);
    const due = await tx.execute<{ id: string; campaign_id: string; campaign_name: string; unit_type: 'region' | 'department'; unit_id: string; unit_name: string; region_id: string; due_date: string; late: boolean }>(sql`
      UPDATE progress_reports r SET reminded_at = ${now.toISOString()}::timestamptz, reminders = r.reminders + 1
      FROM campaigns c
      WHERE c.id = r.campaign_id AND c.status = 'active' AND r.status = 'pending' AND r.due_date <= ${addDays(today, REMIND_DAYS)}::date
        AND (r.reminded_at IS NULL OR r.reminded_at < (${today}::date)::timestamp AT TIME ZONE 'Asia/Shanghai')
      RETURNING r.id, r.campaign_id, c.name AS campaign_name, r.unit_type, r.unit_id, r.unit_name, r.region_id, to_char(r.due_date, 'YYYY-MM-DD') AS due_date, r.late`);
    if (due.rows.length) {
      await sink.remind(
        tx,
        due.rows.map((r) => ({ reportId: r.id, campaignId: r.campaign_id, campaignName: r.campaign_name, unitType: r.unit_type, unitId: r.unit_id, unitName: r.unit_name, regionId: r.region_id, dueDate: r.due_date, late: r.late })),
      );
    }
    return { ran: true, created, late: late.rowCount ?? 0, reminded: due.rows.length };
  });
}

/** Reports the caller may see: its region subtree; a department officer only its department's. */
function reportScope(p: Principal): SQL {
  const parts: SQL[] = [inRegionScope(p, progressReports.regionId)];
  if (p.role === 'dept_officer') parts.push(sql`${progressReports.unitType} = 'department' AND ${progressReports.unitId} = ${p.departmentId}`);
  if (p.enterpriseId || p.venueId || p.role === 'machine') parts.push(sql`false`);
  return and(...parts)!;
}

/** Who writes and submits a unit's report: the town's own officials, or the department's officers. */
export function isUnitMember(p: Principal, r: Pick<ProgressReportRow, 'unitType' | 'unitId'>): boolean {
  if (r.unitType === 'department') return p.role === 'dept_officer' && p.departmentId === r.unitId;
  return (p.role === 'town_officer' || p.role === 'task_force') && p.regionId === r.unitId;
}

function present(r: ProgressReportRow, p: Principal, today: string) {
  const submittedOn = r.submittedAt ? chinaDate(r.submittedAt) : null;
  return { ...r, late: isLate(r.dueDate, submittedOn, today), canEdit: r.status === 'pending' && isUnitMember(p, r) };
}

export async function listProgressReports(db: Executor, p: Principal, campaignId: string, q: { dueDate?: string | undefined; status?: string | undefined }, today: string) {
  await loadCampaignVisible(db, p, campaignId);
  const rows = await db
    .select()
    .from(progressReports)
    .where(and(eq(progressReports.campaignId, campaignId), reportScope(p), q.dueDate ? eq(progressReports.dueDate, q.dueDate) : undefined, q.status ? eq(progressReports.status, q.status) : undefined))
    .orderBy(asc(progressReports.dueDate), asc(progressReports.unitType), asc(progressReports.unitName))
    .limit(2000);
  return { items: rows.map((r) => present(r, p, today)) };
}

async function loadReport(db: Executor, p: Principal, id: string, forUpdate = false): Promise<ProgressReportRow> {
  const q = db.select().from(progressReports).where(and(eq(progressReports.id, id), reportScope(p)));
  const [r] = forUpdate ? await q.for('update') : await q;
  if (!r) throw notFound('entity.progressReport');
  return r;
}

async function unitOf(db: Executor, r: ProgressReportRow) {
  const [region] = await db.select({ path: regions.path }).from(regions).where(eq(regions.id, r.regionId));
  return { type: r.unitType as 'region' | 'department', id: r.unitId, regionId: r.regionId, regionPath: region?.path ?? '/' };
}

/** One report; while pending its draft is computed afresh from the unit's data. */
export async function getProgressReport(db: Executor, p: Principal, id: string, now: Date) {
  const r = await loadReport(db, p, id);
  const today = chinaDate(now);
  const draft = r.status === 'pending' ? await draftReport(db, await unitOf(db, r), r.periodFrom, r.periodTo, today, now) : r.draft;
  return { ...present(r, p, today), draft };
}

/** Save the unit's text (pending reports only). */
export async function saveProgressText(db: Db, p: Principal, id: string, text: string, now: Date) {
  return db.transaction(async (tx) => {
    const r = await loadReport(tx, p, id, true);
    if (!isUnitMember(p, r)) throw forbidden();
    if (r.status !== 'pending') throw new AppError('CONFLICT', 'progress.alreadySubmitted');
    const [after] = await tx.update(progressReports).set({ text, updatedAt: now }).where(eq(progressReports.id, id)).returning();
    return present(after!, p, chinaDate(now));
  });
}

/** Submit: the draft is frozen as it stands now, with the unit's text; late if after the due day. */
export async function submitProgressReport(db: Db, p: Principal, id: string, text: string | undefined, now: Date) {
  return db.transaction(async (tx) => {
    const r = await loadReport(tx, p, id, true);
    if (!isUnitMember(p, r)) throw forbidden();
    if (r.status !== 'pending') throw new AppError('CONFLICT', 'progress.alreadySubmitted');
    const finalText = text ?? r.text;
    if (!finalText?.trim()) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'text', key: 'field.required' }]);
    const today = chinaDate(now);
    const draft = await draftReport(tx, await unitOf(tx, r), r.periodFrom, r.periodTo, today, now);
    const late = isLate(r.dueDate, today, today);
    const [after] = await tx
      .update(progressReports)
      .set({ status: 'submitted', text: finalText, draft, submittedAt: now, submittedBy: p.id, late, updatedAt: now })
      .where(eq(progressReports.id, id))
      .returning();
    await recordAudit(tx, actorOf(p), { action: 'progress_report.submit', entityType: 'progress_report', entityId: id, regionId: r.regionId, after: { dueDate: r.dueDate, late } });
    return present(after!, p, today);
  });
}

/** Every unit's report for one due date, drafts filled in for those still pending (the compiled report). */
export async function compiledReports(db: Executor, p: Principal, campaignId: string, dueDate: string, now: Date) {
  const c = await loadCampaignVisible(db, p, campaignId);
  await loadRegionInScope(db, p, c.regionId); // the upper level: the campaign's region is in the caller's scope
  const rows = await db
    .select()
    .from(progressReports)
    .where(and(eq(progressReports.campaignId, campaignId), eq(progressReports.dueDate, dueDate)))
    .orderBy(asc(progressReports.unitType), asc(progressReports.unitName));
  const today = chinaDate(now);
  const items = [];
  for (const r of rows) {
    const draft = r.status === 'pending' ? await draftReport(db, await unitOf(db, r), r.periodFrom, r.periodTo, today, now) : r.draft;
    items.push({ ...present(r, p, today), draft });
  }
  return { campaign: c, dueDate, items };
}
