import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ChecklistItemDef } from '../../checklists/checklist.types.js';
import { accounts, departments, enterprises, regions, venues } from './foundation.js';

/**
 * The checklist library (R3.1), versioned: a row is never changed, an edit supersedes it with a
 * new row of the same code. Inspections point at the exact rows they used.
 */
export const checklistItems = pgTable(
  'checklist_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    revision: integer('revision').notNull(),
    /** Null: the national library; set: a local item of that region (and below). */
    regionId: uuid('region_id').references(() => regions.id),
    origin: text('origin').notNull(), // library | local | edited
    libraryVersion: text('library_version').notNull(),
    def: jsonb('def').$type<ChecklistItemDef>().notNull(),
    status: text('status').notNull().default('active'), // active | superseded | retired
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('checklist_items_code_rev_uq').on(t.code, t.revision),
    uniqueIndex('checklist_items_active_uq').on(t.code).where(sql`status = 'active'`),
  ],
);

/** Inspection plans (R3.6): campaign plans over a region and recurring plans. */
export const inspectionPlans = pgTable('inspection_plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionId: uuid('region_id').notNull().references(() => regions.id),
  departmentId: uuid('department_id').references(() => departments.id),
  name: text('name').notNull(),
  kind: text('kind').notNull(), // campaign | recurring
  subjectType: text('subject_type').notNull(),
  subjectKinds: text('subject_kinds').array().notNull().default(sql`'{}'::text[]`),
  startDate: date('start_date').notNull(),
  endDate: date('end_date').notNull(),
  /** Recurring plans: months between visits (1 = monthly patrol; 24 = residential household inspection). */
  intervalMonths: integer('interval_months'),
  /** Recurring plans: visit more often (every N days) while the subject has an open hazard. */
  openHazardIntervalDays: integer('open_hazard_interval_days'),
  assigneeId: uuid('assignee_id').references(() => accounts.id),
  status: text('status').notNull().default('active'),
  createdBy: uuid('created_by').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One visit to make: a subject, a window, an inspector. Tasks of several departments may merge. */
export const inspectionTasks = pgTable(
  'inspection_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id').references(() => inspectionPlans.id),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    departmentId: uuid('department_id').references(() => departments.id),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    subjectName: text('subject_name').notNull(),
    dueFrom: date('due_from').notNull(),
    dueTo: date('due_to').notNull(),
    assigneeId: uuid('assignee_id').references(() => accounts.id),
    status: text('status').notNull().default('open'), // open | done | cancelled
    jointVisitId: uuid('joint_visit_id'),
    inspectionId: uuid('inspection_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('inspection_tasks_subject_idx').on(t.subjectType, t.subjectId, t.dueFrom),
    index('inspection_tasks_assignee_idx').on(t.assigneeId, t.status),
    index('inspection_tasks_region_idx').on(t.regionId, t.status),
    uniqueIndex('inspection_tasks_plan_subject_uq').on(t.planId, t.subjectId, t.dueFrom),
  ],
);

/** A proposed joint visit (联合检查): one visit for several departments' tasks at one subject. */
export const jointVisits = pgTable('joint_visits', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionId: uuid('region_id').notNull().references(() => regions.id),
  subjectType: text('subject_type').notNull(),
  subjectId: uuid('subject_id').notNull(),
  subjectName: text('subject_name').notNull(),
  windowFrom: date('window_from').notNull(),
  windowTo: date('window_to').notNull(),
  departmentIds: uuid('department_ids').array().notNull(),
  status: text('status').notNull().default('proposed'), // proposed | accepted | declined | done
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A submitted inspection record (R3.7): immutable once stored (a trigger refuses changes); a
 * correction is a new record that references the one it corrects.
 */
export const inspections = pgTable(
  'inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    /** Idempotency key from the phone, so a form resent after a lost connection is stored once. */
    clientUuid: uuid('client_uuid').notNull(),
    kind: text('kind').notNull(), // official | self | company | delivery
    regionId: uuid('region_id').notNull().references(() => regions.id),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    subjectName: text('subject_name').notNull(),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    venueId: uuid('venue_id').references(() => venues.id),
    taskId: uuid('task_id').references(() => inspectionTasks.id),
    jointVisitId: uuid('joint_visit_id').references(() => jointVisits.id),
    inspectorIds: uuid('inspector_ids').array().notNull(),
    inspectorNames: text('inspector_names').array().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    gpsAccuracyM: doublePrecision('gps_accuracy_m'),
    notes: text('notes'),
    inspectorSignatures: uuid('inspector_signatures').array().notNull(),
    representativeName: text('representative_name'),
    representativeSignature: uuid('representative_signature'),
    /** Art. 9: the operator gave the user a written notice to rectify (书面告知). */
    writtenNoticeIssued: boolean('written_notice_issued').notNull().default(false),
    findings: integer('findings').notNull(),
    libraryVersion: text('library_version').notNull(),
    correctsId: uuid('corrects_id'),
    createdBy: uuid('created_by').notNull().references(() => accounts.id),
  },
  (t) => [
    uniqueIndex('inspections_client_uuid_uq').on(t.clientUuid),
    index('inspections_subject_idx').on(t.subjectType, t.subjectId, t.submittedAt),
    index('inspections_region_time_idx').on(t.regionId, t.submittedAt),
  ],
);

export const inspectionAnswers = pgTable(
  'inspection_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id').notNull().references(() => inspections.id),
    itemId: uuid('item_id').notNull().references(() => checklistItems.id),
    itemCode: text('item_code').notNull(),
    result: text('result').notNull(), // pass | fail | na
    value: doublePrecision('value'),
    flags: jsonb('flags'),
    photos: uuid('photos').array().notNull().default(sql`'{}'::uuid[]`),
    note: text('note'),
    hazardIds: uuid('hazard_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [index('inspection_answers_inspection_idx').on(t.inspectionId)],
);

