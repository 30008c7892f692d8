/**
 * Rectification notices (R4.4): issued by a department or a town over open hazards of one
 * subject, numbered per unit and year without gaps or duplicates, verifiable by the public.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { departments, files, hazardEvents, hazards, noticeCounters, notices, noticeSettings, regions, type NoticeItem, type NoticeOfficer } from '../db/schema/index.js';
import { claimFiles } from '../files/files.service.js';
import { loadSubject, type SubjectType } from '../registry/subjects.js';
import { AppError, conflict, forbidden, invalidField, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { recordScope } from '../shared/scope.js';
import { OPEN_STATES, type HazardState } from './hazard.rules.js';
import { hazardScope } from './hazards.service.js';
import { defaultAbbreviation, defaultAppealBodies, formatNoticeNumber, issuesNotices, mayIssueAs, publicSubjectName, verificationCodeFrom, type IssuingUnit, type NoticeKind } from './notices.rules.js';

export type NoticeRow = typeof notices.$inferSelect;

export interface IssueNoticeInput {
  kind: NoticeKind;
  issuer?: { type: 'department' | 'region'; id: string } | undefined;
  items: { hazardId: string; deadline?: string | undefined; basis?: string | undefined }[];
  deadline: string;
  officers: NoticeOfficer[];
  representativeName?: string | undefined;
  representativeSignature?: string | undefined;
}

/** Notices the caller may see: region subtree; a venue or enterprise sees those addressed to it. */
export function noticeScope(p: Principal): SQL {
  return recordScope(p, { regionId: notices.regionId, enterpriseId: notices.enterpriseId, venueId: notices.venueId });
}

/** The PostgreSQL error code of a failed query (drizzle wraps the driver's error as `cause`). */
function pgCode(e: unknown): string | undefined {
  const err = e as { code?: string; cause?: { code?: string } };
  return err.code ?? err.cause?.code;
}

const idsOfPath = (path: string) => path.split('/').filter(Boolean);

/** The regions from the root down to the one with `path`. */
async function regionChain(tx: Executor, path: string) {
  const rows = await tx.select({ id: regions.id, name: regions.name, level: regions.level, depth: regions.depth }).from(regions).where(inArray(regions.id, idsOfPath(path)));
  return rows.sort((a, b) => a.depth - b.depth);
}

async function departmentUnit(tx: Executor, id: string): Promise<IssuingUnit | null> {
  const [d] = await tx
    .select({ id: departments.id, name: departments.name, isGasAuthority: departments.isGasAuthority, regionId: regions.id, regionPath: regions.path, regionName: regions.name })
    .from(departments)
    .innerJoin(regions, eq(regions.id, departments.regionId))
    .where(and(eq(departments.id, id), eq(departments.status, 'active')));
  return d ? { type: 'department', ...d } : null;
}

async function regionUnit(tx: Executor, id: string): Promise<IssuingUnit | null> {
  const [r] = await tx.select({ id: regions.id, name: regions.name, path: regions.path, level: regions.level }).from(regions).where(and(eq(regions.id, id), eq(regions.status, 'active')));
  return r ? { type: 'region', id: r.id, name: r.name, regionId: r.id, regionPath: r.path, regionName: r.name, level: r.level } : null;
}

/** The unit a notice is issued in the name of: the one asked for, else the caller's own. */
export async function resolveUnit(tx: Executor, p: Principal, asked: IssueNoticeInput['issuer']): Promise<IssuingUnit> {
  const ref = asked ?? (p.role === 'dept_officer' && p.departmentId ? { type: 'department' as const, id: p.departmentId } : p.role === 'town_officer' ? { type: 'region' as const, id: p.regionId } : null);
  if (!ref) throw invalidField('issuer', 'notice.issuer.required');
  const unit = ref.type === 'department' ? await departmentUnit(tx, ref.id) : await regionUnit(tx, ref.id);
  if (!unit) throw invalidField('issuer', 'notice.issuer.required');
  return unit;
}

