import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { accounts, departments, files, publicReports, regions } from '../db/schema/index.js';
import { routeHazard } from '../departments/matrix.service.js';
import { requireOfficial } from '../dashboard/dashboard.service.js';
import { createHazard } from '../hazards/hazards.service.js';
import { loadSubject, type SubjectType } from '../registry/subjects.js';
import { AppError, forbidden, notFound } from '../shared/errors.js';
import type { FieldCrypto } from '../shared/field-crypto.js';
import { actorOf } from '../shared/http.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope, loadRegionInScope } from '../shared/scope.js';
import { maskPersonName, maskPhone } from '../shared/validation.js';
import { DEFAULT_OUTCOME, STATUS_LABELS, TOPIC_ROUTES, type ReportStatus, type Topic } from './public.rules.js';

export type PublicReportRow = typeof publicReports.$inferSelect;

const reportScope = (p: Principal): SQL => inRegionScope(p, publicReports.regionId);

async function loadReport(db: Executor, p: Principal, id: string, forUpdate = false): Promise<PublicReportRow> {
  requireOfficial(p);
  const q = db.select().from(publicReports).where(and(eq(publicReports.id, id), reportScope(p)));
  const [r] = forUpdate ? await q.for('update') : await q;
  if (!r) throw notFound('entity.publicReport');
  return r;
}

const decrypt = (crypto: FieldCrypto, v: string | null) => (v ? crypto.decrypt(v) : null);

/**
 * A report as an officer sees it. The reporter's name and phone are masked for everyone but the
 * assigned officer (R8.1: identity protected); showing them in full is audited by the caller.
 */
function present(r: PublicReportRow, p: Principal, crypto: FieldCrypto, extra: Record<string, unknown> = {}, mayReveal = true) {
  const isAssignee = mayReveal && r.assignedTo !== null && r.assignedTo === p.id;
  const name = decrypt(crypto, r.reporterName);
  const phone = decrypt(crypto, r.reporterPhone);
  const { reporterName: _n, reporterPhone: _p, ipHash: _i, ...rest } = r;
  return {
    ...rest,
    topicLabel: TOPIC_ROUTES[r.topic as Topic]?.label ?? null,
    statusLabel: STATUS_LABELS[r.status as ReportStatus],
    reporter: { name: isAssignee ? name : maskPersonName(name), phone: isAssignee ? phone : maskPhone(phone), revealed: isAssignee && (name !== null || phone !== null), anonymous: name === null && phone === null },
    isAssignee,
    ...extra,
  };
}

export interface ReportListQuery {
  regionId?: string | undefined;
  status?: ReportStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
  mine?: boolean | undefined;
  page: number;
  pageSize: number;
}

