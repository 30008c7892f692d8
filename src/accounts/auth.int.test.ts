import { describe, expect, it } from 'vitest';
import { describeOnEachDatabase, DEMO_PASSWORD } from '../../test/harness.js';

describeOnEachDatabase('login and sessions', (ctx) => {
  it('logs in with the demo admin and reports the account, its role and scope', async () => {
    const admin = await ctx().login('admin');
    const me = await admin.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('platform_admin');
    expect(me.body.username).toBe('admin');
    expect(admin.cookies.gg_session).toBeTruthy();
  });

  it('answers 401 with a JSON error in the caller\'s language for wrong credentials', async () => {
    const c = ctx().anonymous();
    const zh = await c.post('/api/v1/auth/login', { username: 'zhuanban', password: 'wrong-password' });
    expect(zh.status).toBe(401);
    expect(zh.body.error.code).toBe('BAD_CREDENTIALS');
    expect(zh.body.error.message).toBe('用户名或密码错误');
    const en = await c.post('/api/v1/auth/login', { username: 'zhuanban', password: 'wrong' }, { 'accept-language': 'en-US' });
    expect(en.body.error.message).toBe('Wrong username or password');
  });

  it('refuses a state-changing request without the CSRF header', async () => {
    const c = await ctx().login('zhuanban');
    const csrf = c.csrf;
    c.csrf = null;
    const res = await c.post('/api/v1/regions', { parentId: null, level: 'province', code: '110000', name: 'x' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF');
    c.csrf = csrf;
  });

  it('validation errors name the field', async () => {
    const c = await ctx().login('admin');
    const res = await c.post('/api/v1/regions', { parentId: null, level: 'nowhere', code: '', name: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['level', 'code']));
  });

  it('R1.4: locks the account for 15 minutes after 5 failures, then lets it in again', async () => {
    const c = ctx().anonymous();
    for (let i = 0; i < 5; i++) expect((await c.post('/api/v1/auth/login', { username: 'wangge', password: 'nope' })).status).toBe(401);
    const locked = await c.post('/api/v1/auth/login', { username: 'wangge', password: DEMO_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('LOCKED');
    ctx().clock.advance(16 * 60_000);
    expect((await c.post('/api/v1/auth/login', { username: 'wangge', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('ends a session after 30 idle minutes', async () => {
    const c = await ctx().login('longgang');
    expect((await c.get('/api/v1/me')).status).toBe(200);
    ctx().clock.advance(31 * 60_000);
    expect((await c.get('/api/v1/me')).status).toBe(401);
  });
});

