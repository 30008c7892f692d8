/**
 * Shared records of the authorisation matrix, made once per test database before any request is
 * sent. Three sets: `dz` (大足区, at 第一网格 / 老街火锅, so every government account of 大足区 and
 * the venue user see it), `ent` (records of 大足燃气有限公司, the enterprise accounts' own) and `tl`
 * (铜梁区, the task force `tongliang`'s own and everybody else's "other district").
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { enterprises, facilities, households, licences, personnel, unqualifiedProducts, vehicles, venues, workerBlacklist } from '../../../src/db/schema/index.js';
import { creditCodeCheckChar, idNumberCheckChar } from '../../../src/shared/codes.js';
import { demoIds, regionByName, type DemoIds } from '../../factories.js';
import type { TestContext } from '../../harness.js';
import { pngBytes } from '../../fixtures.js';
import { ok, type Account, type Caller, type Callers } from '../support.js';

export type Side = 'dz' | 'ent' | 'tl';

let seq = 0;
/** A short unique suffix (digits only), unique within this test process. */
export const uniq = () => `${Date.now().toString().slice(-6)}${(seq += 1)}`;

export function creditCode(): string {
  const n = `${Date.now() % 1e7}`.padStart(7, '0');
  seq += 1;
  const body = `91500151MA${n.slice(0, 5)}${String(seq % 100).padStart(2, '0')}`.slice(0, 17);
  return body + creditCodeCheckChar(body)!;
}

let idSeq = 300;
export function idNumber(): string {
  idSeq += 1;
  const body = `50011119880${String(1 + (idSeq % 9))}${String(10 + (idSeq % 18))}${String(idSeq % 1000).padStart(3, '0')}`.slice(0, 17);
  return body + idNumberCheckChar(body)!;
}

const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
export function plate(): string {
  seq += 1;
  return `渝${PLATE_LETTERS[seq % 24]}${String(10000 + (seq % 89999)).slice(0, 5)}`;
}

export interface SideFixtures {
  /** The district (大足区 / 铜梁区). */
  district: string;
  /** A town of the side (龙岗街道 / 巴川街道). */
  town: string;
  /** The region the side's records lie in (第一网格, 龙岗街道, 巴川街道). */
  region: string;
  enterprise: string;
  venue: string;
  household: string;
  licence: string;
  facility: string;
  person: string;
  vehicle: string;
  unqualified_product: string;
  blacklist: string;
  /** A gas-authority department of the district. */
  dept: string;
  /** A responsibility-matrix rule of the district. */
  rule: string;
  /** A hazard at the side's venue (enterprise for `ent`). */
  hazard: string;
  /** An uploaded photo attached to the side's region. */
  file: string;
  /** Any further records modules add (devices, alarms, campaigns …). */
  x: Record<string, string>;
}

export interface Fx {
  ids: DemoIds;
  dz: SideFixtures;
  ent: SideFixtures;
  tl: SideFixtures;
  /** Account ids by demo username. */
  acc: Record<Account, string>;
}

/** Which fixture set is a caller's own. */
export function sideOf(as: Caller): Side {
  if (as === 'tongliang') return 'tl';
  if (as === 'qiye' || as === 'chongzhuang' || as === 'songqi' || as === 'tok:station') return 'ent';
  return 'dz';
}

/** The fixture set of the other district, as seen from the caller. */
export function otherOf(as: Caller): Side {
  return as === 'tongliang' ? 'dz' : 'tl';
}

/** The caller's own fixtures. */
export const own = (f: Fx, as: Caller): SideFixtures => f[sideOf(as)];
export const other = (f: Fx, as: Caller): SideFixtures => f[otherOf(as)];

/** The caller's home region (a region id the caller may act in). */
export function home(f: Fx, as: Caller): string {
  switch (as) {
    case 'admin':
    case 'zhuanban':
    case 'jingxin':
    case 'shichang':
    case 'tok:gateway':
    case 'tok:platform':
      return f.ids.dazu;
    case 'longgang':
    case 'qiye':
    case 'chongzhuang':
    case 'songqi':
    case 'tok:station':
      return f.ids.longgang;
    case 'wangge':
    case 'canting':
      return f.ids.grid1;
    case 'tongliang':
      return f.tl.district;
  }
}

