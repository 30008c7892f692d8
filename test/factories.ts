/**
 * Factories and look-ups for integration tests. Tests in one file share one database, so every
 * factory makes fresh, uniquely named records instead of relying on what another test left behind.
 */
import { and, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '../src/db/db.js';
import { accounts, auditLog, departments, enterprises, regions, venues } from '../src/db/schema/index.js';
import { creditCodeCheckChar } from '../src/shared/codes.js';
import type { Client, TestContext } from './harness.js';

let seq = 0;
/** A name no other call in this test process returns: `prefix` + a short unique suffix. */
export function unique(prefix = 't'): string {
  seq += 1;
  return `${prefix}${Date.now().toString(36).slice(-4)}${seq}`;
}

/** The password tests set when an account leaves its initial password behind (meets the policy). */
export const TEST_PASSWORD = 'Rectify#2026ok';

// Codes that do not collide with the demo data (districts 500111/500151, towns 001–006 and 100,
// communities 001–003) nor with codes tests write out (towns below 400), counted up per test process.
let districtSeq = 60;
let townSeq = 400;
let communitySeq = 100;
let gridSeq = 10;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const codes = {
  /** A county-level code under a 6-digit city code (e.g. 500100 → 5001xx). */
  district(cityCode: string): string {
    districtSeq = districtSeq >= 99 ? 60 : districtSeq + 1;
    return `${cityCode.slice(0, 4)}${pad(districtSeq, 2)}`;
  },
  /** A 12-digit street/town code under a 6-digit district code. */
  town(districtCode: string): string {
    townSeq = townSeq >= 598 ? 400 : townSeq + 1;
    return `${districtCode.slice(0, 6)}${pad(townSeq, 3)}000`;
  },
  /** A 12-digit community code under a 12-digit town code. */
  community(townCode: string): string {
    communitySeq = communitySeq >= 399 ? 100 : communitySeq + 1;
    return `${townCode.slice(0, 9)}${pad(communitySeq, 3)}`;
  },
  /** A grid code: the community code followed by digits. */
  grid(communityCode: string): string {
    gridSeq = gridSeq >= 9999 ? 10 : gridSeq + 1;
    return `${communityCode}${gridSeq}`;
  },
};

export interface RegionRow {
  id: string;
  path: string;
  code: string;
  name: string;
  level: string;
  depth: number;
  parentId: string | null;
  status: string;
}

export async function regionByName(db: Db, name: string): Promise<RegionRow> {
  const rows = await db.select().from(regions).where(eq(regions.name, name));
  if (rows.length !== 1) throw new Error(`expected one region named ${name}, found ${rows.length}`);
  return rows[0]!;
}

export async function regionById(db: Db, id: string): Promise<RegionRow | undefined> {
  const [r] = await db.select().from(regions).where(eq(regions.id, id));
  return r;
}

export async function accountByUsername(db: Db, username: string) {
  const [a] = await db.select().from(accounts).where(eq(sql`lower(${accounts.username})`, username.toLowerCase()));
  if (!a) throw new Error(`no account ${username}`);
  return a;
}

export async function departmentOf(db: Db, regionId: string, key: string) {
  const [d] = await db
    .select()
    .from(departments)
    .where(and(eq(departments.regionId, regionId), eq(departments.key, key), eq(departments.status, 'active')));
  if (!d) throw new Error(`no active department ${key} in region ${regionId}`);
  return d;
}

/** Ids of the demo data every test database starts with (src/demo/seed.ts). */
export async function demoIds(db: Db) {
  const r = async (name: string) => (await regionByName(db, name)).id;
  const dazu = await r('大足区');
  const [ent] = await db.select().from(enterprises).where(eq(enterprises.name, '大足燃气有限公司'));
  const [venue] = await db.select().from(venues).where(eq(venues.name, '老街火锅'));
  return {
    root: await r('全国'),
    chongqing: await r('重庆市'),
    cqCity: await r('重庆市市辖区'),
    dazu,
    tongliang: await r('铜梁区'),
    longgang: await r('龙岗街道'),
    tangxiang: await r('棠香街道'),
    baoding: await r('宝顶镇'),
    bachuan: await r('巴川街道'),
    wuxing: await r('五星社区'),
    beishan: await r('北山社区'),
    grid1: await r('第一网格'),
    grid2: await r('第二网格'),
    enterprise: ent!.id,
    venue: venue!.id,
    gasAuthority: (await departmentOf(db, dazu, 'gas_authority')).id,
    marketSupervision: (await departmentOf(db, dazu, 'market_supervision')).id,
  };
}
export type DemoIds = Awaited<ReturnType<typeof demoIds>>;

/** A valid 统一社会信用代码 (GB 32100-2015) built from a counter, so each enterprise gets its own. */
export function creditCode(): string {
  seq += 1;
  const body = `91500111MA${pad((Date.now() % 100000) * 100 + (seq % 100), 7)}`.slice(0, 17);
  return body + creditCodeCheckChar(body)!;
}

/** An enterprise straight in the database (the registry API comes later). */
export async function createEnterprise(db: Db, regionId: string, name = unique('企业')) {
  const [e] = await db.insert(enterprises).values({ regionId, name, creditCode: creditCode(), kind: 'bottled_lpg' }).returning();
  return e!;
}

export async function createVenue(db: Db, regionId: string, name = unique('餐馆')) {
  const [v] = await db.insert(venues).values({ regionId, name, address: `${name} 地址`, kind: 'restaurant' }).returning();
  return v!;
}

/** Create a region through the API and fail the test with the response if it was refused. */
export async function createRegion(client: Client, input: { parentId: string | null; level: string; code: string; name?: string }) {
  const res = await client.post('/api/v1/regions', { name: unique(`${input.level}-`), ...input });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as RegionRow;
}

/**
 * A fresh district under 重庆市市辖区 with a town, a community and a grid (created by `admin`):
 * a sandbox a test may change freely without disturbing the demo data other tests read.
 */
export async function createDistrictTree(admin: Client, db: Db) {
  const city = await regionByName(db, '重庆市市辖区');
  const district = await createRegion(admin, { parentId: city.id, level: 'district', code: codes.district(city.code) });
  const town = await createRegion(admin, { parentId: district.id, level: 'town', code: codes.town(district.code) });
  const community = await createRegion(admin, { parentId: town.id, level: 'community', code: codes.community(town.code) });
  const grid = await createRegion(admin, { parentId: community.id, level: 'grid', code: codes.grid(community.code) });
  return { district, town, community, grid };
}

export interface NewAccount {
  id: string;
  username: string;
  initialPassword: string;
}

/** Create an account through the API (as `creator`); returns its id and one-time initial password. */
export async function createAccount(
  creator: Client,
  input: { role: string; regionId: string; username?: string; displayName?: string; [k: string]: unknown },
): Promise<NewAccount> {
  const username = input.username ?? unique('u');
  const res = await creator.post('/api/v1/accounts', { displayName: `测试 ${username}`, ...input, username });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.account.id, username, initialPassword: res.body.initialPassword };
}

