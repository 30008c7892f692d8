import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { accounts, apiTokens, regions, sessions } from '../db/schema/index.js';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import { pickLocale } from '../shared/i18n.js';
import type { Principal } from '../shared/principal.js';
import { hashPassword, passwordProblems, PASSWORD_HISTORY, verifyPassword } from './passwords.js';
import { newTotpSecret, otpauthUrl, verifyTotp } from './totp.js';
import type { FieldCrypto } from '../shared/field-crypto.js';
import { isPrivileged, type Role, type StaffKind } from './roles.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
const SESSION_ABSOLUTE_HOURS = 12;
const TOUCH_EVERY_MS = 60_000;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** A password hash that takes as long to check as a real one, so unknown usernames leak no timing. */
let dummyHash: Promise<string> | null = null;

export interface LoginResult {
  cookieValue: string;
  csrfToken: string;
  accountId: string;
}

export async function login(
  db: Db,
  clock: Clock,
  input: { username: string; password: string; otp?: string | null | undefined; ip: string | null; userAgent: string | null },
  crypto?: FieldCrypto,
): Promise<LoginResult> {
  const [acc] = await db.select().from(accounts).where(eq(sql`lower(${accounts.username})`, input.username.toLowerCase()));
  const now = clock.now();
  const actor: Actor = { id: acc?.id ?? null, label: acc?.username ?? input.username.slice(0, 64), ip: input.ip };
  if (!acc) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(input.password, await dummyHash);
    await db.transaction((tx) => recordAudit(tx, actor, { action: 'auth.login.failed', entityType: 'account', entityId: '-', after: { reason: 'unknown_user' } }));
    throw new AppError('BAD_CREDENTIALS', 'error.badCredentials');
  }
  if (acc.lockedUntil && acc.lockedUntil > now) {
    const minutes = Math.ceil((acc.lockedUntil.getTime() - now.getTime()) / 60_000);
    await db.transaction((tx) => recordAudit(tx, actor, { action: 'auth.login.refused', entityType: 'account', entityId: acc.id, regionId: acc.regionId, after: { reason: 'locked' } }));
    throw new AppError('LOCKED', 'error.locked', { minutes });
  }
  const passwordOk = await verifyPassword(input.password, acc.passwordHash);
  // Second factor (TOTP) once enrolled: a right password without a code asks for the code; a wrong
  // code counts as a failed login like a wrong password.
  const totpOn = Boolean(acc.totpEnabledAt && acc.totpSecret && crypto);
  if (passwordOk && totpOn && !input.otp) throw new AppError('OTP_REQUIRED', 'error.otpRequired');
  const otpOk = !totpOn || verifyTotp(crypto!.decrypt(acc.totpSecret!), input.otp ?? '', now);
  const ok = passwordOk && otpOk;
  if (!ok) {
    await db.transaction(async (tx) => {
      const failed = acc.failedLogins + 1;
      const lock = failed >= MAX_FAILED_LOGINS;
      await tx
        .update(accounts)
        .set({ failedLogins: lock ? 0 : failed, lockedUntil: lock ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : acc.lockedUntil })
        .where(eq(accounts.id, acc.id));
      await recordAudit(tx, actor, {
        action: lock ? 'auth.login.locked' : 'auth.login.failed',
        entityType: 'account',
        entityId: acc.id,
        regionId: acc.regionId,
        after: { reason: passwordOk ? 'bad_otp' : 'bad_password', failedLogins: failed },
      });
    });
    throw new AppError('BAD_CREDENTIALS', 'error.badCredentials');
  }
  if (acc.status !== 'active') {
    await db.transaction((tx) => recordAudit(tx, actor, { action: 'auth.login.refused', entityType: 'account', entityId: acc.id, regionId: acc.regionId, after: { reason: 'disabled' } }));
    throw new AppError('FORBIDDEN', 'error.disabled');
  }
  const cookieValue = randomToken();
  const csrfToken = randomToken(24);
  await db.transaction(async (tx) => {
    await tx.update(accounts).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(accounts.id, acc.id));
    await tx.insert(sessions).values({
      id: sha256(cookieValue),
      accountId: acc.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_HOURS * 3_600_000),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(tx, actor, { action: 'auth.login', entityType: 'account', entityId: acc.id, regionId: acc.regionId });
  });
  return { cookieValue, csrfToken, accountId: acc.id };
}

export async function logout(db: Db, clock: Clock, principal: Principal): Promise<void> {
  if (!principal.sessionId) return;
  await db.transaction(async (tx) => {
    await tx.update(sessions).set({ revokedAt: clock.now() }).where(eq(sessions.id, principal.sessionId!));
    await recordAudit(tx, { id: principal.id, label: principal.label, ip: principal.ip }, { action: 'auth.logout', entityType: 'account', entityId: principal.id, regionId: principal.regionId });
  });
}

export interface SessionInfo {
  principal: Principal;
  csrfToken: string;
  mustChangePassword: boolean;
  /** Admin and task-force accounts must enrol a second factor before anything else (demo accounts excepted). */
  mustSetupTotp: boolean;
}

const ALL = '/';