/** Abbreviation and appeal bodies in force for a unit: its region's settings, inherited, else defaults. */
export async function unitSettings(tx: Executor, unit: IssuingUnit) {
  const chain = await regionChain(tx, unit.regionPath);
  const rows = await tx.select().from(noticeSettings).where(inArray(noticeSettings.regionId, chain.map((c) => c.id)));
  const byRegion = new Map(rows.map((r) => [r.regionId, r]));
  const nearest = (k: 'reviewBody' | 'court') => [...chain].reverse().map((c) => byRegion.get(c.id)?.[k]).find((v): v is string => !!v) ?? null;
  const defaults = defaultAppealBodies(chain);
  return {
    abbreviation: byRegion.get(unit.regionId)?.abbreviations[unit.id] ?? defaultAbbreviation(unit),
    reviewBody: nearest('reviewBody') ?? defaults.reviewBody,
    court: nearest('court') ?? defaults.court,
  };
}

/** The next number of a unit in a year: one row per (unit, year), locked until the issuing commits. */
async function nextSequence(tx: Executor, unit: IssuingUnit, year: number): Promise<number> {
  const [row] = await tx
    .insert(noticeCounters)
    .values({ unitType: unit.type, unitId: unit.id, year, last: 1 })
    .onConflictDoUpdate({ target: [noticeCounters.unitType, noticeCounters.unitId, noticeCounters.year], set: { last: sql`${noticeCounters.last} + 1` } })
    .returning({ last: noticeCounters.last });
  return row!.last;
}

/** Issue a notice (R4.4) over open hazards of one subject, in one transaction with its number. */
export async function issueNotice(db: Db, p: Principal, input: IssueNoticeInput, now: Date, today: string): Promise<NoticeRow> {
  if (!issuesNotices(p.role)) throw forbidden();
  const ids = input.items.map((i) => i.hazardId);
  if (new Set(ids).size !== ids.length) throw invalidField('items', 'notice.hazards.duplicate');
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(hazards).where(and(inArray(hazards.id, ids), hazardScope(p))).for('share');
    if (rows.length !== ids.length) throw notFound('entity.hazard');
    const byId = new Map(rows.map((h) => [h.id, h]));
    const list = ids.map((id) => byId.get(id)!);
    const first = list[0]!;
    if (list.some((h) => h.subjectType !== first.subjectType || h.subjectId !== first.subjectId)) throw invalidField('items', 'notice.hazards.sameSubject');
    const closed = list.find((h) => !OPEN_STATES.includes(h.state as HazardState));
    if (closed) throw invalidField('items', 'notice.hazards.notOpen', { code: closed.code });
    const items: NoticeItem[] = input.items.map((i) => {
      const h = byId.get(i.hazardId)!;
      return { hazardId: h.id, code: h.code, description: h.description, basis: i.basis ?? h.basis, deadline: i.deadline ?? input.deadline };
    });
    if (items.some((i) => i.deadline < today)) throw invalidField('deadline', 'notice.deadline.past');

    const unit = await resolveUnit(tx, p, input.issuer);
    const decision = mayIssueAs(p, unit, list);
    if (!decision.ok) throw decision.code === 'ROLE' ? new AppError('FORBIDDEN', decision.key) : invalidField('issuer', decision.key);

    if (input.representativeSignature) {
      const [sig] = await claimFiles(tx, p, [input.representativeSignature], first.regionId);
      if (!sig || !['image/png', 'image/jpeg'].includes(sig.contentType)) throw invalidField('representativeSignature', 'notice.signature.type');
    }
    const subject = await loadSubject(tx, null, first.subjectType as SubjectType, first.subjectId);
    const settings = await unitSettings(tx, unit);
    const year = Number(today.slice(0, 4));
    const seq = await nextSequence(tx, unit, year);
    const number = formatNoticeNumber(settings.abbreviation, year, seq);
    const [clash] = await tx.select({ id: notices.id }).from(notices).where(eq(notices.number, number));
    if (clash) throw conflict('notice.number.duplicate', { number });
    const [row] = await tx
      .insert(notices)
      .values({
        number,
        kind: input.kind,
        unitType: unit.type,
        unitId: unit.id,
        issuerName: unit.name,
        issuerAbbr: settings.abbreviation,
        year,
        seq,
        regionId: first.regionId,
        subjectType: subject.type,
        subjectId: subject.id,
        subjectName: subject.name,
        subjectAddress: (subject.attrs.address as string | null | undefined) ?? null,
        enterpriseId: first.enterpriseId,
        venueId: first.venueId,
        hazardIds: ids,
        items,
        officers: input.officers,
        representativeName: input.representativeName ?? null,
        representativeSignature: input.representativeSignature ?? null,
        reviewBody: settings.reviewBody,
        court: settings.court,
        verificationCode: verificationCodeFrom(randomBytes(10)),
        issuedOn: today,
        issuedAt: now,
        issuedBy: p.id,
      })
      .returning()
      .catch((e: unknown) => {
        // Two units given the same abbreviation, issuing at the same moment: the unique number wins.
        if (pgCode(e) === '23505') throw conflict('notice.number.duplicate', { number });
        throw e;
      });
    const actor = actorOf(p);
    await tx.insert(hazardEvents).values(
      list.map((h) => ({ hazardId: h.id, action: 'notice_issued', fromState: h.state, toState: h.state, actorId: actor.id, actorLabel: actor.label, at: now, comment: number, data: { noticeId: row!.id, number } })),
    );
    await recordAudit(tx, actor, { action: 'notice.issue', entityType: 'notice', entityId: row!.id, regionId: row!.regionId, after: { ...row!, verificationCode: undefined } });
    return row!;
  });
}