/** Log in with the initial password and replace it, so the account can use the API. */
export async function activate(ctx: TestContext, account: NewAccount, password = TEST_PASSWORD): Promise<Client> {
  const c = await ctx.login(account.username, account.initialPassword);
  const res = await c.post('/api/v1/auth/change-password', { currentPassword: account.initialPassword, newPassword: password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return c;
}

/**
 * A digest of every table (but sessions, which record each request's last-seen time, and the
 * abuse guards rate_limits and report_challenges, which every anonymous request may touch): equal
 * before and after means a refused request changed nothing, in tables added later too.
 */
export async function fingerprint(db: Db): Promise<Record<string, string>> {
  const found = await db.execute<{ table_name: string }>(
    sql`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('sessions', 'rate_limits', 'report_challenges') ORDER BY table_name`,
  );
  // One statement for all tables: a digest of each table's rows in a stable order.
  const parts = found.rows.map(
    (r) => sql`SELECT ${r.table_name}::text AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text COLLATE "C"), '')) AS digest FROM ${sql.identifier(r.table_name)} x`,
  );
  const res = await db.execute<{ t: string; n: number; digest: string }>(sql.join(parts, sql` UNION ALL `));
  return Object.fromEntries(res.rows.map((r) => [r.t, `${r.n}:${r.digest}`]));
}

/** Audit entries about one entity, newest first (read straight from the table). */
export async function auditOf(db: Db, entityId: string) {
  return db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(sql`${auditLog.id} DESC`);
}
