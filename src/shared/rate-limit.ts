/**
 * The one rate limiter of the platform, kept in PostgreSQL so every instance behind the load
 * balancer counts against the same numbers (public reports; failed logins per address and per account). A sliding window
 * approximated from two fixed windows: the current window's count plus the previous window's
 * count weighted by how much of it still overlaps the sliding window. The counter row is
 * incremented with INSERT … ON CONFLICT DO UPDATE … RETURNING, atomic under concurrency.
 * Subjects (IP addresses, phone numbers) are hashed before they are stored.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { AppError } from './errors.js';

export interface RateRule {
  /** Stable name, part of the key (e.g. public_report.ip). */
  name: string;
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Estimated requests in the sliding window, this one included. */
  count: number;
  limit: number;
  /** Seconds until the current fixed window ends (a safe Retry-After). */
  retryAfterSeconds: number;
}

/** A subject as stored: a hash, never the raw IP address or phone number. */
export function subjectKey(subject: string): string {
  return createHash('sha256').update(subject).digest('base64url').slice(0, 22);
}

/**
 * Pure: the sliding-window estimate from the two fixed windows. `elapsed` is the share (0–1) of
 * the current window that has passed.
 */
export function slidingCount(current: number, previous: number, elapsed: number): number {
  return current + previous * Math.max(0, 1 - elapsed);
}

/** Count one request of `subject` under `rule` and say whether it is allowed. */
export async function hit(db: Executor, rule: RateRule, subject: string, now: Date): Promise<RateDecision> {
  const windowMs = rule.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const key = `${rule.name}:${subjectKey(subject)}`;
  const current = new Date(start);
  const previous = new Date(start - windowMs);
  const res = await db.execute<{ cur: number; prev: number }>(sql`
    WITH cur AS (
      INSERT INTO rate_limits (key, window_start, count, expires_at)
      VALUES (${key}, ${current.toISOString()}::timestamptz, 1, ${new Date(start + 2 * windowMs).toISOString()}::timestamptz)
      ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
      RETURNING count
    )
    SELECT cur.count AS cur,
           coalesce((SELECT count FROM rate_limits WHERE key = ${key} AND window_start = ${previous.toISOString()}::timestamptz), 0) AS prev
    FROM cur`);
  const row = res.rows[0]!;
  const count = slidingCount(Number(row.cur), Number(row.prev), (now.getTime() - start) / windowMs);
  return { allowed: count <= rule.limit, count, limit: rule.limit, retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)) };
}

/**
 * Count the request under every rule (each with its subject; rules whose subject is absent are
 * skipped) and refuse with 429 and Retry-After when any is exceeded.
 */
export async function enforceRateLimits(db: Executor, checks: [RateRule, string | null | undefined][], now: Date, reply?: FastifyReply): Promise<void> {
  for (const [rule, subject] of checks) {
    if (!subject) continue;
    const d = await hit(db, rule, subject, now);
    if (!d.allowed) {
      reply?.header('Retry-After', String(d.retryAfterSeconds));
      throw new AppError('RATE_LIMITED', 'error.rateLimited', { retryAfter: d.retryAfterSeconds });
    }
  }
}

/**
 * The sliding-window count of `subject` under `rule` without counting anything: for limits on
 * failures (logins), checked before the attempt and counted with `hit` only when it fails, so
 * successful requests from a busy shared address never use up the allowance.
 */
export async function peek(db: Executor, rule: RateRule, subject: string, now: Date): Promise<RateDecision> {
  const windowMs = rule.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const key = `${rule.name}:${subjectKey(subject)}`;
  const res = await db.execute<{ cur: number; prev: number }>(sql`
    SELECT coalesce((SELECT count FROM rate_limits WHERE key = ${key} AND window_start = ${new Date(start).toISOString()}::timestamptz), 0) AS cur,
           coalesce((SELECT count FROM rate_limits WHERE key = ${key} AND window_start = ${new Date(start - windowMs).toISOString()}::timestamptz), 0) AS prev`);
  const row = res.rows[0]!;
  const count = slidingCount(Number(row.cur), Number(row.prev), (now.getTime() - start) / windowMs);
  return { allowed: count < rule.limit, count, limit: rule.limit, retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)) };
}

/**
 * Refuse with 429 (and Retry-After) when a subject already used up its allowance of failures under
 * any rule; nothing is counted. Pair with `countFailures` after an attempt that failed.
 */
export async function enforceFailureLimits(
  db: Executor,
  checks: [RateRule, string | null | undefined][],
  now: Date,
  reply?: FastifyReply,
  key = 'error.rateLimited',
): Promise<void> {
  for (const [rule, subject] of checks) {
    if (!subject) continue;
    const d = await peek(db, rule, subject, now);
    if (!d.allowed) {
      reply?.header('Retry-After', String(d.retryAfterSeconds));
      throw new AppError('RATE_LIMITED', key, { retryAfter: d.retryAfterSeconds, minutes: Math.max(1, Math.ceil(d.retryAfterSeconds / 60)) });
    }
  }
}

/** Count one failure of each subject under its rule (see `enforceFailureLimits`). */
export async function countFailures(db: Executor, checks: [RateRule, string | null | undefined][], now: Date): Promise<void> {
  for (const [rule, subject] of checks) if (subject) await hit(db, rule, subject, now);
}

/** Drop counters whose windows can no longer matter (a job runs it). */
export async function purgeRateLimits(db: Executor, now: Date): Promise<number> {
  const res = await db.execute(sql`DELETE FROM rate_limits WHERE expires_at < ${now.toISOString()}::timestamptz`);
  return res.rowCount ?? 0;
}
