/**
 * 责任倒查 (R4.7): for one subject, the full trail of who inspected and signed, who assigned,
 * rectified, asked for review, reviewed, rejected and closed, every enforcement step and notice,
 * with names and times. Gathered once here; dossier.pdf.ts and dossier.xlsx.ts print it.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { accounts, enforcementActions, hazardEvents, hazards, inspections, notices, regions } from '../db/schema/index.js';
import { inspectionScope } from '../inspections/inspections.service.js';
import { loadSubject, type SubjectType } from '../registry/subjects.js';
import { forbidden } from '../shared/errors.js';
import type { Principal } from '../shared/principal.js';
import { ENFORCEMENT_LABELS, type EnforcementKind, type SupplyKind } from './enforcement.rules.js';
import { eventLabel, inspectionKindLabel, stateLabel, subjectTypeLabel } from './hazard.labels.js';
import { hazardScope } from './hazards.service.js';
import { noticeScope } from './notices.service.js';
import { NOTICE_TITLES, type NoticeKind } from './notices.rules.js';

const OFFICIALS = new Set<string>(['platform_admin', 'task_force', 'dept_officer', 'town_officer']);
/** Events shown from their own, richer records (enforcement rows, notices). */
const SHOWN_ELSEWHERE = new Set(['enforcement', 'notice_issued']);

export interface TimelineEntry {
  at: Date;
  kind: '检查' | '隐患' | '执法' | '通知书';
  ref: string;
  what: string;
  who: string;
  detail: string;
}

const gps = (lat: number | null, lng: number | null, acc: number | null) => (lat === null || lng === null ? '未定位' : `${lat.toFixed(6)}, ${lng.toFixed(6)}${acc !== null ? `（±${Math.round(acc)} 米）` : ''}`);