/** Resolve a session cookie to the caller; null when absent, expired, idle too long or revoked. */
export async function resolveSession(
  db: Db,
  clock: Clock,
  cookieValue: string,
  idleMinutes: number,
  ctx: { ip: string | null; acceptLanguage: string | undefined },
): Promise<SessionInfo | null> {
  const id = sha256(cookieValue);
  const [row] = await db
    .select({ s: sessions, a: accounts, regionPath: regions.path })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
  if (!row) return null;
  const now = clock.now();
  const idleLimit = row.s.lastSeenAt.getTime() + idleMinutes * 60_000;
  if (now.getTime() > idleLimit || now > row.s.expiresAt || row.a.status !== 'active') return null;
  if (now.getTime() - row.s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  const a = row.a;
  return {
    csrfToken: row.s.csrfToken,
    mustChangePassword: a.mustChangePassword && !a.isDemo,
    mustSetupTotp: isPrivileged(a.role as Role) && !a.isDemo && !a.totpEnabledAt,
    principal: {
      kind: 'account',
      id: a.id,
      label: a.username,
      role: a.role as Role,
      staffKind: (a.staffKind as StaffKind | null) ?? null,
      tokenKind: null,
      regionId: a.regionId,
      regionPath: a.role === 'platform_admin' ? ALL : row.regionPath,
      departmentId: a.departmentId,
      enterpriseId: a.enterpriseId,
      venueId: a.venueId,
      locale: pickLocale(a.locale, ctx.acceptLanguage),
      sessionId: id,
      ip: ctx.ip,
    },
  };
}

/** Resolve `Authorization: Bearer <token>` for machine clients. */
export async function resolveApiToken(
  db: Db,
  clock: Clock,
  token: string,
  ctx: { ip: string | null; acceptLanguage: string | undefined },
): Promise<Principal | null> {
  const [row] = await db
    .select({ t: apiTokens, regionPath: regions.path })
    .from(apiTokens)
    .innerJoin(regions, eq(regions.id, apiTokens.regionId))
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)));
  const now = clock.now();
  if (!row || (row.t.expiresAt && row.t.expiresAt < now)) return null;
  if (!row.t.lastUsedAt || now.getTime() - row.t.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.t.id));
  }
  return {
    kind: 'token',
    id: row.t.id,
    label: row.t.name,
    role: 'machine',
    staffKind: null,
    tokenKind: row.t.kind,
    regionId: row.t.regionId,
    regionPath: row.regionPath,
    departmentId: null,
    enterpriseId: row.t.enterpriseId,
    venueId: null,
    locale: pickLocale(undefined, ctx.acceptLanguage),
    sessionId: null,
    ip: ctx.ip,
  };
}

/** Change one's own password under the policy, refusing the last five. */
export async function changePassword(
  db: Db,
  clock: Clock,
  p: Principal,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const [acc] = await db.select().from(accounts).where(eq(accounts.id, p.id));
  if (!acc) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  if (!(await verifyPassword(input.currentPassword, acc.passwordHash))) {
    throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'currentPassword', key: 'password.wrongCurrent' }]);
  }
  const problems = passwordProblems(input.newPassword, acc.username);
  if (problems.length) throw new AppError('UNPROCESSABLE', 'error.validation', {}, problems.map((x) => ({ path: 'newPassword', ...x })));
  const recent = [acc.passwordHash, ...acc.passwordHistory].slice(0, PASSWORD_HISTORY);
  for (const old of recent) {
    if (await verifyPassword(input.newPassword, old)) {
      throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'newPassword', key: 'password.reused', params: { n: PASSWORD_HISTORY } }]);
    }
  }
  const hash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(accounts)
      .set({ passwordHash: hash, passwordHistory: recent.slice(0, PASSWORD_HISTORY - 1), mustChangePassword: false, passwordChangedAt: clock.now(), updatedAt: clock.now() })
      .where(eq(accounts.id, acc.id));
    await recordAudit(tx, { id: p.id, label: p.label, ip: p.ip }, { action: 'account.password.change', entityType: 'account', entityId: acc.id, regionId: acc.regionId });
  });
}

export async function createApiTokenSecret(): Promise<{ token: string; hash: string; prefix: string }> {
  const token = `gg_${randomToken(30)}`;
  return { token, hash: sha256(token), prefix: token.slice(0, 10) };
}

export type { Executor };

/** Start enrolling a second factor: a new secret (pending until confirmed by a code). */
export async function setupTotp(db: Db, crypto: FieldCrypto, p: Principal): Promise<{ secret: string; otpauthUrl: string }> {
  const secret = newTotpSecret();
  await db.update(accounts).set({ totpSecret: crypto.encrypt(secret), totpEnabledAt: null }).where(eq(accounts.id, p.id));
  return { secret, otpauthUrl: otpauthUrl(secret, p.label) };
}

/** Confirm enrolment with a current code; from then on login asks for a code. */
export async function enableTotp(db: Db, crypto: FieldCrypto, clock: Clock, p: Principal, code: string): Promise<void> {
  const [acc] = await db.select({ secret: accounts.totpSecret, regionId: accounts.regionId }).from(accounts).where(eq(accounts.id, p.id));
  if (!acc?.secret || !verifyTotp(crypto.decrypt(acc.secret), code, clock.now())) {
    throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'code', key: 'totp.wrongCode' }]);
  }
  await db.transaction(async (tx) => {
    await tx.update(accounts).set({ totpEnabledAt: clock.now() }).where(eq(accounts.id, p.id));
    await recordAudit(tx, { id: p.id, label: p.label, ip: p.ip }, { action: 'account.totp.enable', entityType: 'account', entityId: p.id, regionId: acc.regionId });
  });
}
