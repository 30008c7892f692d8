import { and, asc, count, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { webhookDeliveries, webhookEndpoints, webhookOutbox } from '../db/schema/index.js';
import type { Clock } from '../shared/clock.js';
import type { FieldCrypto } from '../shared/field-crypto.js';
import { backoffMs, MAX_ATTEMPTS, planDeliveries, robotOutcome, ROBOT_MESSAGES_PER_MINUTE } from './outbox.rules.js';
import { dingtalkSignedUrl } from './robot.payloads.js';
import { fitsInOneDigest, robotPayload, type RobotFormat, type RobotKind } from './robot.render.js';
import type { RobotSender } from './robot.sender.js';

const OUTBOX_LOCK = 7303002;
const BATCH = 200;

export interface OutboxSenderDeps {
  db: Db;
  clock: Clock;
  sender: RobotSender;
  /** Decrypts the robots' URLs and secrets (stored encrypted). */
  crypto: FieldCrypto;
  /** Public base URL of the platform: every message links back into it. */
  publicUrl: string;
  perMinute?: number;
}

export interface OutboxRun {
  ran: boolean;
  /** HTTP requests made. */
  requests: number;
  delivered: number;
  failed: number;
}

type OutboxRow = typeof webhookOutbox.$inferSelect;
type EndpointRow = typeof webhookEndpoints.$inferSelect;

/**
 * Deliver due outbox rows to their robots. One instance at a time (session advisory lock, others
 * skip). Per robot: at most `perMinute` requests in any minute (counted from webhook_deliveries);
 * a burst larger than that is merged into digests. A failed request is retried with exponential
 * back-off, up to MAX_ATTEMPTS, then the rows are marked failed with the robot's answer. Delivery
 * is at least once: a crash between the request and the bookkeeping sends that message again.
 */
export async function runOutboxSender(deps: OutboxSenderDeps): Promise<OutboxRun> {
  const client = await deps.db.$client.connect();
  try {
    const lock = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [OUTBOX_LOCK]);
    if (!lock.rows[0]?.ok) return { ran: false, requests: 0, delivered: 0, failed: 0 };
    try {
      return await sendDue(deps);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [OUTBOX_LOCK]);
    }
  } finally {
    client.release();
  }
}

const isDue = (now: Date) => and(eq(webhookOutbox.status, 'pending'), or(eq(webhookOutbox.attempts, 0), sql`${webhookOutbox.nextAttemptAt} <= ${now}`));

async function sendDue(deps: OutboxSenderDeps): Promise<OutboxRun> {
  const { db } = deps;
  const now = deps.clock.now();
  const run: OutboxRun = { ran: true, requests: 0, delivered: 0, failed: 0 };
  const endpoints = await db
    .selectDistinct({ e: webhookEndpoints })
    .from(webhookOutbox)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookOutbox.endpointId))
    .where(and(isDue(now), eq(webhookEndpoints.enabled, true), isNull(webhookEndpoints.deletedAt)));
  for (const { e } of endpoints) await sendToEndpoint(deps, e, now, run);
  return run;
}

async function sendToEndpoint(deps: OutboxSenderDeps, ep: EndpointRow, now: Date, run: OutboxRun) {
  const { db } = deps;
  const [sent] = await db
    .select({ n: count() })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, ep.id), gt(webhookDeliveries.at, new Date(now.getTime() - 60_000))));
  const available = (deps.perMinute ?? ROBOT_MESSAGES_PER_MINUTE) - Number(sent?.n ?? 0);
  if (available <= 0) return;
  const due = await db.select().from(webhookOutbox).where(and(eq(webhookOutbox.endpointId, ep.id), isDue(now))).orderBy(asc(webhookOutbox.id)).limit(BATCH);
  const kind = ep.kind as RobotKind;
  const format = ep.format as RobotFormat;
  const plan = planDeliveries(due, available, (items) => fitsInOneDigest(kind, format, items.map((r) => r.message), deps.publicUrl));
  for (const message of plan) {
    const ok = await deliver(deps, ep, message.items, message.digest, now);
    run.requests += 1;
    if (ok) run.delivered += message.items.length;
    else {
      // A robot that refuses one message refuses the next too: try again after the back-off.
      run.failed += message.items.length;
      return;
    }
  }
}

async function deliver(deps: OutboxSenderDeps, ep: EndpointRow, items: OutboxRow[], digest: boolean, now: Date): Promise<boolean> {
  const payload = robotPayload(ep.kind as RobotKind, ep.format as RobotFormat, items.map((r) => r.message), deps.publicUrl);
  const base = deps.crypto.decrypt(ep.url);
  const url = ep.kind === 'dingtalk' && ep.secret ? dingtalkSignedUrl(base, deps.crypto.decrypt(ep.secret), now.getTime()) : base;
  let status: number | null = null;
  let body: string | null = null;
  let outcome: { ok: true } | { ok: false; error: string };
  try {
    const res = await deps.sender.post(url, payload);
    status = res.status;
    body = res.body;
    outcome = robotOutcome(res.status, res.body);
  } catch (e) {
    outcome = { ok: false, error: `network: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300) };
  }
  await deps.db.transaction(async (tx) => {
    const [d] = await tx
      .insert(webhookDeliveries)
      .values({ endpointId: ep.id, at: now, itemCount: items.length, digest, ok: outcome.ok, responseStatus: status, responseBody: body, error: outcome.ok ? null : outcome.error })
      .returning({ id: webhookDeliveries.id });
    if (outcome.ok) {
      await tx
        .update(webhookOutbox)
        .set({ status: 'delivered', deliveredAt: now, deliveryId: d!.id, attempts: sql`${webhookOutbox.attempts} + 1`, lastError: null })
        .where(inArray(webhookOutbox.id, items.map((r) => r.id)));
      return;
    }
    // Rows of one digest may have different histories: group them by their attempt count.
    const byAttempts = new Map<number, number[]>();
    for (const r of items) byAttempts.set(r.attempts + 1, [...(byAttempts.get(r.attempts + 1) ?? []), r.id]);
    for (const [attempts, ids] of byAttempts) {
      await tx
        .update(webhookOutbox)
        .set({
          attempts,
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
          nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
          lastError: outcome.error,
          deliveryId: d!.id,
        })
        .where(inArray(webhookOutbox.id, ids));
    }
  });
  return outcome.ok;
}
