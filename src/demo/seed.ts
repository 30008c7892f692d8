import { eq, sql } from 'drizzle-orm';
import { recordAudit, SYSTEM_ACTOR } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { accounts, departments, enterprises, regions, settings, venues } from '../db/schema/index.js';
import { hashPassword } from '../accounts/passwords.js';
import type { Role, StaffKind } from '../accounts/roles.js';
import { findPreset } from '../departments/presets/index.js';
import { responsibilityRules } from '../db/schema/index.js';
import { childPath, type RegionLevel } from '../regions/regions.rules.js';
import { randomUUID } from 'node:crypto';
import { seedMonitoringDemo } from '../monitoring/demo.js';
import { seedDemoCylinders } from '../cylinders/demo.js';

/** The documented password of the demo accounts (README); never used outside demo data. */
export const DEMO_PASSWORD = 'GasGuard@2026';

async function insertRegion(
  tx: Executor,
  parent: { id: string; path: string; depth: number } | null,
  level: RegionLevel,
  code: string,
  name: string,
) {
  const id = randomUUID();
  const row = { id, parentId: parent?.id ?? null, path: childPath(parent?.path ?? null, id), depth: (parent?.depth ?? -1) + 1, level, code, name, codeVersion: '2023' };
  await tx.insert(regions).values(row);
  return row;
}

/**
 * First start of any database: the root region and the `admin` account. Its password is
 * GASGUARD_ADMIN_PASSWORD when given, else the documented demo one (then it must be changed
 * at first login unless this is a demo deployment).
 */
