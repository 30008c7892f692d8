/**
 * Rectification notices (R4.4) as pure rules: who may issue in whose name, the document number,
 * the defaults derived from names, and the sentences the notice prints (conventions.md).
 */
import type { Role } from '../accounts/roles.js';
import { chineseDate } from './hazard.labels.js';

export const NOTICE_KINDS = ['rectification', 'order'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** 隐患整改通知书 (gas departments) or 责令限期整改指令书 (enforcement form). */
export const NOTICE_TITLES: Record<NoticeKind, { zh: string; en: string }> = {
  rectification: { zh: '隐患整改通知书', en: 'Hazard rectification notice' },
  order: { zh: '责令限期整改指令书', en: 'Order to rectify within a time limit' },
};

/** `足经信燃整改〔2026〕12号`: abbreviation, year in 〔〕, sequence. */
export function formatNoticeNumber(abbr: string, year: number, seq: number): string {
  return `${abbr}〔${year}〕${seq}号`;
}

/** What a document-number abbreviation may be: short, without the brackets the number uses. */
export function abbreviationProblem(abbr: string): string | null {
  const s = abbr.trim();
  if (s.length === 0 || s.length > 20) return 'notice.abbreviation.invalid';
  if (/[〔〕\[\]()（）\s]/.test(s) || /号$/.test(s)) return 'notice.abbreviation.invalid';
  return null;
}

/** 大足区 → 大足, 龙岗街道 → 龙岗, 重庆市 → 重庆 (names of one character keep their suffix). */
export function shortRegionName(name: string): string {
  const m = /^(.+?)(特别行政区|自治区|自治州|自治县|街道|新区|地区|省|市|区|县|镇|乡|旗|盟)$/.exec(name);
  return m && m[1]!.length >= 2 ? m[1]! : name;
}

/** 区经济信息委 → 经济, 区市场监管局 → 市场, 区消防救援支队 → 消防. */
export function shortDepartmentName(name: string): string {
  const core = name.replace(/^(省|市|区|县)/, '').replace(/(委员会|办公室|管理局|支队|大队|中心|局|委|办|厅)$/, '');
  return core.length > 2 ? core.slice(0, 2) : core || name;
}

export type IssuingUnit =
  | { type: 'department'; id: string; name: string; regionId: string; regionPath: string; regionName: string; isGasAuthority: boolean }
  | { type: 'region'; id: string; name: string; regionId: string; regionPath: string; regionName: string; level: string };

/** Default abbreviation: 大足 + 经济 + 燃整改 for a department, 龙岗燃整改 for a town. */
export function defaultAbbreviation(unit: IssuingUnit): string {
  if (unit.type === 'department') return `${shortRegionName(unit.regionName)}${shortDepartmentName(unit.name)}燃整改`;
  return `${shortRegionName(unit.name)}燃整改`;
}

/**
 * Default appeal bodies for a unit whose region chain (root first) is given: the people's
 * government and the people's court of the county level above it, named with its city (or its
 * province when that is a municipality, whose statistical "市辖区" level is skipped).
 */
export function defaultAppealBodies(chain: { level: string; name: string }[]): { reviewBody: string; court: string } {
  const county = [...chain].reverse().find((r) => r.level === 'district');
  const city = chain.find((r) => r.level === 'city');
  const province = chain.find((r) => r.level === 'province');
  let prefix: string;
  if (!county) {
    const top = [...chain].reverse().find((r) => r.level === 'city' || r.level === 'province');
    prefix = top ? top.name.replace(/市辖区$/, '') : '';
  } else if (province && /市$/.test(province.name)) prefix = `${province.name}${county.name}`;
  else prefix = `${city && !/市辖区$/.test(city.name) ? city.name : (province?.name ?? '')}${county.name}`;
  return { reviewBody: `${prefix}人民政府`, court: `${prefix}人民法院` };
}

/** The caller as the issuing rules see it. */
export interface IssuerActor {
  role: Role | 'machine';
  departmentId: string | null;
  regionPath: string;
}

/** The hazard as the issuing rules see it. */
export interface NoticeHazardFacts {
  leadDepartmentId: string | null;
  cooperatingDepartmentIds: string[];
  townId: string | null;
}

/** Roles that issue notices at all (in whose name is decided by mayIssueAs). */
export function issuesNotices(role: Role | 'machine'): boolean {
  return role === 'platform_admin' || role === 'task_force' || role === 'dept_officer' || role === 'town_officer';
}

export type IssueDecision = { ok: true } | { ok: false; code: 'ROLE' | 'UNIT'; key: string };

/**
 * May `actor` issue a notice in the name of `unit` over `hazards`? Departments issue in their own
 * name, towns in theirs, the task force in the name of any unit in its region. The unit must be
 * responsible for every hazard: its lead or cooperating department (the gas authority always), or
 * its territorial town.
 */
export function mayIssueAs(actor: IssuerActor, unit: IssuingUnit, hazards: NoticeHazardFacts[]): IssueDecision {
  const refuse: IssueDecision = { ok: false, code: 'ROLE', key: 'notice.issuer.notYours' };
  switch (actor.role) {
    case 'platform_admin':
      break;
    case 'task_force':
      if (!unit.regionPath.startsWith(actor.regionPath)) return refuse;
      break;
    case 'dept_officer':
      if (unit.type !== 'department' || unit.id !== actor.departmentId) return refuse;
      break;
    case 'town_officer':
      if (unit.type !== 'region' || unit.regionPath !== actor.regionPath) return refuse;
      break;
    default:
      return { ok: false, code: 'ROLE', key: 'error.forbidden' };
  }
  if (unit.type === 'region' && unit.level !== 'town') return { ok: false, code: 'UNIT', key: 'notice.issuer.notTown' };
  const responsible = (h: NoticeHazardFacts) =>
    unit.type === 'department' ? unit.isGasAuthority || h.leadDepartmentId === unit.id || h.cooperatingDepartmentIds.includes(unit.id) : h.townId === unit.id;
  if (!hazards.every(responsible)) return { ok: false, code: 'UNIT', key: 'notice.issuer.notResponsible' };
  return { ok: true };
}

/** `第1、2项` for the 1-based item numbers given. */
function itemList(numbers: number[]): string {
  return `第${numbers.join('、')}项`;
}

/**
 * 责令对第1、2项问题于2026年12月31日前整改完毕；对第3项问题于2027年1月15日前整改完毕。
 * Items sharing a deadline are named together, earliest deadline first.
 */
export function deadlineSentence(deadlines: string[]): string {
  const groups = new Map<string, number[]>();
  deadlines.forEach((d, i) => groups.set(d, [...(groups.get(d) ?? []), i + 1]));
  const parts = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([d, ns]) => `${itemList(ns)}问题于${chineseDate(d)}前整改完毕`);
  return `责令对${parts.join('；对')}。`;
}

/** The duty to keep safe while rectifying. */
export const SAFETY_DUTY =
  '整改期间，你单位应当采取有效的安全防范和监控措施，确保安全；整改前或者整改中无法保证安全的，应当从危险区域内撤出作业人员，暂时停止使用相关设施、设备。整改完毕后，应当及时向我单位申请复查。';

/** The appeal notice: 60 days for administrative review, 6 months for a lawsuit, no suspension. */
export function appealSentence(title: string, reviewBody: string, court: string): string {
  return `如不服本${title}，可以自收到本${title}之日起六十日内依法向${reviewBody}申请行政复议，或者在六个月内依法向${court}提起行政诉讼。行政复议或者行政诉讼期间，本${title}不停止执行。`;
}

/** Alphabet of verification codes: no 0/O, 1/I/L, so a code read off paper is typed right. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A verification code from random bytes (10 characters ≈ 49 bits). */
export function verificationCodeFrom(bytes: Uint8Array): string {
  return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** What the public verification shows of the subject: households are private, so only the start. */
export function publicSubjectName(subjectType: string, name: string): string {
  if (subjectType !== 'household') return name;
  const chars = [...name];
  return `${chars.slice(0, Math.min(6, Math.max(1, chars.length - 4))).join('')}****`;
}
