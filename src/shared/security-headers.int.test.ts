import { expect, it } from 'vitest';
import { describeOnEachDatabase } from '../../test/harness.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { memoryFileStore } from '../files/file-store.js';
import { systemClock } from './clock.js';

describeOnEachDatabase('security headers', (ctx) => {
  it('sends a strict CSP (no inline scripts), frame denial, nosniff and a referrer policy on API and pages', async () => {
    for (const url of ['/api/health', '/api/v1/me', '/login']) {
      const res = await ctx().anonymous().get(url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('adds HSTS and Secure cookies behind a TLS-terminating proxy it trusts, and not otherwise', async () => {
    const login = { method: 'POST' as const, url: '/api/v1/auth/login', payload: { username: 'zhuanban', password: 'GasGuard@2026' }, headers: { 'x-forwarded-proto': 'https' } };
    const untrusted = await ctx().app.inject(login);
    expect(untrusted.headers['strict-transport-security']).toBeUndefined();
    expect(String(untrusted.headers['set-cookie'])).not.toContain('Secure');
    const behindProxy = await buildApp(
      { db: ctx().db, config: loadConfig({ GASGUARD_TRUST_PROXY: 'true', GASGUARD_LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv), clock: systemClock, files: memoryFileStore() },
      { logger: false },
    );
    try {
      const res = await behindProxy.inject(login);
      expect(res.statusCode).toBe(200);
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      expect(String(res.headers['set-cookie'])).toContain('Secure');
    } finally {
      await behindProxy.close();
    }
  });
});
