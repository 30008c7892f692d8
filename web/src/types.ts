/**
 * Shapes of the API answers, derived from the server's own presenters (type-only imports, erased
 * at build time), so a change on the server shows up here as a type error instead of a blank cell.
 * `Json<T>` turns what the presenter returns into what arrives over the wire (dates become strings).
 */
import type { describeAccount } from '../../src/accounts/auth.routes.js';
import type { presentAccount } from '../../src/accounts/accounts.service.js';
import type { ChainReport } from '../../src/audit/audit.js';
import type { auditLog } from '../../src/db/schema/index.js';
import type { listDepartments } from '../../src/departments/departments.service.js';
import type { getMatrix, listPresets, Routing } from '../../src/departments/matrix.service.js';
import type { getRegion, presentRegion } from '../../src/regions/regions.service.js';

export type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends readonly (infer U)[]
      ? readonly Json<U>[]
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Items<T> {
  items: T[];
}

export type Me = Json<Awaited<ReturnType<typeof describeAccount>>>;
export type Region = Json<ReturnType<typeof presentRegion>>;
export type RegionDetail = Json<Awaited<ReturnType<typeof getRegion>>>;
export type Department = Json<Awaited<ReturnType<typeof listDepartments>>[number]>;
export type Matrix = Json<Awaited<ReturnType<typeof getMatrix>>>;
export type MatrixRule = Json<Extract<Awaited<ReturnType<typeof getMatrix>>, { definedAt: string }>['rules'][number]>;
export type Preset = Json<ReturnType<typeof listPresets>[number]>;
export type RoutingResult = Json<Routing>;
export type Account = Json<ReturnType<typeof presentAccount>>;
export type AuditEntry = Json<typeof auditLog.$inferSelect>;
export type AuditChainReport = ChainReport;

export const TOKEN_KINDS = ['filling_station', 'device_gateway', 'platform'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** GET /api/v1/api-tokens item (the presenter in tokens.routes.ts is not exported). */
export interface ApiToken {
  id: string;
  name: string;
  kind: TokenKind;
  prefix: string;
  regionId: string;
  regionName?: string;
  enterpriseId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}