/** Reports in the caller's region subtree (R8.1), newest first; identities masked. */
export async function listReports(db: Executor, p: Principal, crypto: FieldCrypto, q: ReportListQuery) {
  requireOfficial(p);
  const conds: (SQL | undefined)[] = [reportScope(p)];
  if (q.regionId) {
    const r = await loadRegionInScope(db, p, q.regionId);
    conds.push(sql`${publicReports.regionId} IN (SELECT id FROM regions WHERE path LIKE ${r.path + '%'})`);
  }
  if (q.status) conds.push(eq(publicReports.status, q.status));
  if (q.from) conds.push(sql`${publicReports.submittedAt} >= (${q.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (q.to) conds.push(sql`${publicReports.submittedAt} < (${q.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
  if (q.mine) conds.push(eq(publicReports.assignedTo, p.id));
  const where = and(...conds);
  const [rows, count] = await Promise.all([
    db.select({ r: publicReports, leadName: departments.name }).from(publicReports).leftJoin(departments, eq(departments.id, publicReports.leadDepartmentId)).where(where).orderBy(desc(publicReports.submittedAt)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ n: sql<number>`count(*)::int` }).from(publicReports).where(where),
  ]);
  return { items: rows.map((x) => present(x.r, p, crypto, { leadName: x.leadName, isAssignee: x.r.assignedTo === p.id }, false)), total: count[0]?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** One report; when the assigned officer reads it, the identity shown in full is audited. */
export async function getReport(db: Db, p: Principal, crypto: FieldCrypto, id: string) {
  const r = await loadReport(db, p, id);
  const photos = r.photos.length ? await db.select({ id: files.id }).from(files).where(sql`${files.id} IN ${r.photos}`) : [];
  const [lead] = r.leadDepartmentId ? await db.select({ name: departments.name }).from(departments).where(eq(departments.id, r.leadDepartmentId)) : [];
  const [assignee] = r.assignedTo ? await db.select({ name: accounts.displayName }).from(accounts).where(eq(accounts.id, r.assignedTo)) : [];
  const out = present(r, p, crypto, { leadName: lead?.name ?? null, assigneeName: assignee?.name ?? null, photoUrls: photos.map((f) => `/api/v1/files/${f.id}`) });
  if (out.reporter.revealed) {
    await recordAudit(db, actorOf(p), { action: 'public_report.identity.view', entityType: 'public_report', entityId: r.id, regionId: r.regionId });
  }
  return out;
}

/** May `p` handle this report: the lead department's officers, the territorial town, the task force above. */
function mayHandle(p: Principal, r: PublicReportRow, townPath: string | null, regionPath: string): boolean {
  switch (p.role) {
    case 'platform_admin':
      return true;
    case 'task_force':
      return regionPath.startsWith(p.regionPath);
    case 'dept_officer':
      return p.departmentId !== null && p.departmentId === r.leadDepartmentId;
    case 'town_officer':
      return (townPath ?? regionPath).startsWith(p.regionPath);
    default:
      return false;
  }
}

async function pathsOf(tx: Executor, r: PublicReportRow) {
  const ids = [r.regionId, r.townId].filter((x): x is string => x !== null);
  const rows = await tx.select({ id: regions.id, path: regions.path }).from(regions).where(sql`${regions.id} IN ${ids}`);
  const m = new Map(rows.map((x) => [x.id, x.path]));
  return { regionPath: m.get(r.regionId) ?? '/', townPath: r.townId ? (m.get(r.townId) ?? null) : null };
}

async function update(tx: Executor, p: Principal, r: PublicReportRow, action: string, set: Partial<typeof publicReports.$inferInsert>) {
  const [after] = await tx.update(publicReports).set({ ...set, updatedAt: new Date() }).where(eq(publicReports.id, r.id)).returning();
  await recordAudit(tx, actorOf(p), { action: `public_report.${action}`, entityType: 'public_report', entityId: r.id, regionId: r.regionId, before: { status: r.status, assignedTo: r.assignedTo }, after: { ...set, reporterName: undefined, reporterPhone: undefined } });
  return after!;
}

/** Take a report to handle (becomes the assigned officer), or have the task force assign one. */
export async function assignReport(db: Db, p: Principal, crypto: FieldCrypto, id: string, accountId: string | null) {
  return db.transaction(async (tx) => {
    const r = await loadReport(tx, p, id, true);
    if (r.status === 'substantiated' || r.status === 'unsubstantiated') throw new AppError('CONFLICT', 'report.alreadyVerified');
    const { regionPath, townPath } = await pathsOf(tx, r);
    let assignee = p.id;
    if (accountId && accountId !== p.id) {
      if (p.role !== 'platform_admin' && p.role !== 'task_force') throw forbidden();
      const [a] = await tx.select({ id: accounts.id, role: accounts.role, departmentId: accounts.departmentId, path: regions.path, status: accounts.status }).from(accounts).innerJoin(regions, eq(regions.id, accounts.regionId)).where(eq(accounts.id, accountId));
      const target = a ? ({ ...p, id: a.id, role: a.role as Principal['role'], departmentId: a.departmentId, regionPath: a.path } satisfies Principal) : null;
      if (!a || a.status !== 'active' || !target || !mayHandle(target, r, townPath, regionPath)) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'accountId', key: 'report.assigneeInvalid' }]);
      assignee = a.id;
    } else {
      if (!mayHandle(p, r, townPath, regionPath)) throw forbidden();
      if (r.assignedTo && r.assignedTo !== p.id) throw new AppError('CONFLICT', 'report.alreadyAssigned');
    }
    const after = await update(tx, p, r, 'assign', { assignedTo: assignee, assignedAt: new Date(), status: 'handling' });
    return present(after, p, crypto, {}, false);
  });
}

/** Move a report to another region (the task force triaging reports that named none) and route it again. */
export async function transferReport(db: Db, p: Principal, crypto: FieldCrypto, id: string, regionId: string) {
  if (p.role !== 'platform_admin' && p.role !== 'task_force') throw forbidden();
  return db.transaction(async (tx) => {
    const r = await loadReport(tx, p, id, true);
    if (r.status !== 'received') throw new AppError('CONFLICT', 'report.alreadyAssigned');
    const region = await loadRegionInScope(tx, p, regionId);
    const routing = await routeHazard(tx, region.id, r.category as never, r.taskKind as never);
    await tx.execute(sql`UPDATE files SET region_id = ${region.id} WHERE id = ANY(${`{${r.photos.join(',')}}`}::uuid[])`);
    const after = await update(tx, p, r, 'transfer', {
      regionId: region.id,
      townId: routing?.territorial?.regionId ?? null,
      leadDepartmentId: routing?.lead.departmentId ?? null,
      leadKey: routing?.lead.key ?? null,
      cooperatingDepartmentIds: (routing?.cooperating ?? []).map((c) => c.departmentId).filter((x): x is string => x !== null),
    });
    return present(after, p, crypto, {}, false);
  });
}

/** 查实 or 不实, by the assigned officer, with notes; a true report is flagged for the reward (查实重奖). */
export async function verifyReport(db: Db, p: Principal, crypto: FieldCrypto, id: string, input: { result: 'substantiated' | 'unsubstantiated'; notes: string; publicOutcome?: string | undefined }) {
  return db.transaction(async (tx) => {
    const r = await loadReport(tx, p, id, true);
    if (r.assignedTo !== p.id) throw forbidden('report.notAssignee');
    if (r.status !== 'handling') throw new AppError('CONFLICT', 'report.alreadyVerified');
    const after = await update(tx, p, r, 'verify', {
      status: input.result,
      verifiedBy: p.id,
      verifiedAt: new Date(),
      verificationNotes: input.notes,
      publicOutcome: input.publicOutcome ?? DEFAULT_OUTCOME[input.result],
      rewardFlag: input.result === 'substantiated',
    });
    return present(after, p, crypto, {}, false);
  });
}

/** Put a substantiated report on the hazard ledger against the subject the officer picks (source public_report). */
export async function reportToHazard(
  db: Db,
  p: Principal,
  crypto: FieldCrypto,
  id: string,
  input: { subjectType: SubjectType; subjectId: string; severity: 'major' | 'general'; description?: string | undefined },
  now: Date,
) {
  return db.transaction(async (tx) => {
    const r = await loadReport(tx, p, id, true);
    if (r.assignedTo !== p.id) throw forbidden('report.notAssignee');
    if (r.status !== 'substantiated') throw new AppError('CONFLICT', 'report.notSubstantiated');
    if (r.hazardId) throw new AppError('CONFLICT', 'report.hazardExists');
    const subject = await loadSubject(tx, p, input.subjectType, input.subjectId);
    const hazard = await createHazard(tx, actorOf(p), {
      subject,
      category: r.category as never,
      taskKind: r.taskKind as never,
      severity: input.severity,
      description: input.description ?? `群众举报：${r.description}`,
      source: 'public_report',
      sourceRef: r.id,
      photos: r.photos,
      foundAt: now,
    });
    const after = await update(tx, p, r, 'hazard', { hazardId: hazard.id });
    return { report: present(after, p, crypto, {}, false), hazard: { id: hazard.id, code: hazard.code, state: hazard.state } };
  });
}
