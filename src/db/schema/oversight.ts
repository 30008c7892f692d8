import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, departments, enterprises, regions } from './foundation.js';
import { hazards } from './hazards.js';

/**
 * Oversight (R5.2–R5.4, R8, R9.1, R11): the dashboard's pre-aggregated figures, map boundaries,
 * campaigns and their progress reports, unit evaluation weights, enterprise grades, public reports
 * with their abuse guards, and typical cases.
 */

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/**
 * Hazard figures per region and day (China time), rolled up: a hazard counts in the row of its
 * own region and of every region above it, so a region's figure for a period is a sum over its own
 * rows. Refreshed from the hazards table by the dashboard job (dash_dirty says which days changed).
 * `found*` are keyed by the day found, `closed*` by the day closed, `due_open*` by the deadline of
 * the hazards open now. Voided hazards (entered by mistake) count nowhere.
 */
export const dashHazardDaily = pgTable(
  'dash_hazard_daily',
  {
    regionId: uuid('region_id').notNull(),
    day: date('day').notNull(),
    found: integer('found').notNull().default(0),
    foundMajor: integer('found_major').notNull().default(0),
    /** Of the hazards found that day, those closed by now (rectification rate of a period's cohort). */
    foundClosed: integer('found_closed').notNull().default(0),
    rebounds: integer('rebounds').notNull().default(0),
    foundPublic: integer('found_public').notNull().default(0),
    closed: integer('closed').notNull().default(0),
    closedMajor: integer('closed_major').notNull().default(0),
    /** Closed on or before the deadline (or with none: fixed on the spot). */
    closedOnTime: integer('closed_on_time').notNull().default(0),
    dueOpen: integer('due_open').notNull().default(0),
    dueOpenMajor: integer('due_open_major').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.day] })],
);

/** Active registry subjects per region (rolled up like dash_hazard_daily) and subject type. */
export const dashSubjectCounts = pgTable(
  'dash_subject_counts',
  {
    regionId: uuid('region_id').notNull(),
    subjectType: text('subject_type').notNull(),
    total: integer('total').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.subjectType] })],
);

/**
 * Hazard changes not yet in dash_hazard_daily, as signed contributions: statement triggers on
 * hazards append −(old row's contribution) and +(new row's) for every insert, relevant update and
 * delete (an append-only log, so writers never wait on each other). The job sums them per region
 * and day, adds them to the roll-ups and deletes what it consumed: work in proportion to the
 * changes, not to the hazards of the days they touch.
 */
export const dashDelta = pgTable('dash_delta', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  regionId: uuid('region_id').notNull(),
  day: date('day').notNull(),
  found: integer('found').notNull(),
  foundMajor: integer('found_major').notNull(),
  foundClosed: integer('found_closed').notNull(),
  rebounds: integer('rebounds').notNull(),
  foundPublic: integer('found_public').notNull(),
  closed: integer('closed').notNull(),
  closedMajor: integer('closed_major').notNull(),
  closedOnTime: integer('closed_on_time').notNull(),
  dueOpen: integer('due_open').notNull(),
  dueOpenMajor: integer('due_open_major').notNull(),
});

/**
 * Markers for what cannot be applied as deltas, appended by statement triggers: 'subjects' (a
 * registry table changed: recount) and 'rebuild' (a region moved or was retired, or the database
 * was just migrated: rebuild every roll-up). The job deletes what it consumed.
 */
export const dashDirty = pgTable('dash_dirty', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  kind: text('kind').notNull(),
  day: date('day'),
});

