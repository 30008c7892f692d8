import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { files, hazards, publicReports, regions, reportChallenges, typicalCases } from '../db/schema/index.js';
import { routeHazard } from '../departments/matrix.service.js';
import { AppError } from '../shared/errors.js';
import type { FieldCrypto } from '../shared/field-crypto.js';
import { subjectKey } from '../shared/rate-limit.js';
import { normalizeMobile } from '../shared/validation.js';
import { classifyReport, newChallenge, newTrackingCode, normaliseTrackingCode, rectificationText, STATUS_LABELS, TRACKING_CODE, type ReportStatus, type Topic } from './public.rules.js';

const CHALLENGE_MINUTES = 10;
export const MAX_PHOTOS = 5;
/** Anonymous uploads must be attached within this time. */
const UPLOAD_HOURS = 24;

const invalid = (path: string, key: string, params: Record<string, unknown> = {}) => new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path, key, params }]);

/** Issue a single-use arithmetic challenge, valid for ten minutes. */
export async function issueChallenge(db: Executor, now: Date) {
  const c = newChallenge();
  const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000);
  const [row] = await db.insert(reportChallenges).values({ question: c.question, answer: c.answer, expiresAt }).returning({ id: reportChallenges.id });
  return { challengeId: row!.id, question: c.question, expiresAt };
}

/** Use up a challenge: right answer, not expired, not used before. A wrong answer uses it up too. */
async function consumeChallenge(tx: Executor, id: string, answer: number, now: Date) {
  const [c] = await tx
    .update(reportChallenges)
    .set({ usedAt: now })
    .where(and(eq(reportChallenges.id, id), isNull(reportChallenges.usedAt), gt(reportChallenges.expiresAt, now)))
    .returning({ answer: reportChallenges.answer });
  if (!c) throw invalid('challengeId', 'report.challengeExpired');
  if (c.answer !== answer) throw invalid('answer', 'report.challengeWrong');
}

export interface PublicReportInput {
  challengeId: string;
  answer: number;
  topic?: Topic | undefined;
  description: string;
  address: string;
  lat?: number | undefined;
  lng?: number | undefined;
  regionCode?: string | undefined;
  photos: string[];
  name?: string | undefined;
  phone?: string | undefined;
}

/** The region a report is about: the code the reporter picked, else the platform's root (the admin triages). */
async function reportRegion(tx: Executor, code: string | undefined) {
  const [r] = code
    ? await tx.select({ id: regions.id }).from(regions).where(and(eq(regions.code, code), eq(regions.status, 'active')))
    : await tx.select({ id: regions.id }).from(regions).where(isNull(regions.parentId)).limit(1);
  if (!r) throw invalid('regionCode', 'report.regionUnknown');
  return r.id;
}

/**
 * Accept a public report (R8.1): challenge checked and used up, photos must be this channel's own
 * recent anonymous uploads, routed to a department by the matrix and to the territorial town,
 * reporter identity encrypted. Returns the tracking code, the reporter's only handle on it.
 */
export async function submitPublicReport(db: Db, crypto: FieldCrypto, input: PublicReportInput, ip: string | null, now: Date) {
  // Used up before anything else, in its own statement: a wrong answer or a refused report burns it.
  await consumeChallenge(db, input.challengeId, input.answer, now);
  return db.transaction(async (tx) => {
    const regionId = await reportRegion(tx, input.regionCode);
    const photos = [...new Set(input.photos)];
    if (photos.length) {
      const owned = await tx
        .update(files)
        .set({ regionId })
        .where(
          and(
            sql`${files.id} IN ${photos}`,
            eq(files.purpose, 'public_report'),
            isNull(files.uploadedBy),
            isNull(files.regionId),
            gt(files.createdAt, new Date(now.getTime() - UPLOAD_HOURS * 3_600_000)),
          ),
        )
        .returning({ id: files.id });
      if (owned.length !== photos.length) throw invalid('photos', 'file.unknown');
    }
    const route = classifyReport(input.topic, input.description);
    const routing = await routeHazard(tx, regionId, route.category, route.taskKind);
    const [row] = await tx
      .insert(publicReports)
      .values({
        trackingCode: newTrackingCode(),
        regionId,
        townId: routing?.territorial?.regionId ?? null,
        topic: route.topic,
        category: route.category,
        taskKind: route.taskKind,
        description: input.description,
        address: input.address,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        photos,
        reporterName: input.name ? crypto.encrypt(input.name) : null,
        reporterPhone: input.phone ? crypto.encrypt(normalizeMobile(input.phone)) : null,
        ipHash: ip ? subjectKey(ip) : null,
        leadDepartmentId: routing?.lead.departmentId ?? null,
        leadKey: routing?.lead.key ?? null,
        cooperatingDepartmentIds: (routing?.cooperating ?? []).map((c) => c.departmentId).filter((x): x is string => x !== null),
        submittedAt: now,
      })
      .returning();
    await recordAudit(tx, { id: null, label: 'public', ip: null }, {
      action: 'public_report.submit',
      entityType: 'public_report',
      entityId: row!.id,
      regionId,
      after: { topic: route.topic, leadKey: row!.leadKey, photos: photos.length, identified: Boolean(input.name || input.phone) },
    });
    return { trackingCode: row!.trackingCode, status: row!.status as ReportStatus, statusLabel: STATUS_LABELS.received, submittedAt: row!.submittedAt };
  });
}

/** What the reporter sees with the tracking code: status and outcome only. */
export async function trackPublicReport(db: Executor, raw: string) {
  const code = normaliseTrackingCode(raw);
  if (!TRACKING_CODE.test(code)) throw new AppError('NOT_FOUND', 'error.notFound', { entityKey: 'entity.publicReport' });
  const [r] = await db
    .select({ status: publicReports.status, submittedAt: publicReports.submittedAt, updatedAt: publicReports.updatedAt, outcome: publicReports.publicOutcome, verifiedAt: publicReports.verifiedAt, hazardState: hazards.state })
    .from(publicReports)
    .leftJoin(hazards, eq(hazards.id, publicReports.hazardId))
    .where(eq(publicReports.trackingCode, code));
  if (!r) throw new AppError('NOT_FOUND', 'error.notFound', { entityKey: 'entity.publicReport' });
  const status = r.status as ReportStatus;
  return { trackingCode: code, status, statusLabel: STATUS_LABELS[status], submittedAt: r.submittedAt, updatedAt: r.updatedAt, verifiedAt: r.verifiedAt, outcome: r.outcome, rectification: rectificationText(r.hazardState) };
}

/** Published typical cases (典型案例, R8.2) for the public pages. */
export async function publicCases(db: Executor, q: { page: number; pageSize: number }) {
  const where = eq(typicalCases.published, true);
  const [rows, count] = await Promise.all([
    db
      .select({ id: typicalCases.id, title: typicalCases.title, summary: typicalCases.summary, caseDate: typicalCases.caseDate, regionName: regions.name, regionCode: regions.code })
      .from(typicalCases)
      .innerJoin(regions, eq(regions.id, typicalCases.regionId))
      .where(where)
      .orderBy(sql`${typicalCases.caseDate} DESC, ${typicalCases.publishedAt} DESC`)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(typicalCases).where(where),
  ]);
  return { items: rows, total: count[0]?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** Challenges past their time are of no use; a job clears them. */
export async function purgeChallenges(db: Executor, now: Date) {
  const res = await db.execute(sql`DELETE FROM report_challenges WHERE expires_at < ${new Date(now.getTime() - 3_600_000).toISOString()}::timestamptz`);
  return res.rowCount ?? 0;
}