/** A town-level region the caller may act in (its own street, or one of its district). */
export function town(f: Fx, as: Caller): string {
  if (as === 'tongliang') return f.tl.town;
  if (as === 'wangge' || as === 'canting') return f.ids.grid1;
  return f.ids.longgang;
}

/** Registry records of one side, straight in the database. */
async function registryRecords(ctx: TestContext, regionId: string, enterpriseId: string | null) {
  const db = ctx.db;
  const [e] = enterpriseId ? [{ id: enterpriseId }] : await db.insert(enterprises).values({ regionId, name: `矩阵燃气${uniq()}`, creditCode: creditCode(), kind: 'bottled_lpg' }).returning();
  const ent = e!.id;
  const [v] = await db.insert(venues).values({ regionId, name: `矩阵饭店${uniq()}`, address: `矩阵路 ${uniq()} 号`, kind: 'restaurant', gasSource: 'bottled_lpg', supplierId: ent, contactPhone: '13800001111', contactName: '张三' }).returning();
  const [h] = await db.insert(households).values({ regionId, address: `矩阵小区 ${uniq()} 号`, supplierId: ent, holderName: '李四', phone: '13900002222' }).returning();
  const [l] = await db.insert(licences).values({ regionId, enterpriseId: ent, kind: 'gas_business', number: `矩阵许可${uniq()}`, validUntil: '2030-01-01' }).returning();
  const [fa] = await db.insert(facilities).values({ regionId, enterpriseId: ent, code: `JZ${uniq()}`, name: '矩阵调压箱', kind: 'pipeline_courtyard' }).returning();
  const [p] = await db.insert(personnel).values({ regionId, enterpriseId: ent, name: '王五', idNumber: idNumber(), role: 'delivery_worker', phone: '13700003333' }).returning();
  const [ve] = await db.insert(vehicles).values({ regionId, enterpriseId: ent, plateNumber: plate(), kind: 'delivery' }).returning();
  const [u] = await db.insert(unqualifiedProducts).values({ regionId, name: `矩阵软管${uniq()}`, category: 'hose', problem: '耐压不合格' }).returning();
  const [b] = await db.insert(workerBlacklist).values({ regionId, personName: '赵六', idNumber: idNumber(), reason: '违规充装', listedOn: '2026-01-01' }).returning();
  return { enterprise: ent, venue: v!.id, household: h!.id, licence: l!.id, facility: fa!.id, person: p!.id, vehicle: ve!.id, unqualified_product: u!.id, blacklist: b!.id };
}

