/**
 * Accounts (R1.4 and 等保 practice): one-time initial passwords, forced change at first login,
 * password policy and history, reset lifting a lock-out, disabling ending sessions, masked phones.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog } from '../db/schema/index.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { accountByUsername, activate, createAccount, demoIds, TEST_PASSWORD, unique, type DemoIds } from '../../test/factories.js';
import { passwordProblems, verifyPassword } from './passwords.js';

describeOnEachDatabase('accounts', (ctx) => {
  let ids: DemoIds;
  let zhuanban: Client;
  beforeAll(async () => {
    ids = await demoIds(ctx().db);
    zhuanban = await ctx().login('zhuanban');
  });
  const newGridWorker = (extra: Record<string, unknown> = {}) => createAccount(zhuanban, { role: 'grid_worker', regionId: ids.grid1, ...extra });
  const tryLogin = (username: string, password: string) => ctx().anonymous().post('/api/v1/auth/login', { username, password });

  describe('initial password', () => {
    it('creating an account returns its initial password once; it is never shown again', async () => {
      const username = unique('gw');
      const res = await zhuanban.post('/api/v1/accounts', { username, displayName: '网格员 新人', role: 'grid_worker', regionId: ids.grid1 });
      expect(res.status).toBe(201);
      const { account, initialPassword } = res.body as { account: Record<string, unknown>; initialPassword: string };
      expect(passwordProblems(initialPassword, username)).toEqual([]);
      expect(account).toMatchObject({ username, role: 'grid_worker', regionId: ids.grid1, mustChangePassword: true, status: 'active' });
      expect(Object.keys(account)).not.toContain("passwordHash");
      expect(JSON.stringify(account)).not.toMatch(/scrypt/);
      const read = await zhuanban.get(`/api/v1/accounts/${account.id}`);
      expect(JSON.stringify(read.body)).not.toContain(initialPassword);
      expect(JSON.stringify(read.body)).not.toMatch(/scrypt/);
      const [row] = await ctx().db.select().from(accounts).where(eq(accounts.id, String(account.id)));
      expect(await verifyPassword(initialPassword, row!.passwordHash)).toBe(true);
      const entries = await ctx().db.select().from(auditLog).where(eq(auditLog.entityId, String(account.id)));
      expect(entries.map((e) => e.action)).toEqual(['account.create']);
      expect(JSON.stringify(entries)).not.toContain(initialPassword);
      expect(JSON.stringify(entries)).not.toMatch(/scrypt/);
    });

    it('a new account must change its password before anything else (403 PASSWORD_CHANGE_REQUIRED)', async () => {
      const acc = await newGridWorker();
      const c = await ctx().login(acc.username, acc.initialPassword);
      const me = await c.get('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.mustChangePassword).toBe(true);
      for (const [method, url] of [
        ['GET', '/api/v1/regions'],
        ['GET', `/api/v1/regions/${ids.grid1}`],
        ['GET', '/api/v1/departments'],
        ['GET', '/api/v1/matrix'],
        ['POST', '/api/v1/regions'],
      ] as const) {
        const res = method === 'GET' ? await c.get(url) : await c.post(url, {});
        expect(res.status, `${method} ${url}`).toBe(403);
        expect(res.body.error).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', message: '首次登录请先修改初始密码' });
      }
      const changed = await c.post('/api/v1/auth/change-password', { currentPassword: acc.initialPassword, newPassword: TEST_PASSWORD });
      expect(changed.status).toBe(200);
      expect((await c.get('/api/v1/regions')).status).toBe(200);
      expect((await c.get('/api/v1/me')).body.mustChangePassword).toBe(false);
      expect((await tryLogin(acc.username, acc.initialPassword)).status).toBe(401);
      expect((await tryLogin(acc.username, TEST_PASSWORD)).status).toBe(200);
    });

    it('a username is unique whatever its case (409 on the username field)', async () => {
      const res = await zhuanban.post('/api/v1/accounts', { username: 'ZhuanBan', displayName: 'x', role: 'grid_worker', regionId: ids.grid1 });
      expect(res.status).toBe(409);
      expect(res.body.error.fields).toEqual([{ path: 'username', message: '用户名 ZhuanBan 已存在' }]);
    });

    it('a role that needs a binding names the missing field (422)', async () => {
      const res = await zhuanban.post('/api/v1/accounts', { username: unique('d'), displayName: 'x', role: 'dept_officer', regionId: ids.dazu });
      expect(res.status).toBe(422);
      expect(res.body.error.fields).toEqual([{ path: 'departmentId', message: '该角色需要指定 department' }]);
    });
  });

  describe('password policy', () => {
    // One account for the refused attempts: a refused change leaves it exactly as it was.
    let acc: { id: string; username: string; initialPassword: string };
    let c: Client;
    let hashBefore: string;
    beforeAll(async () => {
      acc = await newGridWorker();
      c = await ctx().login(acc.username, acc.initialPassword);
      hashBefore = (await accountByUsername(ctx().db, acc.username)).passwordHash;
    });
    const unchanged = async () => {
      const row = await accountByUsername(ctx().db, acc.username);
      expect(row.passwordHash).toBe(hashBefore);
      expect(row.mustChangePassword).toBe(true);
      expect((await c.get('/api/v1/regions')).status).toBe(403);
    };

    // [what, new password (the username is put in for {u}), message]
    const BAD: [string, string, string][] = [
      ['too short', 'Ab1!xyz', '密码至少 10 位'],
      ['only two character classes', 'abcdefgh1234', '密码须包含大写字母、小写字母、数字、符号中的至少 3 类'],
      ['containing the username', '{u}Ab1!', '密码不能包含用户名'],
    ];
    for (const [what, password, message] of BAD) {
      it(`a new password ${what} is refused with 422 on newPassword`, async () => {
        const newPassword = password.replace('{u}', acc.username.toUpperCase());
        const res = await c.post('/api/v1/auth/change-password', { currentPassword: acc.initialPassword, newPassword });
        expect(res.status).toBe(422);
        expect(res.body.error.fields).toEqual([{ path: 'newPassword', message }]);
        await unchanged();
      });
    }

    it('policy messages follow the chosen language', async () => {
      const en = await ctx().login(acc.username, acc.initialPassword);
      en.cookies.gg_lang = 'en';
      const res = await en.post('/api/v1/auth/change-password', { currentPassword: acc.initialPassword, newPassword: 'short' });
      expect(res.body.error.fields).toEqual([
        { path: 'newPassword', message: 'Password must have at least 10 characters' },
        { path: 'newPassword', message: 'Password must contain at least 3 of: upper case, lower case, digits, symbols' },
      ]);
      await unchanged();
    });

    it('a wrong current password is refused with 422 on currentPassword', async () => {
      const res = await c.post('/api/v1/auth/change-password', { currentPassword: 'Wrong#Pass1', newPassword: TEST_PASSWORD });
      expect(res.status).toBe(422);
      expect(res.body.error.fields).toEqual([{ path: 'currentPassword', message: '当前密码不正确' }]);
      await unchanged();
    });

    it('none of the last 5 passwords may be reused; the 6th back may', async () => {
      const acc = await newGridWorker();
      const c = await activate(ctx(), acc, 'History#0001');
      const change = (from: string, to: string) => c.post('/api/v1/auth/change-password', { currentPassword: from, newPassword: to });
      let current = 'History#0001';
      for (const next of ['History#0002', 'History#0003', 'History#0004', 'History#0005']) {
        expect((await change(current, next)).status).toBe(200);
        current = next;
      }
      // Current: 0005; before it 0004, 0003, 0002, 0001 — five in all; the initial one is the sixth.
      for (const old of ['History#0005', 'History#0001']) {
        const res = await change(current, old);
        expect(res.status, old).toBe(422);
        expect(res.body.error.fields).toEqual([{ path: 'newPassword', message: '不能使用最近 5 次用过的密码' }]);
      }
      expect((await change(current, acc.initialPassword)).status).toBe(200);
    });
  });

  describe('lock-out, reset and disabling', () => {
    it('a reset lifts a lock-out, ends the sessions and forces a change at next login', async () => {
      const acc = await newGridWorker();
      const old = await activate(ctx(), acc);
      for (let i = 0; i < 5; i++) expect((await tryLogin(acc.username, `Wrong#Pass${i}`)).status).toBe(401);
      const locked = await tryLogin(acc.username, TEST_PASSWORD);
      expect(locked.status).toBe(429);
      expect(locked.body.error.code).toBe('LOCKED');
      expect((await zhuanban.get(`/api/v1/accounts/${acc.id}`)).body.locked).toBe(true);

      const reset = await zhuanban.post(`/api/v1/accounts/${acc.id}/reset-password`);
      expect(reset.status).toBe(200);
      expect(passwordProblems(reset.body.initialPassword, acc.username)).toEqual([]);
      expect((await zhuanban.get(`/api/v1/accounts/${acc.id}`)).body).toMatchObject({ locked: false, mustChangePassword: true });
      expect((await old.get('/api/v1/me')).status).toBe(401);
      expect((await tryLogin(acc.username, TEST_PASSWORD)).status).toBe(401);

      const fresh = await ctx().login(acc.username, reset.body.initialPassword);
      expect((await fresh.get('/api/v1/regions')).status).toBe(403);
      const changed = await fresh.post('/api/v1/auth/change-password', { currentPassword: reset.body.initialPassword, newPassword: 'AfterReset#2026' });
      expect(changed.status).toBe(200);
      expect((await fresh.get('/api/v1/regions')).status).toBe(200);
      const trail = await zhuanban.get(`/api/v1/audit?entityId=${acc.id}`);
      expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['account.password.reset', 'auth.login.locked', 'auth.login.refused', 'auth.login.failed', 'account.create']),
      );
    });

    it('disabling an account ends its sessions at once and refuses its logins until enabled again', async () => {
      const acc = await newGridWorker();
      const c = await activate(ctx(), acc);
      expect((await c.get('/api/v1/me')).status).toBe(200);
      const disabled = await zhuanban.patch(`/api/v1/accounts/${acc.id}`, { status: 'disabled' });
      expect(disabled.status).toBe(200);
      expect(disabled.body.status).toBe('disabled');
      const after = await c.get('/api/v1/me');
      expect(after.status).toBe(401);
      const login = await tryLogin(acc.username, TEST_PASSWORD);
      expect(login.status).toBe(403);
      expect(login.body.error.message).toBe('账号已停用');
      const refused = await zhuanban.get(`/api/v1/audit?entityId=${acc.id}&action=auth.login.refused`);
      expect(refused.body.items.map((e: { after: { reason: string } }) => e.after.reason)).toEqual(['disabled']);
      expect((await zhuanban.patch(`/api/v1/accounts/${acc.id}`, { status: 'active' })).status).toBe(200);
      expect((await tryLogin(acc.username, TEST_PASSWORD)).status).toBe(200);
      const trail = await zhuanban.get(`/api/v1/audit?entityId=${acc.id}&action=account.update`);
      expect(trail.body.items.map((e: { before: { status: string }; after: { status: string } }) => [e.before.status, e.after.status])).toEqual([
        ['disabled', 'active'],
        ['active', 'disabled'],
      ]);
    });

    it('moving an account to another region ends its sessions too', async () => {
      const acc = await newGridWorker();
      const c = await activate(ctx(), acc);
      expect((await zhuanban.patch(`/api/v1/accounts/${acc.id}`, { regionId: ids.grid2 })).status).toBe(200);
      expect((await c.get('/api/v1/me')).status).toBe(401);
    });
  });

  describe('phones', () => {
    it('phones are stored normalised and shown masked (138****1234) in lists, details and the audit trail', async () => {
      const acc = await newGridWorker({ phone: '+86 138-0013-1234' });
      const [row] = await ctx().db.select().from(accounts).where(eq(accounts.id, acc.id));
      expect(row!.phone).toBe('13800131234');
      const list = await zhuanban.get(`/api/v1/accounts?q=${acc.username}`);
      expect(list.body.items).toEqual([expect.objectContaining({ id: acc.id, phone: '138****1234' })]);
      expect((await zhuanban.get(`/api/v1/accounts/${acc.id}`)).body.phone).toBe('138****1234');
      const entries = await ctx().db.select().from(auditLog).where(eq(auditLog.entityId, acc.id));
      expect(JSON.stringify(entries)).not.toContain('13800131234');
    });

    for (const phone of ['1380013123', '12800131234', 'phone']) {
      it(`an invalid phone (${phone}) is refused with 422 on the phone field`, async () => {
        const username = unique('p');
        const res = await zhuanban.post('/api/v1/accounts', { username, displayName: 'x', role: 'grid_worker', regionId: ids.grid1, phone });
        expect(res.status).toBe(422);
        expect(res.body.error.fields).toEqual([{ path: 'phone', message: '格式不正确' }]);
        await expect(accountByUsername(ctx().db, username)).rejects.toThrow();
      });
    }

    it('an invalid phone on edit is refused and the stored phone stays', async () => {
      const acc = await newGridWorker({ phone: '13900001111' });
      const res = await zhuanban.patch(`/api/v1/accounts/${acc.id}`, { phone: '000' });
      expect(res.status).toBe(422);
      expect((await accountByUsername(ctx().db, acc.username)).phone).toBe('13900001111');
    });
  });

  describe('who manages whom', () => {
    it('a street officer creates grid workers in its street; an enterprise admin creates its own staff', async () => {
      const longgang = await ctx().login('longgang');
      const gw = await createAccount(longgang, { role: 'grid_worker', regionId: ids.wuxing });
      expect((await longgang.get(`/api/v1/accounts/${gw.id}`)).status).toBe(200);
      const qiye = await ctx().login('qiye');
      const staff = await createAccount(qiye, { role: 'enterprise_staff', regionId: ids.longgang, enterpriseId: ids.enterprise, staffKind: 'delivery_worker' });
      const read = await qiye.get(`/api/v1/accounts/${staff.id}`);
      expect(read.body).toMatchObject({ role: 'enterprise_staff', enterpriseId: ids.enterprise, staffKind: 'delivery_worker' });
      const list = await qiye.get('/api/v1/accounts?pageSize=200');
      expect(list.body.items.map((a: { username: string }) => a.username).sort()).toEqual(
        expect.arrayContaining(['chongzhuang', 'qiye', 'songqi', staff.username]),
      );
      expect(list.body.items.every((a: { enterpriseId: string }) => a.enterpriseId === ids.enterprise)).toBe(true);
    });
  });
});
