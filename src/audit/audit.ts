import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { auditLog } from '../db/schema/index.js';

/** Who did it: an account, an API token, or the platform itself. */
export interface Actor {
  id: string | null;
  label: string;
  ip?: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, label: 'system' };

export interface AuditEntry {
  action: string; // e.g. region.create, account.login.failed
  entityType: string;
  entityId: string;
  regionId?: string | null;
  before?: unknown;
  after?: unknown;
}

const GENESIS = '0'.repeat(64);
const CHAIN_LOCK = 7301002;

/** JSON with sorted keys, so the hash does not depend on how jsonb reorders objects. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Plain JSON (dates to ISO strings, no undefined), the form jsonb stores and gives back. */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? v.replace(/\u0000/g, '') : v)));
}

interface HashInput {
  id: number;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  regionId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  prevHash: string;
}

/** The hash of one entry: every stored column but the hash itself, chained to the previous hash. */
export function entryHash(e: HashInput): string {
  const body = canonicalJson({
    id: e.id,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    ip: e.ip,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    regionId: e.regionId,
    before: e.before,
    after: e.after,
  });
  return createHash('sha256').update(e.prevHash).update('\n').update(body).digest('hex');
}

/**
 * Append one entry inside the caller's transaction. The advisory lock orders appends, so the
 * chain follows commit order even with several server instances.
 */
export async function recordAudit(tx: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const last = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const prevHash = last[0]?.hash ?? GENESIS;
  const idRow = await tx.execute<{ id: number }>(sql`SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))::int8 AS id`);
  const id = Number(idRow.rows[0]!.id);
  const at = new Date();
  const before = entry.before === undefined ? null : toJsonValue(entry.before);
  const after = entry.after === undefined ? null : toJsonValue(entry.after);
  const row = {
    id,
    at,
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    regionId: entry.regionId ?? null,
    before,
    after,
    ip: actor.ip ?? null,
    prevHash,
  };
  await tx.insert(auditLog).values({ ...row, hash: entryHash(row) });
}

/**
 * Append many entries in one go (imports): one lock, one read of the last hash, ids drawn in one
 * statement, the chain computed here, rows inserted in chunks. Same chain as single appends.
 */
export async function recordAuditBatch(tx: Executor, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const last = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  let prevHash = last[0]?.hash ?? GENESIS;
  const ids = await tx.execute<{ id: number }>(
    sql`SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))::int8 AS id FROM generate_series(1, ${entries.length}::int)`,
  );
  const idList = ids.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  const at = new Date();
  const rows = entries.map((entry, i) => {
    const row = {
      id: idList[i]!,
      at,
      actorId: actor.id,
      actorLabel: actor.label,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      regionId: entry.regionId ?? null,
      before: entry.before === undefined ? null : toJsonValue(entry.before),
      after: entry.after === undefined ? null : toJsonValue(entry.after),
      ip: actor.ip ?? null,
      prevHash,
    };
    const hash = entryHash(row);
    prevHash = hash;
    return { ...row, hash };
  });
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(auditLog).values(rows.slice(i, i + 1000));
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first entry whose hash or link does not match, if any. */
  firstBroken?: { id: number; reason: 'hash' | 'link' };
}

/** Walk the whole chain in id order, in pages, and report the first broken link. */
export async function verifyAuditChain(db: Executor, pageSize = 5000): Promise<ChainReport> {
  let prevHash = GENESIS;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(pageSize);
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      if (r.prevHash !== prevHash) return { ok: false, checked, firstBroken: { id: r.id, reason: 'link' } };
      const expected = entryHash({ ...r, before: r.before, after: r.after });
      if (expected !== r.hash) return { ok: false, checked, firstBroken: { id: r.id, reason: 'hash' } };
      prevHash = r.hash;
      lastId = r.id;
      checked++;
    }
  }
}