/** Make the shared fixtures (and the callers' tokens). */
export async function buildFixtures(ctx: TestContext, callers: Callers): Promise<Fx> {
  const db = ctx.db;
  const ids = await demoIds(db);
  const acc = {} as Record<Account, string>;
  for (const u of ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'wangge', 'qiye', 'chongzhuang', 'songqi', 'canting', 'tongliang'] as const) {
    const [row] = await db.execute<{ id: string }>(sql`SELECT id FROM accounts WHERE username = ${u}`).then((r) => r.rows);
    acc[u] = row!.id;
  }
  const zhuanban = await callers.client('zhuanban');
  const tongliang = await callers.client('tongliang');
  const qiye = await callers.client('qiye');
  const admin = await callers.client('admin');

  // Tokens: a device gateway and a platform token of 大足区, a filling-station token of 大足燃气.
  callers.setToken('tok:gateway', ok(await zhuanban.post('/api/v1/api-tokens', { name: '矩阵网关', kind: 'device_gateway', regionId: ids.dazu })).token);
  callers.setToken('tok:platform', ok(await zhuanban.post('/api/v1/api-tokens', { name: '矩阵平台', kind: 'platform', regionId: ids.dazu })).token);
  callers.setToken('tok:station', ok(await qiye.post('/api/v1/api-tokens', { name: '矩阵充装秤', kind: 'filling_station', regionId: ids.longgang })).token);

  // 铜梁区 gets a department and a matrix rule (the demo seeds only 大足区's).
  const tlDept = ok(await admin.post('/api/v1/departments', { regionId: ids.tongliang, key: 'gas_authority', name: '铜梁区住房城乡建委', isGasAuthority: true })).id as string;
  for (const key of ['market_supervision', 'commerce']) ok(await admin.post('/api/v1/departments', { regionId: ids.tongliang, key, name: `铜梁区${key}` }));
  const tlRule = ok(await admin.post('/api/v1/matrix/rules', { regionId: ids.tongliang, category: '*', taskKind: '*', leadKey: 'gas_authority', cooperatingKeys: [] })).id as string;
  const dzMatrix = ok(await zhuanban.get(`/api/v1/matrix?regionId=${ids.dazu}`), 200) as { rules: { id: string; category: string; taskKind: string }[] };
  const dzRule = dzMatrix.rules.find((r) => r.category === '*' && r.taskKind === '*')!.id;

  const [demoEnt] = await db.select().from(enterprises).where(eq(enterprises.name, '大足燃气有限公司'));
  const [shop] = await db.select().from(venues).where(eq(venues.name, '五星小面馆'));
  const [demoHousehold] = await db.execute<{ id: string }>(sql`SELECT id FROM households WHERE supplier_id = ${demoEnt!.id} LIMIT 1`).then((r) => r.rows);
  const [demoLicence] = await db.select().from(licences).where(eq(licences.enterpriseId, demoEnt!.id)).limit(1);
  const [zhou] = await db.select().from(personnel).where(eq(personnel.name, '周平'));
  const [van] = await db.select().from(vehicles).where(eq(vehicles.plateNumber, '渝AD2026'));

  const dzRecords = await registryRecords(ctx, ids.grid1, null);
  const entRecords = await registryRecords(ctx, ids.longgang, demoEnt!.id);
  const tlRecords = await registryRecords(ctx, (await regionByName(db, '巴川街道')).id, null);

  const photo = async (c: typeof zhuanban, regionId: string) => ok(await c.upload(`/api/v1/files?purpose=photo&regionId=${regionId}`, pngBytes(), 'p.png')).id as string;
  const hazard = async (c: typeof zhuanban, subjectType: string, subjectId: string) =>
    ok(await c.post('/api/v1/hazards', { subjectType, subjectId, category: 'problem_hose', severity: 'general', description: '软管老化（矩阵）' })).hazard.id as string;

  const bachuan = (await regionByName(db, '巴川街道')).id;
  const dz: SideFixtures = {
    district: ids.dazu,
    town: ids.longgang,
    region: ids.grid1,
    ...dzRecords,
    venue: ids.venue, // 老街火锅: the venue user's own
    dept: ids.gasAuthority,
    rule: dzRule,
    hazard: await hazard(zhuanban, 'venue', ids.venue),
    file: await photo(zhuanban, ids.grid1),
    x: {},
  };
  const ent: SideFixtures = {
    district: ids.dazu,
    town: ids.longgang,
    region: ids.longgang,
    ...entRecords,
    enterprise: demoEnt!.id,
    venue: shop!.id,
    household: demoHousehold!.id,
    licence: demoLicence!.id,
    person: zhou!.id,
    vehicle: van!.id,
    dept: ids.gasAuthority,
    rule: dzRule,
    hazard: await hazard(zhuanban, 'enterprise', demoEnt!.id),
    file: await photo(zhuanban, ids.longgang),
    x: {},
  };
  const tl: SideFixtures = {
    district: ids.tongliang,
    town: bachuan,
    region: bachuan,
    ...tlRecords,
    dept: tlDept,
    rule: tlRule,
    hazard: await hazard(tongliang, 'venue', tlRecords.venue),
    file: await photo(tongliang, bachuan),
    x: {},
  };
  return { ids, dz, ent, tl, acc };
}

export const newId = () => randomUUID();
