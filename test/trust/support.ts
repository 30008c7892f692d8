/**
 * Shared helpers of the trust tier (test/trust): the callers of the authorisation matrix (every
 * demo account, one per role and binding, and one API token of each kind), sending one request as
 * any of them, and small utilities the other trust tests use.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { Client, Response, TestContext } from '../harness.js';

/** Demo accounts (src/demo/seed.ts): every role, both enterprise staff kinds, two districts. */
export const ACCOUNTS = ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'wangge', 'qiye', 'chongzhuang', 'songqi', 'canting', 'tongliang'] as const;
export type Account = (typeof ACCOUNTS)[number];
/** Machine clients: an API token of each kind (gateway and platform of 大足区, a filling-station token of 大足燃气). */
export const TOKENS = ['tok:gateway', 'tok:station', 'tok:platform'] as const;
export type Token = (typeof TOKENS)[number];
export type Caller = Account | Token;
export const CALLERS: readonly Caller[] = [...ACCOUNTS, ...TOKENS];

/** Readers: every account, and partner-platform tokens (read-only data sharing, R7.6). Gateway and scale tokens reach only their own endpoints. */
export const READERS: readonly Caller[] = [...ACCOUNTS, 'tok:platform'];

/** Government accounts of 大足区 and above (not bound to an enterprise or venue). */
export const GOV_DZ = ['admin', 'zhuanban', 'jingxin', 'shichang', 'longgang', 'wangge'] as const satisfies readonly Account[];
/** Accounts bound to 大足燃气有限公司. */
export const ENTERPRISE = ['qiye', 'chongzhuang', 'songqi'] as const satisfies readonly Account[];

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One request: JSON body, raw body bytes, or a multipart upload of one file. */
export interface Call {
  method: Method;
  url: string;
  body?: unknown;
  raw?: { bytes: Buffer; contentType: string };
  upload?: { bytes: Buffer; filename: string };
  headers?: Record<string, string>;
  /** The client address (for routes limited per address, e.g. the public channel). */
  remoteAddress?: string;
}

export const get = (url: string): Call => ({ method: 'GET', url });
export const post = (url: string, body: unknown = {}): Call => ({ method: 'POST', url, body });
export const patch = (url: string, body: unknown): Call => ({ method: 'PATCH', url, body });
export const put = (url: string, body: unknown): Call => ({ method: 'PUT', url, body });
export const del = (url: string): Call => ({ method: 'DELETE', url });
export const upload = (url: string, bytes: Buffer, filename: string): Call => ({ method: 'POST', url, upload: { bytes, filename } });

/** Send a call with a client (cookies + CSRF) and optional extra headers. */
export async function sendAs(client: Client, call: Call, headers: Record<string, string> = {}, app?: FastifyInstance): Promise<Response> {
  const h = { ...headers, ...call.headers };
  if (call.remoteAddress && app) return injectFrom(app, client, call, h);
  if (call.upload) return client.upload(call.url, call.upload.bytes, call.upload.filename, h);
  if (call.raw) return client.post(call.url, call.raw.bytes, { 'content-type': call.raw.contentType, ...h });
  switch (call.method) {
    case 'GET':
      return client.get(call.url, h);
    case 'DELETE':
      return client.delete(call.url, h);
    case 'POST':
      return client.post(call.url, call.body ?? {}, h);
    case 'PATCH':
      return client.patch(call.url, call.body ?? {}, h);
    case 'PUT':
      return client.put(call.url, call.body ?? {}, h);
  }
}

/** A call sent from a given client address (raw inject with the client's cookies and CSRF header). */
async function injectFrom(app: FastifyInstance, client: Client, call: Call, headers: Record<string, string>): Promise<Response> {
  let payload: InjectOptions['payload'] | undefined;
  const h: Record<string, string> = { ...(client.csrf ? { 'x-csrf-token': client.csrf } : {}), ...headers };
  if (call.upload) {
    const boundary = `----trust${Math.random().toString(16).slice(2)}`;
    payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${call.upload.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      call.upload.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    h['content-type'] = `multipart/form-data; boundary=${boundary}`;
  } else if (call.body !== undefined && call.method !== 'GET') payload = call.body as InjectOptions['payload'];
  const res = await app.inject({ method: call.method, url: call.url, cookies: client.cookies, headers: h, remoteAddress: call.remoteAddress, ...(payload === undefined ? {} : { payload }) });
  let body: any = res.body;
  try {
    body = res.body ? JSON.parse(res.body) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body, headers: res.headers as Record<string, unknown> };
}

/** Logged-in clients of the demo accounts and tokens, made once per test database. */
export class Callers {
  private clients = new Map<Account, Client>();
  private tokens = new Map<Token, string>();
  constructor(private readonly ctx: () => TestContext) {}

  async client(as: Account): Promise<Client> {
    let c = this.clients.get(as);
    if (!c) {
      c = await this.ctx().login(as);
      this.clients.set(as, c);
    }
    return c;
  }

  /** A new session of the account (for calls that end or change the session). */
  fresh(as: Account): Promise<Client> {
    return this.ctx().login(as);
  }

  setToken(t: Token, secret: string): void {
    this.tokens.set(t, secret);
  }

  token(t: Token): string {
    const s = this.tokens.get(t);
    if (!s) throw new Error(`token ${t} not made`);
    return s;
  }

  /** Send `call` as `who` (an account, a token, or anonymous when null). */
  async send(who: Caller | null, call: Call, opts: { fresh?: boolean } = {}): Promise<Response> {
    const app = this.ctx().app;
    if (who === null) return sendAs(this.ctx().anonymous(), call, {}, app);
    if (isToken(who)) return sendAs(this.ctx().anonymous(), call, { authorization: `Bearer ${this.token(who)}` }, app);
    return sendAs(opts.fresh ? await this.fresh(who) : await this.client(who), call, {}, app);
  }
}

export const isToken = (c: Caller): c is Token => c.startsWith('tok:');

/** Fail with the response when the status is not the one expected; return the body. */
export function ok<T = any>(res: Response, status = 201): T {
  expect(res.status, JSON.stringify(res.body)?.slice(0, 500)).toBe(status);
  return res.body as T;
}

/** Raw Fastify inject with a JSON payload given as bytes (for invalid UTF-8 and the like). */
export async function injectRaw(ctx: TestContext, client: Client, method: InjectOptions['method'], url: string, bytes: Buffer, contentType = 'application/json') {
  const res = await ctx.app.inject({
    method,
    url,
    cookies: client.cookies,
    headers: { 'content-type': contentType, ...(client.csrf ? { 'x-csrf-token': client.csrf } : {}) },
    payload: bytes,
  });
  let body: any = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body, headers: res.headers as Record<string, unknown>, text: res.body };
}
