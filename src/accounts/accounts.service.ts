import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { accounts, departments, enterprises, regions, sessions, venues } from '../db/schema/index.js';
import { conflict, forbidden, invalidField, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { offsetOf, pageOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope, loadRegionInScope } from '../shared/scope.js';
import { maskPhone, normalizeMobile } from '../shared/validation.js';
import { generatePassword, hashPassword } from './passwords.js';
import { manageableRoles, requiredBinding, type Role, type StaffKind } from './roles.js';

type AccountRow = typeof accounts.$inferSelect;

/** An account as lists show it: never the hash, and the phone masked (revealing is separate). */
export function presentAccount(a: AccountRow, extra: { regionName?: string | null } = {}) {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role as Role,
    staffKind: a.staffKind,
    regionId: a.regionId,
    regionName: extra.regionName ?? null,
    departmentId: a.departmentId,
    enterpriseId: a.enterpriseId,
    venueId: a.venueId,
    phone: maskPhone(a.phone),
    status: a.status,
    mustChangePassword: a.mustChangePassword && !a.isDemo,
    isDemo: a.isDemo,
    locked: a.lockedUntil !== null && a.lockedUntil > new Date(),
    lastLoginAt: a.lastLoginAt,
    createdAt: a.createdAt,
  };
}

/** Accounts the caller may see: in its region subtree and, for enterprise admins, its enterprise. */
function accountScope(p: Principal): SQL {
  const parts = [inRegionScope(p, accounts.regionId)];
  if (p.enterpriseId) parts.push(eq(accounts.enterpriseId, p.enterpriseId));
  if (p.venueId) parts.push(eq(accounts.venueId, p.venueId));
  return and(...parts)!;
}

export async function listAccounts(
  db: Executor,
  p: Principal,
  q: { regionId?: string | undefined; role?: string | undefined; q?: string | undefined; status?: string | undefined; page: number; pageSize: number },
) {
  const conds: (SQL | undefined)[] = [accountScope(p)];
  if (q.regionId) {
    const r = await loadRegionInScope(db, p, q.regionId);
    conds.push(sql`${accounts.regionId} IN (SELECT id FROM regions WHERE path LIKE ${r.path + '%'})`);
  }
  if (q.role) conds.push(eq(accounts.role, q.role));
  if (q.status) conds.push(eq(accounts.status, q.status));
  if (q.q) conds.push(or(ilike(accounts.username, `%${q.q}%`), ilike(accounts.displayName, `%${q.q}%`)));
  const where = and(...conds);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(accounts).where(where);
  const rows = await db
    .select({ a: accounts, regionName: regions.name })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .where(where)
    .orderBy(asc(accounts.username))
    .limit(q.pageSize)
    .offset(offsetOf(q));
  return pageOf(rows.map((r) => presentAccount(r.a, { regionName: r.regionName })), count?.n ?? 0, q);
}

async function loadAccount(tx: Executor, p: Principal, id: string): Promise<AccountRow> {
  const [a] = await tx.select().from(accounts).where(and(eq(accounts.id, id), accountScope(p)));
  if (!a) throw notFound('entity.account');
  return a;
}

export async function getAccount(db: Executor, p: Principal, id: string) {
  return presentAccount(await loadAccount(db, p, id));
}

export interface AccountInput {
  username: string;
  displayName: string;
  role: Role;
  staffKind?: StaffKind | null | undefined;
  regionId: string;
  departmentId?: string | null | undefined;
  enterpriseId?: string | null | undefined;
  venueId?: string | null | undefined;
  phone?: string | null | undefined;
}

/** Check role, region and binding of an account the caller wants to create or change. */
async function checkAssignment(tx: Executor, p: Principal, input: AccountInput) {
  if (p.role === 'machine' || !manageableRoles(p.role).includes(input.role)) throw forbidden('account.role.notAllowed');
  const region = await loadRegionInScope(tx, p, input.regionId);
  const binding = requiredBinding(input.role);
  const need = (what: string) => invalidField(`${what}Id`, 'account.scope.required', { what });
  if (binding === 'department') {
    if (!input.departmentId) throw need('department');
    const [d] = await tx.select({ regionId: departments.regionId, path: regions.path }).from(departments).innerJoin(regions, eq(regions.id, departments.regionId)).where(eq(departments.id, input.departmentId));
    // The department sits at the account's region or above it (a district department's officer).
    if (!d || !region.path.startsWith(d.path)) throw invalidField('departmentId', 'account.scope.outside', { what: 'department' });
  }
  if (binding === 'enterprise') {
    if (!input.enterpriseId) throw need('enterprise');
    if (p.enterpriseId && p.enterpriseId !== input.enterpriseId) throw invalidField('enterpriseId', 'account.scope.outside', { what: 'enterprise' });
    const [e] = await tx.select({ id: enterprises.id }).from(enterprises).where(and(eq(enterprises.id, input.enterpriseId), inRegionScope(p, enterprises.regionId)));
    if (!e) throw invalidField('enterpriseId', 'account.scope.outside', { what: 'enterprise' });
  }
  if (binding === 'venue') {
    if (!input.venueId) throw need('venue');
    const [v] = await tx.select({ id: venues.id }).from(venues).where(and(eq(venues.id, input.venueId), inRegionScope(p, venues.regionId)));
    if (!v) throw invalidField('venueId', 'account.scope.outside', { what: 'venue' });
  }
  if (input.phone && !/^1[3-9]\d{9}$/.test(normalizeMobile(input.phone))) throw invalidField('phone', 'field.invalidFormat');
  return {
    staffKind: input.role === 'enterprise_staff' ? (input.staffKind ?? 'other') : null,
    departmentId: binding === 'department' ? input.departmentId! : null,
    enterpriseId: binding === 'enterprise' ? input.enterpriseId! : null,
    venueId: binding === 'venue' ? input.venueId! : null,
    phone: input.phone ? normalizeMobile(input.phone) : null,
  };
}

