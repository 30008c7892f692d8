import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { enterprises, regions } from './foundation.js';

/**
 * Cylinder traceability (一瓶一码, R6). One row per coded cylinder; its history is the append-only
 * `cylinder_events`; fill checks (一扫一充) are logged in their own append-only table, not in the
 * hash-chained audit log, so the scales' hot path never takes the audit lock (docs/cylinders.md).
 */
export const cylinders = pgTable(
  'cylinders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The code on the label (QR/RFID): unique and never reused, a scrapped cylinder keeps it. */
    code: text('code').notNull(),
    /** Optional GS1 GRAI (urn:epc:id:grai:…) when the owner has a GS1 company prefix. */
    grai: text('grai'),
    /** The owner's region: what region scoping (R1.4) filters on. */
    regionId: uuid('region_id').notNull().references(() => regions.id),
    /** 产权单位. */
    ownerEnterpriseId: uuid('owner_enterprise_id').notNull().references(() => enterprises.id),
    maker: text('maker').notNull(),
    serialNumber: text('serial_number').notNull(),
    model: text('model').notNull(),
    waterVolumeL: doublePrecision('water_volume_l').notNull(),
    allowableFillKg: doublePrecision('allowable_fill_kg').notNull(),
    manufactureDate: date('manufacture_date').notNull(),
    designLifeYears: integer('design_life_years').notNull(),
    /** 使用登记证编号. */
    registrationNo: text('registration_no'),
    lastInspectionDate: date('last_inspection_date'),
    nextInspectionDate: date('next_inspection_date').notNull(),
    state: text('state').notNull().default('in_service'), // in_service | due_for_inspection | seized | scrapped | blacklisted | recalled
    stateReason: text('state_reason'),
    refurbished: boolean('refurbished').notNull().default(false),
    /** Who holds it now: enterprise | station | vehicle | user | inspection | none, with a display name. */
    holderType: text('holder_type').notNull().default('enterprise'),
    holderId: uuid('holder_id'),
    holderName: text('holder_name'),
    locationRegionId: uuid('location_region_id'),
    lastLat: doublePrecision('last_lat'),
    lastLng: doublePrecision('last_lng'),
    lastEventAt: timestamp('last_event_at', { withTimezone: true }),
    /** The last filling, kept on the row so the public check and the station are one read. */
    lastFillingEventId: bigint('last_filling_event_id', { mode: 'number' }),
    lastFilledAt: timestamp('last_filled_at', { withTimezone: true }),
    lastFillingStationId: uuid('last_filling_station_id'),
    lastFillingStationName: text('last_filling_station_name'),
    lastNetWeightKg: doublePrecision('last_net_weight_kg'),
    /** False after a failed post-fill check (overfill, leak) until a passing re-check: may not leave the station. */
    mayLeaveStation: boolean('may_leave_station').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cylinders_code_uq').on(t.code),
    index('cylinders_region_state_idx').on(t.regionId, t.state),
    index('cylinders_owner_idx').on(t.ownerEnterpriseId, t.state),
    index('cylinders_next_inspection_idx').on(t.nextInspectionDate),
    index('cylinders_maker_serial_idx').on(t.maker, t.serialNumber),
    index('cylinders_created_idx').on(t.createdAt.desc(), t.id),
  ],
);

/**
 * The chain of custody (R6.3): every scan with time, place and who. Append-only (a trigger refuses
 * UPDATE and DELETE outside an explicit purge), so the rows are their own audit trail.
 */
export const cylinderEvents = pgTable(
  'cylinder_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    cylinderId: uuid('cylinder_id').notNull().references(() => cylinders.id),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    /** Where it happened (region of the station / user / vehicle) and, when known, GPS. */
    regionId: uuid('region_id'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** The owner at the time of the event. */
    enterpriseId: uuid('enterprise_id'),
    stationId: uuid('station_id'),
    vehicleId: uuid('vehicle_id'),
    workerId: uuid('worker_id'),
    userType: text('user_type'), // venue | household
    userId: uuid('user_id'),
    accountId: uuid('account_id'),
    tokenId: uuid('token_id'),
    actorLabel: text('actor_label').notNull(),
    /** Checks that did not hold but did not stop the step (e.g. UNBOUND_WORKER, OUTSIDE_AREA). */
    flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('cylinder_events_timeline_idx').on(t.cylinderId, t.at, t.id),
    // A delivery form resent (same clientUuid) finds its delivery without a scan.
    index('cylinder_events_inspection_idx').on(sql`(${t.data}->>'inspectionId')`).where(sql`type = 'deliver'`),
  ],
);

/** Every 一扫一充 scan (R6.2), allowed or not. Append-only; counted per station for market supervision. */
export const cylinderFillChecks = pgTable(
  'cylinder_fill_checks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    stationId: uuid('station_id').notNull(),
    stationRegionId: uuid('station_region_id').notNull(),
    cylinderId: uuid('cylinder_id'),
    code: text('code').notNull(),
    allowed: boolean('allowed').notNull(),
    reasons: text('reasons').array().notNull(),
    accountId: uuid('account_id'),
    tokenId: uuid('token_id'),
    actorLabel: text('actor_label').notNull(),
  },
  (t) => [
    index('cylinder_fill_checks_station_idx').on(t.stationId, t.at),
    index('cylinder_fill_checks_region_idx').on(t.stationRegionId, t.at),
  ],
);

/** A filling unit entrusted by an owner to fill its cylinders (托管/委托充装): not NOT_OWNED there. */
export const cylinderEntrustments = pgTable(
  'cylinder_entrustments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerEnterpriseId: uuid('owner_enterprise_id').notNull().references(() => enterprises.id),
    stationId: uuid('station_id').notNull().references(() => enterprises.id),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    validFrom: date('valid_from').notNull(),
    validUntil: date('valid_until'),
    status: text('status').notNull().default('active'), // active | revoked
    contractNo: text('contract_no'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('cylinder_entrustments_pair_uq').on(t.ownerEnterpriseId, t.stationId), index('cylinder_entrustments_station_idx').on(t.stationId)],
);

/**
 * Anomalies pointing to illegal gas (R6.4), found by the set-based scan; one row per kind and
 * triggering event, so re-running the scan stores nothing twice.
 */
export const cylinderAnomalies = pgTable(
  'cylinder_anomalies',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    cylinderId: uuid('cylinder_id').notNull(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    /** Where it happened (the event's region, else the owner's), for per-region lists. */
    regionId: uuid('region_id').notNull(),
    enterpriseId: uuid('enterprise_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    detectedAt: timestamp('detected_at', { withTimezone: true }).notNull().defaultNow(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').notNull().default('open'), // open | confirmed | dismissed
  },
  (t) => [
    uniqueIndex('cylinder_anomalies_kind_event_uq').on(t.kind, t.eventId),
    index('cylinder_anomalies_region_idx').on(t.regionId, t.at),
    index('cylinder_anomalies_cylinder_idx').on(t.cylinderId),
  ],
);
