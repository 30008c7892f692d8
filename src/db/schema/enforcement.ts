import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, enterprises, regions, venues } from './foundation.js';
import { files } from './files.js';
import { hazards } from './hazards.js';

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** An issuing unit: a department, or a region (the territorial town/street). */
export type NoticeUnitType = 'department' | 'region';

/**
 * The last document number given by an issuing unit in a year (R4.4). Incremented with
 * INSERT … ON CONFLICT DO UPDATE … RETURNING inside the issuing transaction: the row lock orders
 * concurrent issuers and a rolled-back notice gives its number back, so numbers have no gaps.
 */
export const noticeCounters = pgTable(
  'notice_counters',
  {
    unitType: text('unit_type').notNull(),
    unitId: uuid('unit_id').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitType, t.unitId, t.year] })],
);

/**
 * Notice settings of a region, edited by its administrators: the appeal bodies named on notices
 * (inherited by the regions below unless they set their own) and the document-number
 * abbreviations of the issuing units of this region (its departments; itself when a town).
 * Missing values fall back to defaults derived from the names.
 */
export const noticeSettings = pgTable('notice_settings', {
  regionId: uuid('region_id')
    .primaryKey()
    .references(() => regions.id),
  /** 行政复议机关, e.g. 重庆市大足区人民政府. */
  reviewBody: text('review_body'),
  /** 行政诉讼法院, e.g. 重庆市大足区人民法院. */
  court: text('court'),
  /** Unit id → abbreviation in the document number (e.g. 足经信燃整改). */
  abbreviations: jsonb('abbreviations').$type<Record<string, string>>().notNull().default({}),
  updatedBy: uuid('updated_by').references(() => accounts.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One numbered problem of a notice, as printed. */
export interface NoticeItem {
  hazardId: string;
  code: string;
  description: string;
  basis: string | null;
  deadline: string;
}

export interface NoticeOfficer {
  name: string;
  certificateNo: string;
}

/**
 * A rectification notice (隐患整改通知书 / 责令限期整改指令书, R4.4) over open hazards of one
 * subject. Immutable once issued: what was printed is what is stored.
 */
export const notices = pgTable(
  'notices',
  {
    id: id(),
    number: text('number').notNull(),
    kind: text('kind').notNull(), // rectification | order
    unitType: text('unit_type').notNull(),
    unitId: uuid('unit_id').notNull(),
    issuerName: text('issuer_name').notNull(),
    issuerAbbr: text('issuer_abbr').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    subjectName: text('subject_name').notNull(),
    subjectAddress: text('subject_address'),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    venueId: uuid('venue_id').references(() => venues.id),
    hazardIds: uuid('hazard_ids').array().notNull(),
    items: jsonb('items').$type<NoticeItem[]>().notNull(),
    officers: jsonb('officers').$type<NoticeOfficer[]>().notNull(),
    representativeName: text('representative_name'),
    representativeSignature: uuid('representative_signature').references(() => files.id),
    reviewBody: text('review_body').notNull(),
    court: text('court').notNull(),
    /** Random code printed in the QR link; the public verification needs number and code. */
    verificationCode: text('verification_code').notNull(),
    issuedOn: date('issued_on').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    issuedBy: uuid('issued_by')
      .notNull()
      .references(() => accounts.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('notices_number_uq').on(t.number),
    uniqueIndex('notices_unit_year_seq_uq').on(t.unitType, t.unitId, t.year, t.seq),
    index('notices_subject_idx').on(t.subjectType, t.subjectId),
    index('notices_region_idx').on(t.regionId, t.issuedAt),
    index('notices_hazards_idx').using('gin', t.hazardIds),
  ],
);

/**
 * Enforcement steps recorded against a hazard (R4.5): order to stop use, seizure, fine, licence
 * revocation, referrals, and the supplier's suspension and restoration of gas supply.
 */
export const enforcementActions = pgTable(
  'enforcement_actions',
  {
    id: id(),
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => hazards.id),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    venueId: uuid('venue_id').references(() => venues.id),
    /** stop_use | seizure | fine | licence_revocation | referral_market | referral_police | supply_suspension | supply_restoration */
    kind: text('kind').notNull(),
    actionDate: date('action_date').notNull(),
    officer: text('officer').notNull(),
    documentNo: text('document_no'),
    amountYuan: numeric('amount_yuan', { precision: 14, scale: 2, mode: 'number' }),
    files: uuid('files').array().notNull().default(sql`'{}'::uuid[]`),
    note: text('note'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => accounts.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('enforcement_actions_hazard_idx').on(t.hazardId, t.recordedAt), index('enforcement_actions_subject_idx').on(t.subjectType, t.subjectId)],
);

/**
 * Gas supply suspended (暂停供气) for a user who refuses to rectify (R4.5): active until restored.
 * At most one active suspension per subject; the registry and the hazard ledger show it.
 */
export const supplySuspensions = pgTable(
  'supply_suspensions',
  {
    id: id(),
    subjectType: text('subject_type').notNull(), // venue | household
    subjectId: uuid('subject_id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    supplierId: uuid('supplier_id').references(() => enterprises.id),
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => hazards.id),
    suspensionActionId: uuid('suspension_action_id')
      .notNull()
      .references(() => enforcementActions.id),
    restorationActionId: uuid('restoration_action_id').references(() => enforcementActions.id),
    suspendedAt: timestamp('suspended_at', { withTimezone: true }).notNull(),
    suspendedBy: uuid('suspended_by')
      .notNull()
      .references(() => accounts.id),
    restoredAt: timestamp('restored_at', { withTimezone: true }),
    restoredBy: uuid('restored_by').references(() => accounts.id),
  },
  (t) => [
    uniqueIndex('supply_suspensions_active_uq').on(t.subjectType, t.subjectId).where(sql`restored_at IS NULL`),
    index('supply_suspensions_hazard_idx').on(t.hazardId),
  ],
);

/** A 回头看 batch (R4.6): a random sample of hazards closed in a period, for re-inspection. */
export const lookbackBatches = pgTable(
  'lookback_batches',
  {
    id: id(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    periodFrom: date('period_from').notNull(),
    periodTo: date('period_to').notNull(),
    requestedSize: integer('requested_size').notNull(),
    size: integer('size').notNull(),
    /** Closed hazards the sample was drawn from. */
    available: integer('available').notNull(),
    /** The requesting unit the re-inspections are assigned to. */
    unitType: text('unit_type').notNull(), // department | region
    unitId: uuid('unit_id').notNull(),
    unitName: text('unit_name').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => accounts.id),
    createdAt: createdAt(),
  },
  (t) => [index('lookback_batches_region_idx').on(t.regionId, t.createdAt)],
);

/** One sampled hazard of a batch and the result of its re-inspection. */
export const lookbackItems = pgTable(
  'lookback_items',
  {
    id: id(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => lookbackBatches.id),
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => hazards.id),
    status: text('status').notNull().default('pending'), // pending | confirmed | rebound
    note: text('note'),
    photos: uuid('photos').array().notNull().default(sql`'{}'::uuid[]`),
    checkedBy: uuid('checked_by').references(() => accounts.id),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
    reboundHazardId: uuid('rebound_hazard_id').references(() => hazards.id),
  },
  (t) => [uniqueIndex('lookback_items_batch_hazard_uq').on(t.batchId, t.hazardId), index('lookback_items_hazard_idx').on(t.hazardId)],
);
