import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts, departments, enterprises, regions, venues } from './foundation.js';

/**
 * The hazard ledger (隐患整治台账, R4.1): one row per hazard with its current state; every change
 * is a row in hazard_events (who, when, what), so the ledger's history can be replayed.
 */
export const hazards = pgTable(
  'hazards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human-readable number, e.g. YH20260000123. */
    code: text('code').notNull(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    townId: uuid('town_id').references(() => regions.id),
    subjectType: text('subject_type').notNull(), // venue | household | enterprise | facility | vehicle
    subjectId: uuid('subject_id').notNull(),
    subjectName: text('subject_name').notNull(),
    /** The enterprise the hazard belongs to (subject enterprise, or operator of a facility/vehicle). */
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    venueId: uuid('venue_id').references(() => venues.id),
    itemCode: text('item_code'),
    libraryVersion: text('library_version'),
    category: text('category').notNull(),
    taskKind: text('task_kind').notNull(),
    severity: text('severity').notNull(), // major | general
    description: text('description').notNull(),
    measure: text('measure'),
    basis: text('basis'),
    source: text('source').notNull(), // inspection | public_report | alarm | self_check | enforcement | manual
    sourceRef: text('source_ref'),
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    foundBy: uuid('found_by').references(() => accounts.id),
    foundAt: timestamp('found_at', { withTimezone: true }).notNull(),
    leadDepartmentId: uuid('lead_department_id').references(() => departments.id),
    leadKey: text('lead_key'),
    cooperatingDepartmentIds: uuid('cooperating_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
    state: text('state').notNull(),
    fixedOnSpot: boolean('fixed_on_spot').notNull().default(false),
    deadline: date('deadline'),
    responsiblePerson: text('responsible_person'),
    controlMeasures: text('control_measures'),
    watcher: text('watcher'),
    reviewRequestedBy: uuid('review_requested_by').references(() => accounts.id),
    reviewRequestedAt: timestamp('review_requested_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => accounts.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    escalationLevel: integer('escalation_level').notNull().default(0),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    supplySuspended: boolean('supply_suspended').notNull().default(false),
    /** A closed hazard this one repeats (改后反弹, R4.6). */
    reboundOf: uuid('rebound_of'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('hazards_region_state_idx').on(t.regionId, t.state),
    index('hazards_open_deadline_idx').on(t.deadline).where(sql`state IN ('reported','assigned','rectifying','awaiting_review')`),
    index('hazards_subject_idx').on(t.subjectType, t.subjectId),
    index('hazards_lead_idx').on(t.leadDepartmentId, t.state),
    index('hazards_enterprise_idx').on(t.enterpriseId),
    index('hazards_created_idx').on(t.createdAt),
    index('hazards_code_idx').on(t.code),
  ],
);

/** Every state change and action on a hazard, attributed and dated (R4.3). Append-only. */
export const hazardEvents = pgTable(
  'hazard_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    hazardId: uuid('hazard_id').notNull().references(() => hazards.id),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    actorId: uuid('actor_id').references(() => accounts.id),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    comment: text('comment'),
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    data: jsonb('data'),
  },
  (t) => [index('hazard_events_hazard_idx').on(t.hazardId, t.id)],
);