/** When the summaries were last brought up to date (shown with the figures). */
export const dashState = pgTable('dash_state', {
  key: text('key').primaryKey(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  info: jsonb('info'),
});

/** Region boundaries the deployment loads for the map (GeoJSON FeatureCollection, joined by adcode). */
export const geoBoundaries = pgTable('geo_boundaries', {
  regionId: uuid('region_id')
    .primaryKey()
    .references(() => regions.id),
  featureCollection: jsonb('feature_collection').notNull(),
  featureCount: integer('feature_count').notNull(),
  adcodes: text('adcodes').array().notNull(),
  uploadedBy: uuid('uploaded_by').references(() => accounts.id),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One phase of a campaign: 集中攻坚 / 巩固提升 / 长效机制 (R5.4). `end` null: open-ended. */
export interface CampaignPhase {
  key: 'focused' | 'consolidation' | 'long_term';
  name: string;
  start: string;
  end: string | null;
}

/** Report due days of the month during the given phases (R5.2), e.g. the 10th and 24th in 集中攻坚. */
export interface CalendarRule {
  phases: CampaignPhase['key'][];
  days: number[];
}

/** A campaign's reporting calendar: copied from a preset at creation, editable. */
export interface CampaignCalendar {
  /** The preset it came from (calendar.rules.ts), or 'custom'. */
  key: string;
  rules: CalendarRule[];
  /** No report falls due before this day (e.g. 001: from September 2023). */
  startsOn: string | null;
}

/** A rectification campaign of a region with its phases and reporting calendar (R5.2, R5.4). */
export const campaigns = pgTable(
  'campaigns',
  {
    id: id(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    name: text('name').notNull(),
    presetKey: text('preset_key'),
    calendar: jsonb('calendar').$type<CampaignCalendar>().notNull(),
    phases: jsonb('phases').$type<CampaignPhase[]>().notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    /** Progress reports are collected in the platform for due dates from this day on. */
    reportingFrom: date('reporting_from').notNull(),
    status: text('status').notNull().default('active'), // active | archived
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('campaigns_region_idx').on(t.regionId, t.status)],
);

/** What the platform drafted for a unit's progress report (figures, tables, typical cases). */
export interface ReportDraft {
  generatedAt: string;
  figures: { key: string; label: string; value: number | null; unit: string }[];
  byCategory: { category: string; label: string; found: number; closed: number }[];
  cases: { hazardId: string; code: string; subjectName: string; description: string; closedAt: string | null }[];
}

/**
 * A unit's progress report for one due date of a campaign's calendar (R5.2). The unit is a region
 * below the campaign's region (a town) or one of its departments. Late when submitted after the
 * due date or still pending once it passed.
 */
export const progressReports = pgTable(
  'progress_reports',
  {
    id: id(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    unitType: text('unit_type').notNull(), // region | department
    unitId: uuid('unit_id').notNull(),
    unitName: text('unit_name').notNull(),
    /** The town itself, or the department's region: scoping. */
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    dueDate: date('due_date').notNull(),
    periodFrom: date('period_from').notNull(),
    periodTo: date('period_to').notNull(),
    status: text('status').notNull().default('pending'), // pending | submitted
    draft: jsonb('draft').$type<ReportDraft>(),
    text: text('text'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by').references(() => accounts.id),
    late: boolean('late').notNull().default(false),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    reminders: integer('reminders').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('progress_reports_unit_due_uq').on(t.campaignId, t.unitType, t.unitId, t.dueDate),
    index('progress_reports_due_idx').on(t.dueDate, t.status),
    index('progress_reports_region_idx').on(t.regionId),
  ],
);

/** Evaluation weights of a region's units (R5.3), editable; regions without a row use the defaults. */
export const evaluationWeights = pgTable('evaluation_weights', {
  regionId: uuid('region_id')
    .primaryKey()
    .references(() => regions.id),
  weights: jsonb('weights').notNull(),
  updatedBy: uuid('updated_by').references(() => accounts.id),
  updatedAt: updatedAt(),
});

/** Every computed grade of an enterprise (R9.1), kept as history; the newest is the current one. */
export const enterpriseGrades = pgTable(
  'enterprise_grades',
  {
    id: id(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
    grade: text('grade').notNull(),
    /** Normalised score out of 1,000. */
    score: integer('score').notNull(),
    scoreGrade: text('score_grade').notNull(),
    inspectionIntervalMonths: integer('inspection_interval_months').notNull(),
    result: jsonb('result').notNull(),
    configVersion: text('config_version').notNull(),
  },
  (t) => [index('enterprise_grades_enterprise_idx').on(t.enterpriseId, t.computedAt), index('enterprise_grades_region_idx').on(t.regionId)],
);

/**
 * A public report (举报, R8.1), made without login. The reporter's name and phone are encrypted at
 * rest and shown only to the assigned officer (audited); `tracking_code` is random and is all the
 * reporter needs to follow the outcome.
 */
export const publicReports = pgTable(
  'public_reports',
  {
    id: id(),
    trackingCode: text('tracking_code').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    townId: uuid('town_id').references(() => regions.id),
    /** The reporter's choice from the short list (public.rules.ts). */
    topic: text('topic').notNull(),
    category: text('category').notNull(),
    taskKind: text('task_kind').notNull(),
    description: text('description').notNull(),
    address: text('address').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    photos: uuid('photos').array().notNull().default(sql`'{}'::uuid[]`),
    reporterName: text('reporter_name'),
    reporterPhone: text('reporter_phone'),
    ipHash: text('ip_hash'),
    leadDepartmentId: uuid('lead_department_id').references(() => departments.id),
    leadKey: text('lead_key'),
    cooperatingDepartmentIds: uuid('cooperating_department_ids').array().notNull().default(sql`'{}'::uuid[]`),
    status: text('status').notNull().default('received'), // received | handling | substantiated | unsubstantiated
    assignedTo: uuid('assigned_to').references(() => accounts.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    verifiedBy: uuid('verified_by').references(() => accounts.id),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    verificationNotes: text('verification_notes'),
    publicOutcome: text('public_outcome'),
    rewardFlag: boolean('reward_flag').notNull().default(false),
    hazardId: uuid('hazard_id').references(() => hazards.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('public_reports_tracking_uq').on(t.trackingCode),
    index('public_reports_region_idx').on(t.regionId, t.submittedAt),
    index('public_reports_lead_idx').on(t.leadDepartmentId, t.status),
    index('public_reports_assignee_idx').on(t.assignedTo),
  ],
);

/** A single-use arithmetic challenge a public form must answer before it is accepted. */
export const reportChallenges = pgTable('report_challenges', {
  id: id(),
  question: text('question').notNull(),
  answer: integer('answer').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: createdAt(),
});

/**
 * Fixed-window counters of the one rate limiter (src/shared/rate-limit.ts), shared by every
 * instance: one row per key and window, incremented atomically.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_limits_expires_idx').on(t.expiresAt)],
);

/** Typical cases (典型案例, R2.8/R8.2) officers curate and publish for the public pages. */
export const typicalCases = pgTable(
  'typical_cases',
  {
    id: id(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    caseDate: date('case_date').notNull(),
    hazardId: uuid('hazard_id').references(() => hazards.id),
    published: boolean('published').notNull().default(false),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('typical_cases_public_idx').on(t.published, t.caseDate), index('typical_cases_region_idx').on(t.regionId)],
);
