import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { notifications, regions, webhookEndpoints, webhookOutbox, type RobotMessageData } from '../db/schema/index.js';
import type { Locale } from '../shared/i18n.js';
import type { MessageKind } from './events.js';
import type { RenderedMessage } from './messages.js';
import type { Recipient } from './recipients.repository.js';

/**
 * Something that happened and that people and group robots hear of. Emitted inside the
 * transaction that made it happen, so a rolled-back change notifies nobody.
 */
export interface PlatformEvent {
  /** Unique per event (e.g. `hazard_event:123`): repeated emission is a no-op (idempotency key). */
  key: string;
  kind: MessageKind;
  entity: { type: string; id: string };
  /** Path inside the platform. */
  link: string;
  /** Region of the thing: robots of this region and of every region above it may receive it. */
  regionId: string | null;
  /** Departments concerned: their robots may receive it. */
  departmentIds: string[];
  recipients: Recipient[];
  /** Who caused it: not notified of their own act. */
  actorId?: string | null;
  /** The bell's text in one reader's language. */
  inApp(locale: Locale): RenderedMessage;
  /** The group robots' message (no personal data), or null when robots are not told. */
  robot: RobotMessageData | null;
  /** Deliver to this robot only, whatever it subscribes to (a test message). */
  endpointId?: string;
}

const CHUNK = 500;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** Write the bell notifications and the robot outbox rows of `events`, in the caller's transaction. */
export async function emit(tx: Executor, events: PlatformEvent[]): Promise<{ notifications: number; outbox: number }> {
  if (events.length === 0) return { notifications: 0, outbox: 0 };
  const bell = events.flatMap((e) => {
    const seen = new Set<string>();
    return e.recipients
      .filter((r) => r.id !== e.actorId && !seen.has(r.id) && seen.add(r.id))
      .map((r) => {
        const m = e.inApp(r.locale);
        return { recipientId: r.id, kind: e.kind, title: m.title, body: m.body, link: e.link, entityType: e.entity.type, entityId: e.entity.id, dedupeKey: e.key };
      });
  });
  let written = 0;
  await insertChunked(bell, async (chunk) => {
    const rows = await tx.insert(notifications).values(chunk).onConflictDoNothing().returning({ id: notifications.id });
    written += rows.length;
  });
  const outbox = await outboxRows(tx, events);
  let queued = 0;
  await insertChunked(outbox, async (chunk) => {
    const rows = await tx.insert(webhookOutbox).values(chunk).onConflictDoNothing().returning({ id: webhookOutbox.id });
    queued += rows.length;
  });
  return { notifications: written, outbox: queued };
}

/** One outbox row per (event, robot that hears of it). */
async function outboxRows(tx: Executor, events: PlatformEvent[]) {
  const forRobots = events.filter((e) => e.robot !== null);
  if (forRobots.length === 0) return [];
  const kinds = [...new Set(forRobots.map((e) => e.kind))];
  const direct = forRobots.flatMap((e) => (e.endpointId ? [e.endpointId] : []));
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events, regionId: webhookEndpoints.regionId, departmentId: webhookEndpoints.departmentId, regionPath: regions.path })
    .from(webhookEndpoints)
    .leftJoin(regions, sql`${regions.id} = ${webhookEndpoints.regionId}`)
    .where(
      and(
        sql`${webhookEndpoints.enabled}`,
        isNull(webhookEndpoints.deletedAt),
        direct.length
          ? sql`(${webhookEndpoints.events} && ${`{${kinds.join(',')}}`}::text[] OR ${webhookEndpoints.id} = ANY(${`{${direct.join(',')}}`}::uuid[]))`
          : sql`${webhookEndpoints.events} && ${`{${kinds.join(',')}}`}::text[]`,
      ),
    );
  if (endpoints.length === 0) return [];
  const regionIds = [...new Set(forRobots.map((e) => e.regionId).filter((x): x is string => x !== null))];
  const paths = regionIds.length ? await tx.select({ id: regions.id, path: regions.path }).from(regions).where(inArray(regions.id, regionIds)) : [];
  const pathOf = new Map(paths.map((r) => [r.id, r.path]));
  return forRobots.flatMap((e) => {
    const eventPath = e.regionId ? pathOf.get(e.regionId) : undefined;
    return endpoints
      .filter((ep) => {
        if (e.endpointId) return ep.id === e.endpointId;
        if (!ep.events.includes(e.kind)) return false;
        if (ep.regionPath && eventPath?.startsWith(ep.regionPath)) return true;
        return ep.departmentId !== null && e.departmentIds.includes(ep.departmentId);
      })
      .map((ep) => ({ endpointId: ep.id, eventKey: e.key, kind: e.kind, message: e.robot! }));
  });
}