/** A notice as the API shows it (the verification code is printed on the paper the holder has). */
export function presentNotice(n: NoticeRow) {
  return { ...n, pdfUrl: `/api/v1/notices/${n.id}.pdf`, verifyPath: `/api/v1/public/notices/verify?no=${encodeURIComponent(n.number)}&code=${n.verificationCode}` };
}

export async function getNotice(db: Executor, p: Principal, id: string): Promise<NoticeRow> {
  const [n] = await db.select().from(notices).where(and(eq(notices.id, id), noticeScope(p)));
  if (!n) throw notFound('entity.notice');
  return n;
}

export async function listNotices(db: Executor, p: Principal, q: { subjectType?: string | undefined; subjectId?: string | undefined; hazardId?: string | undefined; page: number; pageSize: number }) {
  const where = and(
    noticeScope(p),
    q.subjectType ? eq(notices.subjectType, q.subjectType) : undefined,
    q.subjectId ? eq(notices.subjectId, q.subjectId) : undefined,
    q.hazardId ? sql`${q.hazardId}::uuid = ANY(${notices.hazardIds})` : undefined,
  );
  const [rows, count] = await Promise.all([
    db.select().from(notices).where(where).orderBy(desc(notices.issuedAt)).limit(q.pageSize).offset(offsetOf(q)),
    db.select({ n: sql<number>`count(*)::int` }).from(notices).where(where),
  ]);
  return { items: rows.map(presentNotice), total: count[0]?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** The signature image of a notice's representative, if any (bytes from the file store). */
export async function signatureFile(db: Executor, n: NoticeRow) {
  if (!n.representativeSignature) return null;
  const [f] = await db.select({ storageKey: files.storageKey }).from(files).where(eq(files.id, n.representativeSignature));
  return f ?? null;
}

/**
 * Public verification (no login): number and code must both match; the answer names the issuer,
 * the date, the subject (a household only by the start of its address) and the number of items.
 */
export async function verifyNotice(db: Executor, number: string, code: string) {
  const [n] = await db.select().from(notices).where(eq(notices.number, number.trim()));
  const a = Buffer.from(n?.verificationCode ?? 'x'.repeat(10));
  const b = Buffer.from(code.trim().toUpperCase());
  if (!n || a.length !== b.length || !timingSafeEqual(a, b)) throw new AppError('NOT_FOUND', 'notice.verify.notFound');
  return { valid: true, number: n.number, kind: n.kind, issuer: n.issuerName, issuedOn: n.issuedOn, subjectName: publicSubjectName(n.subjectType, n.subjectName), itemCount: n.items.length };
}
