import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeOnEachDatabase } from '../../test/harness.js';
import { totpCode } from './totp.js';

describeOnEachDatabase('two-factor login (TOTP)', (ctx) => {
  it('a new task-force account enrols an authenticator before anything else, then logs in with a code', async () => {
    const admin = await ctx().login('admin');
    const dazu = (await admin.get(`/api/v1/regions?q=${encodeURIComponent('大足区')}`)).body.items[0].id;
    const created = await admin.post('/api/v1/accounts', { username: 'tf_totp', displayName: '专班 二', role: 'task_force', regionId: dazu });
    expect(created.status).toBe(201);
    const c = await ctx().login('tf_totp', created.body.initialPassword);
    expect((await c.post('/api/v1/auth/change-password', { currentPassword: created.body.initialPassword, newPassword: 'Str0ng-Passw0rd!' })).status).toBe(200);
    const blocked = await c.get('/api/v1/regions');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('TOTP_SETUP_REQUIRED');
    const setup = await c.post('/api/v1/me/totp/setup');
    expect(setup.body.otpauthUrl).toContain('otpauth://totp/');
    expect((await c.post('/api/v1/me/totp/enable', { code: '000000' })).status).toBe(422);
    const code = totpCode(setup.body.secret, ctx().clock.now());
    expect((await c.post('/api/v1/me/totp/enable', { code })).status).toBe(200);
    expect((await c.get('/api/v1/regions')).status).toBe(200);

    const anon = ctx().anonymous();
    const noCode = await anon.post('/api/v1/auth/login', { username: 'tf_totp', password: 'Str0ng-Passw0rd!' });
    expect(noCode.status).toBe(401);
    expect(noCode.body.error.code).toBe('OTP_REQUIRED');
    const wrong = await anon.post('/api/v1/auth/login', { username: 'tf_totp', password: 'Str0ng-Passw0rd!', otp: '123456' === code ? '654321' : '123456' });
    expect(wrong.body.error.code).toBe('BAD_CREDENTIALS');
    ctx().clock.advance(60_000);
    const ok = await anon.post('/api/v1/auth/login', { username: 'tf_totp', password: 'Str0ng-Passw0rd!', otp: totpCode(setup.body.secret, ctx().clock.now()) });
    expect(ok.status).toBe(200);
    expect(ok.body.twoFactorEnabled).toBe(true);
    // The secret is stored encrypted, never in the clear.
    const row = await ctx().db.execute<{ totp_secret: string }>(sql`SELECT totp_secret FROM accounts WHERE username = 'tf_totp'`);
    expect(row.rows[0]!.totp_secret).toMatch(/^v1:/);
    expect(row.rows[0]!.totp_secret).not.toContain(setup.body.secret);
  });

  it('demo accounts are exempt and say so; a grid worker never needs it', async () => {
    const me = await (await ctx().login('zhuanban')).get('/api/v1/me');
    expect(me.body).toMatchObject({ isDemo: true, twoFactorRequired: true, twoFactorEnabled: false });
    expect((await (await ctx().login('wangge')).get('/api/v1/me')).body.twoFactorRequired).toBe(false);
  });
});
