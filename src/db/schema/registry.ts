import { sql } from 'drizzle-orm';
import { boolean, customType, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, enterprises, regions } from './foundation.js';

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const regionId = () => uuid('region_id').notNull().references(() => regions.id);

/** Personnel of enterprises (R2.6): roles, contract and insurance of delivery workers. */
export const personnel = pgTable(
  'personnel',
  {
    id: id(),
    regionId: regionId(),
    enterpriseId: uuid('enterprise_id').notNull().references(() => enterprises.id),
    name: text('name').notNull(),
    idNumber: text('id_number').notNull(),
    phone: text('phone'),
    role: text('role').notNull(),
    labourContract: boolean('labour_contract').notNull().default(false),
    socialInsurance: boolean('social_insurance').notNull().default(false),
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('personnel_id_number_uq').on(t.idNumber),
    index('personnel_enterprise_idx').on(t.enterpriseId),
    index('personnel_region_idx').on(t.regionId),
  ],
);

/** Licences of enterprises and certificates of their people (R2.2), with validity. */
export const licences = pgTable(
  'licences',
  {
    id: id(),
    regionId: regionId(),
    enterpriseId: uuid('enterprise_id').notNull().references(() => enterprises.id),
    personId: uuid('person_id').references(() => personnel.id),
    kind: text('kind').notNull(),
    number: text('number').notNull(),
    issuer: text('issuer'),
    issuedOn: date('issued_on'),
    validUntil: date('valid_until'),
    status: text('status').notNull().default('active'), // active | revoked | suspended
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('licences_kind_number_uq').on(t.kind, t.number),
    index('licences_enterprise_idx').on(t.enterpriseId),
    index('licences_region_valid_idx').on(t.regionId, t.validUntil),
  ],
);

/** Residential gas users by community/building (R2.4). */
export const households = pgTable(
  'households',
  {
    id: id(),
    regionId: regionId(),
    address: text('address').notNull(),
    building: text('building'),
    unit: text('unit'),
    room: text('room'),
    holderName: text('holder_name'),
    holderIdNumber: text('holder_id_number'),
    phone: text('phone'),
    gasSource: text('gas_source'),
    supplierId: uuid('supplier_id').references(() => enterprises.id),
    oldCommunity: boolean('old_community').notNull().default(false),
    hardship: text('hardship').notNull().default('none'), // none | dibao | tekun
    highRise100m: boolean('high_rise_100m').notNull().default(false),
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('households_address_uq').on(t.address),
    // Region + gas source, like venues' and enterprises' region + kind (bench/README.md).
    index('households_region_gas_idx').on(t.regionId, t.gasSource),
    // The lists' default order: the newest page of a city or district without sorting all of it.
    index('households_created_idx').on(t.createdAt.desc().nullsFirst(), t.id),
    // 困难群众 (R2.4) are ~3 % of households: their lists read this small index, not the whole region.
    index('households_hardship_idx').on(t.regionId, t.hardship).where(sql`hardship <> 'none'`),
    // An enterprise account's households (its supplied users), and the foreign-key check when an enterprise row goes.
    index('households_supplier_idx').on(t.supplierId),
    index('households_address_trgm').using('gin', sql`${t.address} gin_trgm_ops`),
    // Coverage (R3.9) counts a city's active households per region: an index-only scan instead of the table (bench/README.md).
    index('households_active_region_idx').on(t.regionId, t.id).where(sql`status = 'active'`),
  ],
);