/** Everything the dossier prints, in time order within each kind. */
export async function gatherDossier(db: Executor, p: Principal, type: SubjectType, id: string, now: Date) {
  if (!OFFICIALS.has(p.role)) throw forbidden('dossier.role');
  const subject = await loadSubject(db, p, type, id);
  const [region] = await db.select({ name: regions.name }).from(regions).where(eq(regions.id, subject.regionId));

  const inspectionRows = await db
    .select()
    .from(inspections)
    .where(and(eq(inspections.subjectType, type), eq(inspections.subjectId, id), inspectionScope(p)))
    .orderBy(asc(inspections.submittedAt), asc(inspections.id));
  const hazardRows = await db
    .select()
    .from(hazards)
    .where(and(eq(hazards.subjectType, type), eq(hazards.subjectId, id), hazardScope(p)))
    .orderBy(asc(hazards.foundAt), asc(hazards.id));
  const hazardIds = hazardRows.map((h) => h.id);
  const [eventRows, enforcementRows, noticeRows] = await Promise.all([
    hazardIds.length ? db.select().from(hazardEvents).where(inArray(hazardEvents.hazardId, hazardIds)).orderBy(asc(hazardEvents.at), asc(hazardEvents.id)) : [],
    hazardIds.length ? db.select().from(enforcementActions).where(inArray(enforcementActions.hazardId, hazardIds)).orderBy(asc(enforcementActions.recordedAt), asc(enforcementActions.id)) : [],
    db.select().from(notices).where(and(eq(notices.subjectType, type), eq(notices.subjectId, id), noticeScope(p))).orderBy(asc(notices.issuedAt)),
  ]);

  // Names of every account that appears, in one query.
  const accountIds = new Set<string>([p.id]);
  for (const i of inspectionRows) [...i.inspectorIds, i.createdBy].forEach((a) => accountIds.add(a));
  for (const h of hazardRows) [h.foundBy, h.closedBy, h.reviewRequestedBy].forEach((a) => a && accountIds.add(a));
  for (const e of eventRows) if (e.actorId) accountIds.add(e.actorId);
  for (const e of enforcementRows) accountIds.add(e.recordedBy);
  for (const n of noticeRows) accountIds.add(n.issuedBy);
  const names = new Map((await db.select({ id: accounts.id, name: accounts.displayName, username: accounts.username }).from(accounts).where(inArray(accounts.id, [...accountIds]))).map((a) => [a.id, a]));
  const nameOf = (a: string | null | undefined) => (a ? (names.get(a)?.name ?? a) : '');
  const codeOf = new Map(hazardRows.map((h) => [h.id, h.code]));

  const inspectionList = inspectionRows.map((i) => ({
    code: i.code,
    kind: inspectionKindLabel(i.kind),
    submittedAt: i.submittedAt,
    startedAt: i.startedAt,
    inspectors: i.inspectorIds.map((a, k) => names.get(a)?.name ?? i.inspectorNames[k] ?? a).join('、'),
    lat: i.lat,
    lng: i.lng,
    gpsAccuracyM: i.gpsAccuracyM,
    gps: gps(i.lat, i.lng, i.gpsAccuracyM),
    inspectorSignatures: i.inspectorSignatures.length,
    representativeName: i.representativeName,
    representativeSigned: i.representativeSignature !== null,
    findings: i.findings,
    correctsId: i.correctsId,
  }));
  const hazardList = hazardRows.map((h) => ({
    ...h,
    foundByName: nameOf(h.foundBy),
    closedByName: nameOf(h.closedBy),
    reviewRequestedByName: nameOf(h.reviewRequestedBy),
    reboundOfCode: h.reboundOf ? (codeOf.get(h.reboundOf) ?? h.reboundOf) : null,
  }));
  const eventList = eventRows.map((e) => ({
    ...e,
    hazardCode: codeOf.get(e.hazardId) ?? '',
    label: eventLabel(e.action),
    actorName: e.actorId ? nameOf(e.actorId) : '系统',
    actorUsername: e.actorId ? (names.get(e.actorId)?.username ?? '') : '',
    fromLabel: e.fromState ? stateLabel(e.fromState) : '',
    toLabel: e.toState ? stateLabel(e.toState) : '',
    detail: eventDetail(e.action, e.comment, e.data),
  }));
  const enforcementList = enforcementRows.map((e) => ({
    ...e,
    hazardCode: codeOf.get(e.hazardId) ?? '',
    label: ENFORCEMENT_LABELS[e.kind as EnforcementKind | SupplyKind]?.zh ?? e.kind,
    recordedByName: nameOf(e.recordedBy),
  }));
  const noticeList = noticeRows.map((n) => ({
    ...n,
    title: NOTICE_TITLES[n.kind as NoticeKind]?.zh ?? n.kind,
    issuedByName: nameOf(n.issuedBy),
    hazardCodes: n.items.map((i) => i.code).join('、'),
    deadlines: [...new Set(n.items.map((i) => i.deadline))].join('、'),
    officerText: n.officers.map((o) => `${o.name}（${o.certificateNo}）`).join('、'),
  }));

  const timeline: TimelineEntry[] = [
    ...inspectionList.map((i): TimelineEntry => ({
      at: i.submittedAt,
      kind: '检查',
      ref: i.code,
      what: `${i.kind}，发现问题 ${i.findings} 项`,
      who: i.inspectors,
      detail: `位置：${i.gps}；检查人员签名 ${i.inspectorSignatures} 份；被检查单位代表：${i.representativeName ?? '—'}${i.representativeSigned ? '（已签名）' : '（未签名）'}`,
    })),
    ...eventList
      .filter((e) => !SHOWN_ELSEWHERE.has(e.action))
      .map((e): TimelineEntry => ({
        at: e.at,
        kind: '隐患',
        ref: e.hazardCode,
        what: e.fromLabel && e.toLabel && e.fromLabel !== e.toLabel ? `${e.label}（${e.fromLabel}→${e.toLabel}）` : e.label,
        who: e.actorName,
        detail: e.detail,
      })),
    ...enforcementList.map((e): TimelineEntry => ({
      at: e.recordedAt,
      kind: '执法',
      ref: e.documentNo ?? e.hazardCode,
      what: e.label,
      who: `${e.officer}（登记：${e.recordedByName}）`,
      detail: [`隐患 ${e.hazardCode}`, `日期 ${e.actionDate}`, e.amountYuan !== null ? `罚款 ${e.amountYuan} 元` : '', e.note ?? ''].filter(Boolean).join('；'),
    })),
    ...noticeList.map((n): TimelineEntry => ({
      at: n.issuedAt,
      kind: '通知书',
      ref: n.number,
      what: `${n.issuerName}下达${n.title}`,
      who: `${n.officerText}（经办：${n.issuedByName}）`,
      detail: `隐患 ${n.hazardCodes}；整改期限 ${n.deadlines}`,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());

  return {
    subject: {
      type,
      typeLabel: subjectTypeLabel(type),
      id,
      name: subject.name,
      address: (subject.attrs.address as string | null | undefined) ?? null,
      regionName: region?.name ?? null,
    },
    generatedAt: now,
    generatedBy: nameOf(p.id),
    inspections: inspectionList,
    hazards: hazardList,
    events: eventList,
    enforcement: enforcementList,
    notices: noticeList,
    timeline,
  };
}

export type DossierData = Awaited<ReturnType<typeof gatherDossier>>;

/** What an event adds to its label: the assignment's deadline and owner, a reason, a number. */
function eventDetail(action: string, comment: string | null, data: unknown): string {
  const d = (data ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (action === 'assign') {
    if (d.deadline) parts.push(`整改时限 ${String(d.deadline)}`);
    if (d.responsiblePerson) parts.push(`整改责任人 ${String(d.responsiblePerson)}`);
    if (d.controlMeasures) parts.push(`管控措施 ${String(d.controlMeasures)}`);
    if (d.watcher) parts.push(`盯防人 ${String(d.watcher)}`);
  }
  if (action === 'escalate' && d.to !== undefined) parts.push(`升级为 ${String(d.to)} 级督办`);
  if (action === 'lookback' && d.result) parts.push(d.result === 'rebound' ? '复查不合格，改后反弹' : '复查合格');
  if ((action === 'create' || action === 'create_fixed_on_spot') && d.reboundOf) parts.push('改后反弹');
  if (comment) parts.push(comment);
  return parts.join('；');
}