export async function seedPlatform(db: Db, opts: { adminPassword: string | undefined; demo?: boolean }) {
  const adminPassword = opts.adminPassword ?? DEMO_PASSWORD;
  const passwordHash = await hashPassword(adminPassword);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7301003)`);
    const [existing] = await tx.select({ id: accounts.id }).from(accounts).limit(1);
    if (existing) return { adminPassword: '(unchanged)', created: false };
    const root = await insertRegion(tx, null, 'country', '000000', '全国');
    const [admin] = await tx
      .insert(accounts)
      .values({
        username: 'admin',
        displayName: '平台管理员',
        role: 'platform_admin',
        regionId: root.id,
        passwordHash,
        mustChangePassword: opts.adminPassword === undefined && !(opts.demo ?? true),
        isDemo: opts.adminPassword === undefined,
      })
      .returning();
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'platform.init', entityType: 'account', entityId: admin!.id, regionId: root.id, after: { username: 'admin' } });
    return { adminPassword: opts.adminPassword ? '(from GASGUARD_ADMIN_PASSWORD)' : DEMO_PASSWORD, created: true };
  });
}

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  note: string;
}

/** The demo logins printed at start and listed in the README (password DEMO_PASSWORD). */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '平台管理员', role: 'platform_admin', note: '全平台 / whole platform' },
  { username: 'zhuanban', displayName: '大足区燃气专班', role: 'task_force', note: '大足区工作专班' },
  { username: 'jingxin', displayName: '区经济信息委 李科长', role: 'dept_officer', note: '燃气主管部门' },
  { username: 'shichang', displayName: '区市场监管局 王科长', role: 'dept_officer', note: '市场监管' },
  { username: 'longgang', displayName: '龙岗街道 赵主任', role: 'town_officer', note: '龙岗街道' },
  { username: 'wangge', displayName: '网格员 陈晓', role: 'grid_worker', note: '龙岗街道 第一网格' },
  { username: 'qiye', displayName: '大足燃气 安全部', role: 'enterprise_admin', note: '大足燃气有限公司' },
  { username: 'chongzhuang', displayName: '充装工 刘强', role: 'enterprise_staff', note: '充装工 filling operator' },
  { username: 'songqi', displayName: '送气工 周平', role: 'enterprise_staff', note: '送气工 delivery worker' },
  { username: 'canting', displayName: '老街火锅 店主', role: 'venue_user', note: '餐馆 restaurant owner' },
  { username: 'tongliang', displayName: '铜梁区燃气专班', role: 'task_force', note: '另一区县 (scope demo)' },
];

/** Demo region: 重庆市 → 大足区 (Dazu preset) with streets, communities and grids; 铜梁区 beside it. */
export async function seedDemo(db: Db): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7301003)`);
    const [done] = await tx.select().from(settings).where(eq(settings.key, 'demo.seeded'));
    // Cylinder demo data (src/cylinders/demo.ts) has its own once-only key, so older demo databases get it too.
    if (done) return seedDemoCylinders(tx).then(() => seedMonitoringDemo(tx)).then(() => false);
    const [root] = await tx.select().from(regions).where(eq(regions.code, '000000'));
    const cq = await insertRegion(tx, root!, 'province', '500000', '重庆市');
    const cqCity = await insertRegion(tx, cq, 'city', '500100', '重庆市市辖区');
    const dazu = await insertRegion(tx, cqCity, 'district', '500111', '大足区');
    const tongliang = await insertRegion(tx, cqCity, 'district', '500151', '铜梁区');
    const streets = ['龙岗街道', '棠香街道', '龙滩子街道', '双路街道', '通桥街道', '智凤街道'];
    const towns = [];
    for (const [i, name] of streets.entries()) towns.push(await insertRegion(tx, dazu, 'town', `500111${String(i + 1).padStart(3, '0')}000`, name));
    towns.push(await insertRegion(tx, dazu, 'town', '500111100000', '宝顶镇'));
    const longgang = towns[0]!;
    const communities = [];
    for (const [i, name] of ['五星社区', '北山社区', '西禅社区'].entries()) {
      communities.push(await insertRegion(tx, longgang, 'community', `${longgang.code.slice(0, 9)}${String(i + 1).padStart(3, '0')}`, name));
    }
    const grids = [];
    for (const [i, name] of ['第一网格', '第二网格'].entries()) {
      grids.push(await insertRegion(tx, communities[0]!, 'grid', `${communities[0]!.code}0${i + 1}`, name));
    }
    await insertRegion(tx, tongliang, 'town', '500151001000', '巴川街道');

    // The Dazu preset (seed 000) for the district; its departments are created with it.
    const preset = findPreset('dazu')!;
    const deptIds = new Map<string, string>();
    for (const d of preset.departments) {
      const [row] = await tx.insert(departments).values({ regionId: dazu.id, key: d.key, name: d.name, isGasAuthority: d.isGasAuthority ?? false }).returning();
      deptIds.set(d.key, row!.id);
    }
    await tx.insert(responsibilityRules).values(
      preset.rules.map((r) => ({ regionId: dazu.id, category: r.category, taskKind: r.taskKind, leadKey: r.lead, cooperatingKeys: r.cooperating, basis: r.basis, presetKey: preset.key })),
    );
    const [ent] = await tx
      .insert(enterprises)
      .values({ regionId: longgang.id, name: '大足燃气有限公司', creditCode: '91500111MA5U3C8A0M', kind: 'bottled_lpg' })
      .returning();
    const [venue] = await tx
      .insert(venues)
      .values({ regionId: grids[0]!.id, name: '老街火锅', address: '重庆市大足区龙岗街道五星大道 88 号', kind: 'restaurant' })
      .returning();

    const bind: Record<string, { regionId: string; departmentId?: string; enterpriseId?: string; venueId?: string; staffKind?: StaffKind }> = {
      zhuanban: { regionId: dazu.id },
      jingxin: { regionId: dazu.id, departmentId: deptIds.get('gas_authority')! },
      shichang: { regionId: dazu.id, departmentId: deptIds.get('market_supervision')! },
      longgang: { regionId: longgang.id },
      wangge: { regionId: grids[0]!.id },
      qiye: { regionId: longgang.id, enterpriseId: ent!.id },
      chongzhuang: { regionId: longgang.id, enterpriseId: ent!.id, staffKind: 'filling_operator' },
      songqi: { regionId: longgang.id, enterpriseId: ent!.id, staffKind: 'delivery_worker' },
      canting: { regionId: grids[0]!.id, venueId: venue!.id },
      tongliang: { regionId: tongliang.id },
    };
    for (const a of DEMO_ACCOUNTS) {
      const b = bind[a.username];
      if (!b) continue; // admin exists already
      await tx.insert(accounts).values({
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        staffKind: b.staffKind ?? null,
        regionId: b.regionId,
        departmentId: b.departmentId ?? null,
        enterpriseId: b.enterpriseId ?? null,
        venueId: b.venueId ?? null,
        passwordHash,
        mustChangePassword: false,
        isDemo: true,
      });
    }
    await seedDemoCylinders(tx);
    await seedMonitoringDemo(tx);
    await tx.insert(settings).values({ key: 'demo.seeded', value: { at: new Date().toISOString() } });
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'demo.seed', entityType: 'region', entityId: dazu.id, regionId: dazu.id, after: { regions: 'demo', accounts: DEMO_ACCOUNTS.length } });
    return true;
  });
}
