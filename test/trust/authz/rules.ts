/**
 * The shape of the authorisation policy table (test/trust/authz-matrix.int.test.ts): one rule per
 * API operation ("METHOD /api/v1/path/{param}" as the OpenAPI document writes it).
 */
import { sql } from 'drizzle-orm';
import type { TestContext } from '../../harness.js';
import { ok, type Call, type Caller, type Callers } from '../support.js';
import { town, uniq, type Fx } from './fixtures.js';

/**
 * Who may call a route in their own scope: `public` (anyone, even without login), `anyone`
 * (every authenticated caller, machine tokens included), `accounts` (every account, no token), or
 * a list of demo accounts / tokens. Everybody else must be refused (403, or 404 when the target
 * is out of sight).
 */
export type Who = 'public' | 'anyone' | 'accounts' | readonly Caller[];

export interface SetupCtx {
  ctx: TestContext;
  f: Fx;
  callers: Callers;
}

export interface Rule<T = any> {
  who: Who;
  /** The request in the caller's own scope. `mine` is what `setup` made for an allowed caller. */
  call(f: Fx, as: Caller, mine: T | undefined): Call;
  /** A fresh target for each allowed caller (destructive or state-changing routes), made before any request. */
  setup?(s: SetupCtx, as: Caller): Promise<T>;
  /** The same request aimed at the other district's records (or region). */
  other?(f: Fx, as: Caller): Call;
  /** What an allowed call may answer (default: any 2xx). */
  ok?: readonly number[];
  /** What the call aimed at the other district may answer (default: 403 or 404, or an empty list). */
  otherStatus?: readonly number[];
  /** What a refused caller may answer (default: 403 or 404). */
  refused?: readonly number[];
  /** Send allowed calls on a new session (logout, password change). */
  fresh?: boolean;
  /** A long-lived response (SSE): checked on a real socket, headers only. */
  stream?: boolean;
  why?: string;
}

export type Table = Record<string, Rule>;

/** Resolve a rule's `who` to the callers that may call it. */
export function allowed(who: Who, all: readonly Caller[]): Set<Caller> {
  if (who === 'public' || who === 'anyone') return new Set(all);
  if (who === 'accounts') return new Set(all.filter((c) => !c.startsWith('tok:')));
  return new Set(who);
}

/** Code of a region (for building child codes). */
export async function regionCode(s: SetupCtx, id: string): Promise<string> {
  const r = await s.ctx.db.execute<{ code: string }>(sql`SELECT code FROM regions WHERE id = ${id}`);
  return r.rows[0]!.code;
}

let communitySeq = 400;
/** A fresh community under the caller's town (made by admin), as a sandbox for destructive calls. */
export async function freshCommunity(s: SetupCtx, as: Caller): Promise<string> {
  const parent = town(s.f, as === 'wangge' || as === 'canting' ? 'longgang' : as);
  const code = (await regionCode(s, parent)).slice(0, 9) + String((communitySeq = communitySeq >= 399 ? 150 : communitySeq + 1)).padStart(3, '0');
  const admin = await s.callers.client('admin');
  return ok(await admin.post('/api/v1/regions', { parentId: parent, level: 'community', code, name: `矩阵社区${uniq()}` })).id as string;
}

let gridSeq = 100;
/** A fresh grid under a region (made by admin). */
export async function freshGrid(s: SetupCtx, parentId: string): Promise<string> {
  const code = (await regionCode(s, parentId)) + String((gridSeq += 1));
  const admin = await s.callers.client('admin');
  return ok(await admin.post('/api/v1/regions', { parentId, level: 'grid', code, name: `矩阵网格${uniq()}` })).id as string;
}
