import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, departments, regions } from './foundation.js';

/**
 * In-app notifications (the bell): one row per recipient, written in the same transaction as the
 * event that caused it. Title and body are rendered in the recipient's language when written.
 * `dedupe_key` makes a repeated event (a sweep running twice) a no-op for the same recipient.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recipientId: uuid('recipient_id').notNull().references(() => accounts.id),
    /** Event kind, e.g. hazard.assigned (see notifications/events.ts). */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** Path inside the platform, e.g. /hazards/<id> (the web app requires login). */
    link: text('link').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_recipient_dedupe_uq').on(t.recipientId, t.dedupeKey),
    index('notifications_recipient_created_idx').on(t.recipientId, t.createdAt),
    index('notifications_unread_idx').on(t.recipientId).where(sql`read_at IS NULL`),
    index('notifications_entity_idx').on(t.entityType, t.entityId),
  ],
);

/**
 * Keys of events that must happen once only (e.g. "deadline approaching" for one hazard and one
 * deadline): a sweep inserts the key and acts only when the insert was new.
 */
export const notificationMarks = pgTable('notification_marks', {
  key: text('key').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Outgoing group robots (企业微信 / 钉钉) of a unit: a region (task force, town) or a department.
 * `owner_region_id` is the region the endpoint is scoped by (the region itself, or the
 * department's region). The dingtalk signing secret is stored to sign and never returned.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind').notNull(), // wecom | dingtalk
    /** wecom: markdown | text; dingtalk: markdown. */
    format: text('format').notNull().default('markdown'),
    url: text('url').notNull(),
    secret: text('secret'),
    events: text('events').array().notNull().default(sql`'{}'::text[]`),
    enabled: boolean('enabled').notNull().default(true),
    regionId: uuid('region_id').references(() => regions.id),
    departmentId: uuid('department_id').references(() => departments.id),
    ownerRegionId: uuid('owner_region_id')
      .notNull()
      .references(() => regions.id),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('webhook_endpoints_owner_idx').on(t.ownerRegionId), index('webhook_endpoints_department_idx').on(t.departmentId)],
);

/** What a robot message says, kept in the outbox so pending ones can be merged into a digest. */
export interface RobotMessageData {
  title: string;
  lines: string[];
  /** Path inside the platform; the sender prefixes the public base URL. */
  link: string;
}

/**
 * The outbox: one row per (event, endpoint), written in the event's transaction. The sender job
 * delivers rows with retries and back-off; `(endpoint_id, event_key)` makes enqueueing idempotent.
 */
export const webhookOutbox = pgTable(
  'webhook_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    eventKey: text('event_key').notNull(),
    kind: text('kind').notNull(),
    message: jsonb('message').$type<RobotMessageData>().notNull(),
    status: text('status').notNull().default('pending'), // pending | delivered | failed | cancelled
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    /** The delivery (HTTP request) that carried this row, alone or in a digest. */
    deliveryId: bigint('delivery_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('webhook_outbox_endpoint_event_uq').on(t.endpointId, t.eventKey),
    index('webhook_outbox_due_idx').on(t.endpointId, t.nextAttemptAt).where(sql`status = 'pending'`),
  ],
);

/** Every HTTP request made to a robot, with its response: the rate limit counts these. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    itemCount: integer('item_count').notNull(),
    digest: boolean('digest').notNull().default(false),
    ok: boolean('ok').notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    error: text('error'),
  },
  (t) => [index('webhook_deliveries_endpoint_at_idx').on(t.endpointId, t.at)],
);
