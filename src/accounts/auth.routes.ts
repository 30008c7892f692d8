import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE } from '../shared/cookies.js';
import { accounts, departments, enterprises, regions, venues } from '../db/schema/index.js';
import { AppError } from '../shared/errors.js';
import { principalOf, typed } from '../shared/http.js';
import { countFailures, enforceFailureLimits, type RateRule } from '../shared/rate-limit.js';
import { changePassword, enableTotp, login, logout, setupTotp } from './auth.service.js';
import { capabilitiesOf, isPrivileged, manageableRoles, type Role } from './roles.js';

function cookieOptions(req: FastifyRequest, httpOnly: boolean) {
  return { path: '/', httpOnly, sameSite: 'lax' as const, secure: req.protocol === 'https' };
}

function setSessionCookies(req: FastifyRequest, reply: FastifyReply, session: string, csrf: string) {
  reply.setCookie(SESSION_COOKIE, session, cookieOptions(req, true));
  // Readable by the page, which echoes it in X-CSRF-Token (double submit, checked on the server).
  reply.setCookie(CSRF_COOKIE, csrf, cookieOptions(req, false));
}

/**
 * Limits on failed logins (password guessing), besides the account lock after 5 failures: per
 * client address (many accounts tried from one place) and per account name (one account tried from
 * many places, also names that do not exist). Only failures count, so an office behind one NAT
 * address logging in at nine o'clock is never refused; once used up, even the right password gets
 * 429 until the window slides on — before any password is checked, so guessing costs no CPU.
 */
export const LOGIN_LIMITS = {
  failuresPerIp: { name: 'login.fail.ip', limit: 20, windowSeconds: 900 },
  failuresPerAccount: { name: 'login.fail.account', limit: 10, windowSeconds: 900 },
} satisfies Record<string, RateRule>;

/** Outcomes of a login attempt that count as a failed guess. */
const FAILED_LOGIN = new Set(['BAD_CREDENTIALS', 'LOCKED']);

export function registerAuthRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.post(
    '/api/v1/auth/login',
    {
      // The address limit runs before the body is parsed; the account limit needs the body.
      onRequest: async (req, reply) =>
        enforceFailureLimits(app.deps.db, [[LOGIN_LIMITS.failuresPerIp, req.ip]], app.deps.clock.now(), reply, 'error.loginRateLimited'),
      schema: {
        tags: ['auth'],
        summary: '登录 / Log in with username and password',
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256), otp: z.string().max(10).optional() }),
      },
    },
    async (req, reply) => {
      const { db, clock } = app.deps;
      const accountKey = req.body.username.trim().toLowerCase();
      await enforceFailureLimits(db, [[LOGIN_LIMITS.failuresPerAccount, accountKey]], clock.now(), reply, 'error.loginRateLimited');
      const result = await login(db, clock, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null }, app.deps.crypto).catch(async (err: unknown) => {
        if (err instanceof AppError && FAILED_LOGIN.has(err.code)) {
          await countFailures(db, [[LOGIN_LIMITS.failuresPerIp, req.ip], [LOGIN_LIMITS.failuresPerAccount, accountKey]], clock.now());
        }
        throw err;
      });
      setSessionCookies(req, reply, result.cookieValue, result.csrfToken);
      const me = await describeAccount(app, result.accountId);
      return { ...me, csrfToken: result.csrfToken };
    },
  );

  r.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: '退出登录 / Log out' } }, async (req, reply) => {
    if (req.principal) await logout(app.deps.db, app.deps.clock, req.principal);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    return { ok: true };
  });

  r.post(
    '/api/v1/auth/change-password',
    {
      schema: {
        tags: ['auth'],
        summary: '修改密码 / Change own password',
        body: z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }),
      },
    },
    async (req) => {
      const p = principalOf(req);
      if (p.kind !== 'account') throw new AppError('FORBIDDEN', 'error.forbidden');
      await changePassword(app.deps.db, app.deps.clock, p, req.body);
      return { ok: true };
    },
  );

  r.get('/api/v1/me', { schema: { tags: ['auth'], summary: '当前账号 / The calling account, its role and scope' } }, async (req) => {
    const p = principalOf(req);
    if (p.kind === 'token') {
      return { kind: 'token', id: p.id, name: p.label, tokenKind: p.tokenKind, regionId: p.regionId, enterpriseId: p.enterpriseId };
    }
    return describeAccount(app, p.id, req.cookies[CSRF_COOKIE]);
  });

  r.post('/api/v1/me/totp/setup', { schema: { tags: ['auth'], summary: '绑定身份验证器：生成密钥 / Start two-factor enrolment (secret and otpauth URL)' } }, async (req) => {
    const p = principalOf(req);
    if (p.kind !== 'account') throw new AppError('FORBIDDEN', 'error.forbidden');
    return setupTotp(app.deps.db, app.deps.crypto, p);
  });

  r.post(
    '/api/v1/me/totp/enable',
    { schema: { tags: ['auth'], summary: '绑定身份验证器：输入验证码确认 / Confirm two-factor enrolment with a code', body: z.object({ code: z.string().regex(/^\d{6}$/) }) } },
    async (req) => {
      const p = principalOf(req);
      if (p.kind !== 'account') throw new AppError('FORBIDDEN', 'error.forbidden');
      await enableTotp(app.deps.db, app.deps.crypto, app.deps.clock, p, req.body.code);
      return { ok: true };
    },
  );

  r.put(
    '/api/v1/me/locale',
    { schema: { tags: ['auth'], summary: '界面语言 / Set UI language', body: z.object({ locale: z.enum(['zh-CN', 'en']) }) } },
    async (req, reply) => {
      const p = principalOf(req);
      if (p.kind === 'account') await app.deps.db.update(accounts).set({ locale: req.body.locale }).where(eq(accounts.id, p.id));
      reply.setCookie(LANG_COOKIE, req.body.locale, cookieOptions(req, false));
      return { locale: req.body.locale };
    },
  );
}

/** The account as the UI needs it: identity, role, scope names and what it may do. */
export async function describeAccount(app: FastifyInstance, accountId: string, csrfToken?: string) {
  const [row] = await app.deps.db
    .select({ a: accounts, region: { id: regions.id, name: regions.name, code: regions.code, level: regions.level, path: regions.path } })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .where(eq(accounts.id, accountId));
  if (!row) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  const a = row.a;
  const role = a.role as Role;
  const [dept] = a.departmentId ? await app.deps.db.select({ id: departments.id, name: departments.name, key: departments.key }).from(departments).where(eq(departments.id, a.departmentId)) : [];
  const [ent] = a.enterpriseId ? await app.deps.db.select({ id: enterprises.id, name: enterprises.name }).from(enterprises).where(eq(enterprises.id, a.enterpriseId)) : [];
  const [ven] = a.venueId ? await app.deps.db.select({ id: venues.id, name: venues.name }).from(venues).where(eq(venues.id, a.venueId)) : [];
  return {
    kind: 'account' as const,
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role,
    staffKind: a.staffKind,
    region: row.region,
    department: dept ?? null,
    enterprise: ent ?? null,
    venue: ven ?? null,
    locale: a.locale,
    mustChangePassword: a.mustChangePassword && !a.isDemo,
    isDemo: a.isDemo,
    twoFactorRequired: isPrivileged(role),
    twoFactorEnabled: a.totpEnabledAt !== null,
    capabilities: capabilitiesOf(role),
    manageableRoles: manageableRoles(role),
    ...(csrfToken ? { csrfToken } : {}),
  };
}
