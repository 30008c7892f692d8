import { sql } from 'drizzle-orm';
import { bigserial, date, doublePrecision, index, integer, jsonb, pgSequence, pgTable, real, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, enterprises, regions, venues } from './foundation.js';

const tz = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * Monitoring devices (R7.1): detectors, shut-off and self-closing valves, pressure and
 * enclosed-space sensors. Each is bound to a venue, household or facility; region, enterprise
 * (the gas company responsible) and venue are copied from what it is bound to, for scoping.
 */
export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Identity code (工业互联网标识 / serial): the deviceCode in MQTT topics and HTTP telemetry. */
    code: text('code').notNull(),
    type: text('type').notNull(),
    subjectType: text('subject_type').notNull(), // venue | household | facility
    subjectId: uuid('subject_id').notNull(),
    subjectName: text('subject_name').notNull(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    venueId: uuid('venue_id').references(() => venues.id),
    location: text('location'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    model: text('model'),
    vendor: text('vendor'),
    gasType: text('gas_type').notNull().default('natural_gas'), // natural_gas | lpg | other
    installedOn: date('installed_on'),
    expiresOn: date('expires_on'),
    status: text('status').notNull().default('active'), // active | retired
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('devices_code_uq').on(t.code),
    index('devices_region_idx').on(t.regionId, t.type),
    index('devices_subject_idx').on(t.subjectType, t.subjectId),
    index('devices_enterprise_idx').on(t.enterpriseId),
  ],
);

/**
 * Current state of a device, one row per device, rewritten by every applied message (kept apart
 * from `devices` so the hot row has only its primary key and updates stay HOT). `last_ts` only
 * moves forward: an older message never changes the state. `seq_window` is a bit mask of the
 * 32 sequence numbers below `last_seq` already seen (duplicate detection across instances).
 */
export const deviceState = pgTable('device_state', {
  deviceId: uuid('device_id').primaryKey(),
  lastTs: tz('last_ts'),
  lastSeq: integer('last_seq'),
  seqWindow: integer('seq_window').notNull().default(0),
  lastSeenAt: tz('last_seen_at'),
  online: text('online').notNull().default('unknown'), // unknown | online | offline
  ch4: real('ch4'),
  co: real('co'),
  valve: text('valve'),
  battery: real('battery'),
  fault: text('fault'),
  /** Per condition: active, since, last time it held, when it cleared (rules' episode state). */
  conditions: jsonb('conditions').$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});

/**
 * Raw telemetry, append-only and time-ordered: BRIN on ts for time ranges and retention, one
 * btree for a device's history. No foreign key and no unique index (duplicates are removed before
 * the insert by the sequence window), so batches go in as one multi-row INSERT. The columns are
 * partition-ready: range-partitioning by `ts` needs no change to the queries.
 */
export const telemetry = pgTable(
  'telemetry',
  {
    deviceId: uuid('device_id').notNull(),
    ts: tz('ts').notNull(),
    receivedAt: tz('received_at').notNull(),
    seq: integer('seq'),
    ch4: real('ch4'),
    co: real('co'),
    valve: smallint('valve'), // 1 open, 0 closed
    battery: real('battery'),
    fault: text('fault'),
  },
  (t) => [index('telemetry_ts_brin').using('brin', t.ts), index('telemetry_device_ts_idx').on(t.deviceId, t.ts)],
);

/** Rule settings per device type (R7.3), overriding the defaults in code; absent row = defaults. */
export const monitoringRules = pgTable('monitoring_rules', {
  deviceType: text('device_type').primaryKey(),
  config: jsonb('config').$type<Record<string, unknown>>().notNull(),
  updatedBy: uuid('updated_by').references(() => accounts.id),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});

/** Numbers of alarms (BJ + year + 8 digits). */
export const alarmCodeSeq = pgSequence('alarm_code_seq');

/**
 * Alarms (R7.4). At most one open alarm per device and condition (partial unique index): a device
 * repeating itself raises `count` and `last_at` instead of opening another.
 */
export const alarms = pgTable(
  'alarms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    deviceId: uuid('device_id').notNull().references(() => devices.id),
    condition: text('condition').notNull(),
    severity: text('severity').notNull(), // critical | major | minor
    state: text('state').notNull(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    venueId: uuid('venue_id').references(() => venues.id),
    /** The value that raised it and the highest seen since (concentration, battery …). */
    value: real('value'),
    peakValue: real('peak_value'),
    count: integer('count').notNull().default(1),
    episodes: integer('episodes').notNull().default(1),
    firstAt: tz('first_at').notNull(),
    lastAt: tz('last_at').notNull(),
    clearedAt: tz('cleared_at'),
    raisedAt: tz('raised_at').notNull(),
    notifiedAt: tz('notified_at'),
    acknowledgedAt: tz('acknowledged_at'),
    acknowledgedBy: uuid('acknowledged_by').references(() => accounts.id),
    dispatchedAt: tz('dispatched_at'),
    responderId: uuid('responder_id').references(() => accounts.id),
    arrivedAt: tz('arrived_at'),
    handledAt: tz('handled_at'),
    result: text('result'), // real_leak | false_alarm | device_fault | recovered
    resultNote: text('result_note'),
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    hazardId: uuid('hazard_id'),
    closedAt: tz('closed_at'),
    closedBy: uuid('closed_by').references(() => accounts.id),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('alarms_open_uq').on(t.deviceId, t.condition).where(sql`closed_at IS NULL`),
    index('alarms_region_raised_idx').on(t.regionId, t.raisedAt),
    index('alarms_open_idx').on(t.state).where(sql`closed_at IS NULL`),
    index('alarms_enterprise_idx').on(t.enterpriseId, t.raisedAt),
    index('alarms_device_idx').on(t.deviceId, t.raisedAt),
  ],
);

/** Every step of an alarm, attributed and timed (R7.4). Append-only. */
export const alarmEvents = pgTable(
  'alarm_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alarmId: uuid('alarm_id').notNull().references(() => alarms.id),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    actorId: uuid('actor_id').references(() => accounts.id),
    actorLabel: text('actor_label').notNull(),
    at: tz('at').notNull(),
    data: jsonb('data'),
  },
  (t) => [index('alarm_events_alarm_idx').on(t.alarmId, t.id)],
);
