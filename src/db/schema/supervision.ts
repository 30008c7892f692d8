import { date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts, departments, regions } from './foundation.js';

/**
 * Dispatched tasks (交办, R5.1): handed by a task force or a department to a department or a
 * town/street, with a deadline; the addressee replies (办理反馈) and the task is done. An open task
 * past its deadline becomes overdue and is supervised (督办, see supervision_urges).
 */
export const supervisionTasks = pgTable(
  'supervision_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Region of the issuing unit (the task force's region, or the issuing department's region). */
    issuerRegionId: uuid('issuer_region_id')
      .notNull()
      .references(() => regions.id),
    issuerDepartmentId: uuid('issuer_department_id').references(() => departments.id),
    issuedBy: uuid('issued_by').references(() => accounts.id),
    issuedByLabel: text('issued_by_label').notNull(),
    /** Name of the issuing unit (e.g. 大足区工作专班, 区经济信息委), kept as it was when issued. */
    issuerName: text('issuer_name').notNull(),
    targetType: text('target_type').notNull(), // department | town
    targetDepartmentId: uuid('target_department_id').references(() => departments.id),
    /** The addressed town, or the addressed department's region: where the task lives for scoping. */
    targetRegionId: uuid('target_region_id')
      .notNull()
      .references(() => regions.id),
    /** Name of the addressed unit (department or town/street). */
    targetName: text('target_name').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    deadline: date('deadline').notNull(),
    attachments: jsonb('attachments').$type<string[]>().notNull().default([]),
    status: text('status').notNull().default('open'), // open | overdue | done
    replyText: text('reply_text'),
    replyAttachments: jsonb('reply_attachments').$type<string[]>().notNull().default([]),
    repliedBy: uuid('replied_by').references(() => accounts.id),
    repliedByLabel: text('replied_by_label'),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    urgeCount: integer('urge_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('supervision_tasks_target_idx').on(t.targetRegionId, t.status),
    index('supervision_tasks_issuer_idx').on(t.issuerRegionId, t.status),
    index('supervision_tasks_target_dept_idx').on(t.targetDepartmentId),
    index('supervision_tasks_deadline_idx').on(t.deadline),
  ],
);

/** 督办 records: one per supervision of a task, by the overdue sweep (auto) or by hand. */
export const supervisionUrges = pgTable(
  'supervision_urges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => supervisionTasks.id),
    mode: text('mode').notNull(), // auto | manual
    byId: uuid('by_id').references(() => accounts.id),
    byLabel: text('by_label').notNull(),
    note: text('note'),
    daysOverdue: integer('days_overdue').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('supervision_urges_task_idx').on(t.taskId, t.at)],
);

/**
 * Warning letters (警示建议函) and interviews of unit heads (约谈), recorded against a unit:
 * a department, a town/street or an enterprise. `region_id` is the unit's region (scoping).
 */
export const supervisionRecords = pgTable(
  'supervision_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(), // warning_letter | interview
    unitType: text('unit_type').notNull(), // department | town | enterprise
    unitId: uuid('unit_id').notNull(),
    unitName: text('unit_name').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    /** Date of the letter or of the interview. */
    date: date('date').notNull(),
    title: text('title').notNull(),
    /** Document number of a letter, e.g. 大足燃专函〔2026〕3号. */
    docNumber: text('doc_number'),
    participants: jsonb('participants').$type<string[]>().notNull().default([]),
    summary: text('summary').notNull(),
    documents: jsonb('documents').$type<string[]>().notNull().default([]),
    recordedBy: uuid('recorded_by').references(() => accounts.id),
    /** The recording officer's department, so its colleagues see the record too. */
    recorderDepartmentId: uuid('recorder_department_id').references(() => departments.id),
    recordedByLabel: text('recorded_by_label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('supervision_records_region_idx').on(t.regionId, t.kind, t.date), index('supervision_records_unit_idx').on(t.unitType, t.unitId)],
);