/** Pipelines and stations (R2.5), located; ageing from material and laid year. */
export const facilities = pgTable(
  'facilities',
  {
    id: id(),
    regionId: regionId(),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    pressureClass: text('pressure_class'),
    material: text('material'),
    laidYear: integer('laid_year'),
    lengthM: doublePrecision('length_m'),
    diameterMm: integer('diameter_mm'),
    occupied: boolean('occupied').notNull().default(false),
    crossesEnclosedSpace: boolean('crosses_enclosed_space').notNull().default(false),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    endLat: doublePrecision('end_lat'),
    endLng: doublePrecision('end_lng'),
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('facilities_code_uq').on(t.code),
    index('facilities_region_idx').on(t.regionId, t.kind),
    index('facilities_enterprise_idx').on(t.enterpriseId),
    index('facilities_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

/** Delivery and transport vehicles (R2.7): delivery vans bound to a worker and an area. */
export const vehicles = pgTable(
  'vehicles',
  {
    id: id(),
    regionId: regionId(),
    enterpriseId: uuid('enterprise_id').notNull().references(() => enterprises.id),
    plateNumber: text('plate_number').notNull(),
    kind: text('kind').notNull(), // delivery | transport
    permitNo: text('permit_no'),
    permitValidUntil: date('permit_valid_until'),
    boundWorkerId: uuid('bound_worker_id').references(() => personnel.id),
    deliveryAreaId: uuid('delivery_area_id').references(() => regions.id),
    registered: boolean('registered').notNull().default(false),
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('vehicles_plate_uq').on(t.plateNumber), index('vehicles_enterprise_idx').on(t.enterpriseId)],
);

/** Public list of unqualified products (R2.8). */
export const unqualifiedProducts = pgTable(
  'unqualified_products',
  {
    id: id(),
    regionId: regionId(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    brand: text('brand'),
    model: text('model').notNull().default(''),
    maker: text('maker').notNull().default(''),
    batch: text('batch').notNull().default(''),
    problem: text('problem').notNull(),
    source: text('source'),
    publishedOn: date('published_on'),
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('unqualified_products_key_uq').on(t.maker, t.model, t.batch, t.name)],
);

/** Public delivery-worker blacklist (R2.8, seed 001). */
export const workerBlacklist = pgTable(
  'worker_blacklist',
  {
    id: id(),
    regionId: regionId(),
    personName: text('person_name').notNull(),
    idNumber: text('id_number').notNull(),
    enterpriseName: text('enterprise_name'),
    reason: text('reason').notNull(),
    listedOn: date('listed_on').notNull(),
    until: date('until'),
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('worker_blacklist_id_uq').on(t.idNumber)],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** One bad row of an import: Excel row number and, per column, a message key with its parameters. */
export interface ImportRowError {
  row: number;
  errors: { field: string; column: string; key: string; params?: Record<string, unknown> }[];
}

/**
 * Excel imports of registry records (R2.9). The uploaded file is kept here (bytea, at most 20 MiB)
 * so any instance can build the error receipt or run "import the valid rows"; it is cleared once
 * no longer needed. A job is run by the instance that accepted it, which refreshes `heartbeat_at`;
 * a job whose heartbeat stopped (crashed instance) is marked failed by the sweep.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: id(),
    kind: text('kind').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    /** The uploader's region scope (materialised path) when the file was uploaded. */
    regionPath: text('region_path').notNull(),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    fileName: text('file_name').notNull(),
    fileSize: integer('file_size').notNull(),
    file: bytea('file'),
    status: text('status').notNull().default('queued'), // queued | validating | invalid | importing | done | failed
    mode: text('mode').notNull().default('all'), // all | valid-only
    totalRows: integer('total_rows'),
    validatedRows: integer('validated_rows').notNull().default(0),
    validRows: integer('valid_rows').notNull().default(0),
    invalidRows: integer('invalid_rows').notNull().default(0),
    importedRows: integer('imported_rows').notNull().default(0),
    createdRows: integer('created_rows').notNull().default(0),
    updatedRows: integer('updated_rows').notNull().default(0),
    unchangedRows: integer('unchanged_rows').notNull().default(0),
    errors: jsonb('errors').$type<ImportRowError[]>().notNull().default([]),
    errorsTruncated: boolean('errors_truncated').notNull().default(false),
    /** Why the whole file failed (message key and parameters), when it did. */
    failure: jsonb('failure').$type<{ key: string; params?: Record<string, unknown> }>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_jobs_account_idx').on(t.accountId, t.createdAt), index('import_jobs_status_idx').on(t.status, t.heartbeatAt)],
);
