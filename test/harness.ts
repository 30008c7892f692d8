import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/db.js';
import { DEMO_PASSWORD } from '../src/demo/seed.js';
import { fakeClock } from '../src/shared/clock.js';
import { memoryFileStore } from '../src/files/file-store.js';
import { fieldCrypto } from '../src/shared/field-crypto.js';
import { randomBytes } from 'node:crypto';
import { freshDatabase, testServers } from './db.js';

export { DEMO_PASSWORD };

export interface TestContext {
  app: FastifyInstance;
  db: Db;
  clock: ReturnType<typeof fakeClock>;
  /** Log in through the API and get a client that carries the cookies and the CSRF header. */
  login(username: string, password?: string): Promise<Client>;
  anonymous(): Client;
}

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

export interface Client {
  get<T = any>(url: string, headers?: Record<string, string>): Promise<Response<T>>;
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response<T>>;
  patch<T = any>(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response<T>>;
  put<T = any>(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response<T>>;
  delete<T = any>(url: string, headers?: Record<string, string>): Promise<Response<T>>;
  /** multipart/form-data upload of one file (field name `file`). */
  upload<T = any>(url: string, bytes: Buffer, filename: string, headers?: Record<string, string>): Promise<Response<T>>;
  cookies: Record<string, string>;
  csrf: string | null;
}

function makeClient(app: FastifyInstance): Client {
  const client: Client = {
    cookies: {},
    csrf: null,
    get: (url, headers) => send('GET', url, undefined, headers),
    post: (url, body, headers) => send('POST', url, body, headers),
    patch: (url, body, headers) => send('PATCH', url, body, headers),
    put: (url, body, headers) => send('PUT', url, body, headers),
    delete: (url, headers) => send('DELETE', url, undefined, headers),
    upload: (url, bytes, filename, headers = {}) => {
      const boundary = `----gasguard${Math.random().toString(16).slice(2)}`;
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return send('POST', url, body, { 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers });
    },
  };
  async function send(method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await app.inject({
      method,
      url,
      cookies: client.cookies,
      headers: { ...(client.csrf ? { 'x-csrf-token': client.csrf } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    });
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && new Date(c.expires).getTime() < Date.now())) delete client.cookies[c.name];
      else client.cookies[c.name] = c.value;
    }
    if (client.cookies.gg_csrf) client.csrf = client.cookies.gg_csrf;
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body: parsed as any, headers: res.headers as Record<string, unknown> };
  }
  return client;
}

/**
 * Integration tests: runs `fn` once per PostgreSQL server the suite has (the embedded one, and the
 * one at TEST_DATABASE_URL when set), each time on a fresh copy of the seeded demo database.
 */
export function describeOnEachDatabase(title: string, fn: (ctx: () => TestContext) => void) {
  for (const server of testServers()) {
    describe(`${title} [${server.name}]`, () => {
      let ctx: TestContext | null = null;
      let drop: (() => Promise<void>) | null = null;
      beforeAll(async () => {
        const fresh = await freshDatabase(server);
        drop = fresh.drop;
        const clock = fakeClock(new Date());
        const config = loadConfig({ GASGUARD_LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
        const app = await buildApp({ db: fresh.db, config, clock, files: memoryFileStore(), crypto: fieldCrypto(randomBytes(32)) }, { logger: false });
        await app.ready();
        ctx = {
          app,
          db: fresh.db,
          clock,
          anonymous: () => makeClient(app),
          login: async (username, password = DEMO_PASSWORD) => {
            const c = makeClient(app);
            const res = await c.post('/api/v1/auth/login', { username, password });
            if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
            return c;
          },
        };
      }, 60_000);
      afterAll(async () => {
        await ctx?.app.close();
        await drop?.();
      });
      fn(() => {
        if (!ctx) throw new Error('test context not ready');
        return ctx;
      });
    });
  }
}
