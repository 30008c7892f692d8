import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { enterprises, regions } from './foundation.js';

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
    index('households_region_idx').on(t.regionId),
    index('households_address_trgm').using('gin', sql`${t.address} gin_trgm_ops`),
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