export async function createAccount(db: Db, p: Principal, input: AccountInput) {
  const initialPassword = generatePassword();
  const passwordHash = await hashPassword(initialPassword);
  return db.transaction(async (tx) => {
    const fixed = await checkAssignment(tx, p, input);
    const [dup] = await tx.select({ id: accounts.id }).from(accounts).where(eq(sql`lower(${accounts.username})`, input.username.toLowerCase()));
    if (dup) throw conflict('account.username.taken', { username: input.username }, 'username');
    const [row] = await tx
      .insert(accounts)
      .values({ username: input.username, displayName: input.displayName, role: input.role, regionId: input.regionId, ...fixed, passwordHash, mustChangePassword: true })
      .returning();
    await recordAudit(tx, actorOf(p), { action: 'account.create', entityType: 'account', entityId: row!.id, regionId: row!.regionId, after: presentAccount(row!) });
    return { account: presentAccount(row!), initialPassword };
  });
}

export async function updateAccount(db: Db, p: Principal, id: string, input: Partial<AccountInput> & { status?: 'active' | 'disabled' | undefined }) {
  return db.transaction(async (tx) => {
    const before = await loadAccount(tx, p, id);
    if (before.id === p.id && (input.role || input.status === 'disabled')) throw forbidden();
    if (p.role === 'machine' || !manageableRoles(p.role).includes(before.role as Role)) throw forbidden('account.role.notAllowed');
    const merged: AccountInput = {
      username: before.username,
      displayName: input.displayName ?? before.displayName,
      role: input.role ?? (before.role as Role),
      staffKind: input.staffKind !== undefined ? input.staffKind : (before.staffKind as StaffKind | null),
      regionId: input.regionId ?? before.regionId,
      departmentId: input.departmentId !== undefined ? input.departmentId : before.departmentId,
      enterpriseId: input.enterpriseId !== undefined ? input.enterpriseId : before.enterpriseId,
      venueId: input.venueId !== undefined ? input.venueId : before.venueId,
      phone: input.phone !== undefined ? input.phone : before.phone,
    };
    const fixed = await checkAssignment(tx, p, merged);
    const [after] = await tx
      .update(accounts)
      .set({ displayName: merged.displayName, role: merged.role, regionId: merged.regionId, ...fixed, status: input.status ?? before.status, updatedAt: new Date() })
      .where(eq(accounts.id, id))
      .returning();
    // A disabled account or one moved elsewhere loses its sessions at once.
    if (after!.status !== 'active' || after!.role !== before.role || after!.regionId !== before.regionId) {
      await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.accountId, id), sql`${sessions.revokedAt} IS NULL`));
    }
    await recordAudit(tx, actorOf(p), { action: 'account.update', entityType: 'account', entityId: id, regionId: after!.regionId, before: presentAccount(before), after: presentAccount(after!) });
    return presentAccount(after!);
  });
}

/** Reset to a generated password that must be changed at next login; also lifts a lock-out. */
export async function resetPassword(db: Db, p: Principal, id: string) {
  const initialPassword = generatePassword();
  const passwordHash = await hashPassword(initialPassword);
  return db.transaction(async (tx) => {
    const before = await loadAccount(tx, p, id);
    if (p.role === 'machine' || !manageableRoles(p.role).includes(before.role as Role)) throw forbidden('account.role.notAllowed');
    await tx
      .update(accounts)
      .set({ passwordHash, passwordHistory: [before.passwordHash, ...before.passwordHistory].slice(0, 4), mustChangePassword: true, failedLogins: 0, lockedUntil: null, updatedAt: new Date() })
      .where(eq(accounts.id, id));
    await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.accountId, id), sql`${sessions.revokedAt} IS NULL`));
    await recordAudit(tx, actorOf(p), { action: 'account.password.reset', entityType: 'account', entityId: id, regionId: before.regionId });
    return { initialPassword };
  });
}


/** An account lost its authenticator: the admin clears it; the account enrols again at next login. */
export async function resetTotp(db: Db, p: Principal, id: string) {
  return db.transaction(async (tx) => {
    const before = await loadAccount(tx, p, id);
    if (p.role === 'machine' || !manageableRoles(p.role).includes(before.role as Role)) throw forbidden('account.role.notAllowed');
    await tx.update(accounts).set({ totpSecret: null, totpEnabledAt: null, updatedAt: new Date() }).where(eq(accounts.id, id));
    await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.accountId, id), sql`${sessions.revokedAt} IS NULL`));
    await recordAudit(tx, actorOf(p), { action: 'account.totp.reset', entityType: 'account', entityId: id, regionId: before.regionId });
    return { ok: true };
  });
}
