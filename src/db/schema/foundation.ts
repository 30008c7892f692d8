import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/**
 * Region tree (R1.1). `path` is the materialised path of ids ("/a/b/c/"), so a subtree is one
 * indexed prefix match; it is what scoping (R1.4) filters on.
 */
export const regions = pgTable(
  'regions',
  {
    id: id(),
    parentId: uuid('parent_id'),
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    level: text('level').notNull(), // province | city | district | town | community | grid
    code: text('code').notNull(),
    isVirtualCode: boolean('is_virtual_code').notNull().default(false),
    codeVersion: text('code_version'),
    name: text('name').notNull(),
    status: text('status').notNull().default('active'), // active | retired
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // (path, id): a subtree's ids come from the index alone (index-only scan) in every scoped query.
    index('regions_path_id_idx').using('btree', sql`${t.path} text_pattern_ops`, t.id),
    index('regions_parent_idx').on(t.parentId),
    uniqueIndex('regions_code_active_uq').on(t.code).where(sql`status = 'active'`),
  ],
);

/** Departments of a region (R1.2), each with a functional key the matrix refers to. */
export const departments = pgTable(
  'departments',
  {
    id: id(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    key: text('key').notNull(),
    name: text('name').notNull(),
    isGasAuthority: boolean('is_gas_authority').notNull().default(false),
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('departments_region_key_uq').on(t.regionId, t.key).where(sql`status = 'active'`)],
);

/** Responsibility matrix rows (R1.3) of one region; lower regions inherit from the nearest above. */
export const responsibilityRules = pgTable(
  'responsibility_rules',
  {
    id: id(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    category: text('category').notNull(), // HazardCategory or '*'
    taskKind: text('task_kind').notNull(), // TaskKind or '*'
    leadKey: text('lead_key').notNull(),
    cooperatingKeys: text('cooperating_keys').array().notNull().default(sql`'{}'::text[]`),
    basis: text('basis').notNull().default(''),
    presetKey: text('preset_key'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('rules_region_cat_task_uq').on(t.regionId, t.category, t.taskKind)],
);

/** Enterprises by kind (R2.1), identified by their 统一社会信用代码. */
export const enterprises = pgTable(
  'enterprises',
  {
    id: id(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    name: text('name').notNull(),
    creditCode: text('credit_code').notNull(),
    kind: text('kind').notNull(),
    address: text('address'),
    legalRepresentative: text('legal_representative'),
    contactPhone: text('contact_phone'),
    storageVolumeM3: doublePrecision('storage_volume_m3'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('enterprises_credit_code_uq').on(t.creditCode),
    index('enterprises_region_idx').on(t.regionId, t.kind),
    index('enterprises_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

/** Gas-using venues (R2.3): restaurants, schools, hospitals, … with their gas attributes. */
export const venues = pgTable(
  'venues',
  {
    id: id(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    name: text('name').notNull(),
    address: text('address').notNull(),
    kind: text('kind').notNull(),
    operatorName: text('operator_name'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    gasSource: text('gas_source'),
    crowded: boolean('crowded').notNull().default(false),
    basementUse: boolean('basement_use').notNull().default(false),
    nineSmall: boolean('nine_small').notNull().default(false),
    supplierId: uuid('supplier_id').references(() => enterprises.id),
    supplyContractNo: text('supply_contract_no'),
    supplyContractUntil: date('supply_contract_until'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('venues_region_idx').on(t.regionId, t.kind),
    // An enterprise account's venues (the ones it supplies), and the foreign-key check when an enterprise row goes.
    index('venues_supplier_idx').on(t.supplierId),
    uniqueIndex('venues_name_address_uq').on(t.name, t.address),
    index('venues_name_trgm').using('gin', sql`(${t.name} || ' ' || ${t.address}) gin_trgm_ops`),
  ],
);

export const accounts = pgTable(
  'accounts',
  {
    id: id(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    passwordHistory: jsonb('password_history').$type<string[]>().notNull().default([]),
    role: text('role').notNull(),
    staffKind: text('staff_kind'),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    departmentId: uuid('department_id').references(() => departments.id),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    venueId: uuid('venue_id').references(() => venues.id),
    phone: text('phone'),
    locale: text('locale').notNull().default('zh-CN'),
    status: text('status').notNull().default('active'), // active | disabled
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    /** TOTP secret, encrypted at rest; pending until the first code confirms it. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    isDemo: boolean('is_demo').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('accounts_username_uq').on(sql`lower(${t.username})`), index('accounts_region_idx').on(t.regionId)],
);

/** Server-side sessions, so any instance behind the load balancer can serve any request. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(), // sha256 of the cookie value
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);

/** Tokens for machine clients (scales, gateways, platforms), sent as `Authorization: Bearer`. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    name: text('name').notNull(),
    kind: text('kind').notNull(), // filling_station | device_gateway | platform
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    createdBy: uuid('created_by').notNull().references(() => accounts.id),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)],
);

/**
 * Append-only, hash-chained audit log. A trigger refuses UPDATE and DELETE; each row's hash covers
 * the previous row's hash, so any edit made behind the platform's back breaks the chain.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    regionId: uuid('region_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_entity_idx').on(t.entityType, t.entityId),
    index('audit_actor_idx').on(t.actorId),
    index('audit_at_idx').on(t.at),
  ],
);

/** Small key/value settings of the deployment (e.g. which matrix preset was applied where). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});
