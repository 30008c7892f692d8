/**
 * Excel import of registry records (R2.9). The whole file is checked first — every row through
 * checkFields (the API's own rules), references resolved by natural key inside the caller's
 * scope, natural-key duplicates in the file, existing records outside the scope — and only then
 * are rows upserted on their natural key, in one transaction with their audit entries.
 */
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { recordAuditBatch, type AuditEntry } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { enterprises, personnel, regions, type ImportRowError } from '../db/schema/index.js';
import { ExcelFileError, openSheet } from '../shared/excel.js';
import { AppError } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import type { KindDef, RefDef } from './kinds.js';
import { cellsToInput, kindColumns, mapRaw, readColumns } from './registry.excel.js';
import { checkFields, type RecordRow } from './registry.service.js';
import { col, registryScope } from './registry.scope.js';

/** Bad rows kept with their reasons (the counters stay exact beyond it). */
export const MAX_STORED_ERROR_ROWS = 5_000;
/** Rows per INSERT … ON CONFLICT statement (sent as one JSON parameter). */
const UPSERT_BATCH = 2_000;
/** Codes per look-up query. */
const LOOKUP_BATCH = 10_000;

export interface ValidRow {
  row: number;
  values: Record<string, unknown>;
}

export interface Validation {
  /** Columns the file gives (field and reference keys); only these are updated on existing records. */
  present: string[];
  valid: ValidRow[];
  bad: ImportRowError[];
  total: number;
}

type Codes = Record<RefDef['target'], Set<string>>;
const NONE = Symbol('own enterprise');

function headerOf(def: KindDef): Map<string, string> {
  return new Map(kindColumns(def).map((c) => [c.key, c.header]));
}

/** A value as stored: an empty optional value of a NOT NULL column takes the column's default. */
function normalise(def: KindDef, values: Record<string, unknown>): void {
  const cols = getTableColumns(def.table) as Record<string, AnyPgColumn>;
  for (const [k, v] of Object.entries(values)) {
    const c = cols[k];
    if (v === null && c?.notNull && c.hasDefault && c.default !== undefined && typeof c.default !== 'object') values[k] = c.default;
  }
}

export function naturalKeyOf(def: KindDef, values: Record<string, unknown>): string | null {
  const parts = def.naturalKey.map((k) => values[k]);
  return parts.some((v) => v === null || v === undefined) ? null : JSON.stringify(parts);
}

/** `(natural key columns) IN (the given keys)`, the keys sent as one JSON parameter. */
function naturalKeyIn(def: KindDef, keys: string[]): SQL {
  const cols = def.naturalKey.map((k) => col(def, k));
  const records = JSON.stringify(keys.map((k) => Object.fromEntries((JSON.parse(k) as unknown[]).map((v, i) => [`k${i}`, v]))));
  const spec = sql.raw(cols.map((c, i) => `k${i} ${c.getSQLType()}`).join(', '));
  const fields = sql.raw(cols.map((_, i) => `x.k${i}`).join(', '));
  return sql`(${sql.join(cols, sql`, `)}) IN (SELECT ${fields} FROM jsonb_to_recordset(${records}::jsonb) AS x(${spec}))`;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface Found {
  id: string;
  inScope: boolean;
  regionId?: string;
  enterpriseId?: string;
}

/** Look up every code of the file in a few queries: region codes, credit codes, ID numbers. */
async function lookUpCodes(db: Executor, p: Principal, codes: Codes): Promise<Record<RefDef['target'], Map<string, Found>>> {
  const scope = (regionCol: AnyPgColumn) => sql<boolean>`${regionCol} IN (SELECT id FROM regions WHERE path LIKE ${p.regionPath + '%'})`;
  const out = { region: new Map<string, Found>(), enterprise: new Map<string, Found>(), person: new Map<string, Found>() };
  for (const part of chunks([...codes.region], LOOKUP_BATCH)) {
    const rows = await db
      .select({ id: regions.id, code: regions.code, inScope: sql<boolean>`${regions.path} LIKE ${p.regionPath + '%'}` })
      .from(regions)
      .where(sql`${regions.code} IN (SELECT unnest(${`{${part.join(',')}}`}::text[])) AND ${regions.status} = 'active'`);
    for (const r of rows) out.region.set(r.code, { id: r.id, inScope: r.inScope });
  }
  for (const part of chunks([...codes.enterprise], LOOKUP_BATCH)) {
    const rows = await db
      .select({ id: enterprises.id, code: enterprises.creditCode, regionId: enterprises.regionId, inScope: scope(enterprises.regionId) })
      .from(enterprises)
      .where(sql`${enterprises.creditCode} IN (SELECT unnest(${`{${part.join(',')}}`}::text[]))`);
    for (const r of rows) out.enterprise.set(r.code, { id: r.id, regionId: r.regionId, inScope: r.inScope && (!p.enterpriseId || r.id === p.enterpriseId) });
  }
  for (const part of chunks([...codes.person], LOOKUP_BATCH)) {
    const rows = await db
      .select({ id: personnel.id, code: personnel.idNumber, enterpriseId: personnel.enterpriseId, inScope: scope(personnel.regionId) })
      .from(personnel)
      .where(sql`${personnel.idNumber} IN (SELECT unnest(${`{${part.join(',')}}`}::text[]))`);
    for (const r of rows) out.person.set(r.code, { id: r.id, enterpriseId: r.enterpriseId, inScope: r.inScope });
  }
  return out;
}

const TARGET_ORDER: Record<RefDef['target'], number> = { region: 0, enterprise: 1, person: 2 };
const WHAT: Record<RefDef['target'], string> = { region: 'entity.region', enterprise: 'entity.enterprise', person: 'entity.person' };

/** Codes only hold letters, digits and X: anything else cannot match and must not reach the array literal. */
const CODE = /^[0-9A-Z]{1,32}$/;

/**
 * Check the whole file. Never writes. `onProgress` is called every few thousand rows with the
 * number of rows read so far.
 */
export async function validateImport(
  db: Executor,
  p: Principal,
  def: KindDef,
  file: Buffer,
  onProgress: (validated: number) => Promise<void> | void = () => undefined,
): Promise<Validation> {
  const headers = headerOf(def);
  const sheet = await openSheet(file, readColumns(def));
  const ownEnterprise = p.enterpriseId && def.enterpriseColumn && def.enterpriseColumn !== 'id' ? def.enterpriseColumn : null;
  const present = new Set(sheet.present);
  const missing = kindColumns(def).filter((c) => c.required && !present.has(c.key) && c.key !== ownEnterprise);
  if (missing.length) throw new ExcelFileError('excel.missingColumns', { columns: missing.map((c) => c.header).join('、') });
  if (ownEnterprise) present.add(ownEnterprise);

  const candidates: (ValidRow & { codes: Partial<Record<string, string | typeof NONE>> })[] = [];
  const badRows = new Map<number, ImportRowError>();
  const seen = new Map<string, number>();
  const codes: Codes = { region: new Set(), enterprise: new Set(), person: new Set() };
  const fail = (row: number, field: string, key: string, params?: Record<string, unknown>) => {
    const e = badRows.get(row) ?? { row, errors: [] };
    e.errors.push({ field, column: headers.get(field) ?? field, key, ...(params ? { params } : {}) });
    badRows.set(row, e);
  };

  let total = 0;
  for await (const { row, cells } of sheet.rows) {
    total++;
    const input = cellsToInput(def, cells);
    if (ownEnterprise && (input[ownEnterprise] === undefined || input[ownEnterprise] === null)) input[ownEnterprise] = NONE;
    const { values, errors } = checkFields(def, input, false);
    for (const e of errors) fail(row, e.path, e.key, e.params);
    normalise(def, values);
    const rowCodes: Record<string, string | typeof NONE> = {};
    for (const ref of def.refs) {
      const v = values[ref.key];
      if (v === NONE) rowCodes[ref.key] = NONE;
      else if (typeof v === 'string') {
        if (!CODE.test(v)) fail(row, ref.key, 'import.refUnknown', { whatKey: WHAT[ref.target], code: v });
        else {
          codes[ref.target].add(v);
          rowCodes[ref.key] = v;
        }
      }
    }
    const nk = naturalKeyOf(def, values);
    if (nk !== null) {
      const first = seen.get(nk);
      if (first !== undefined) fail(row, def.naturalKey[0]!, 'import.duplicateInFile', { row: first });
      else seen.set(nk, row);
    }
    candidates.push({ row, values, codes: rowCodes });
    if (total % 1_000 === 0) await onProgress(total);
  }
  if (total === 0) throw new ExcelFileError('excel.empty');

  // References by natural key, inside the caller's scope; every row, so a bad row shows all its faults.
  const found = await lookUpCodes(db, p, codes);
  const resolved: ValidRow[] = [];
  // Enterprises before people: a person must belong to the row's enterprise.
  const refs = [...def.refs].sort((a, b) => TARGET_ORDER[a.target] - TARGET_ORDER[b.target]);
  for (const c of candidates) {
    let ok = true;
    for (const ref of refs) {
      const code = c.codes[ref.key];
      if (code === undefined) continue;
      if (code === NONE) {
        c.values[ref.key] = p.enterpriseId;
        if (ref.regionFromTarget) ok = (await ownRegion(db, p, c.values)) && ok;
        continue;
      }
      const hit = found[ref.target].get(code);
      if (!hit) {
        fail(c.row, ref.key, 'import.refUnknown', { whatKey: WHAT[ref.target], code });
        ok = false;
      } else if (!hit.inScope || (ref.target === 'person' && typeof c.values.enterpriseId === 'string' && hit.enterpriseId !== c.values.enterpriseId)) {
        fail(c.row, ref.key, 'import.refOutside', { whatKey: WHAT[ref.target], code });
        ok = false;
      } else {
        c.values[ref.key] = hit.id;
        if (ref.regionFromTarget && hit.regionId) c.values.regionId = hit.regionId;
      }
    }
    if (ok) resolved.push({ row: c.row, values: c.values });
  }

  // Records with the same natural key that the caller may not see: never overwritten.
  const outside = await existingOutsideScope(db, p, def, resolved);
  for (const v of resolved) {
    const nk = naturalKeyOf(def, v.values);
    if (nk !== null && outside.has(nk)) fail(v.row, def.naturalKey[0]!, 'registry.outsideScope');
  }
  const importable = resolved.filter((v) => !badRows.has(v.row));
  await onProgress(total);
  const bad = [...badRows.values()].sort((a, b) => a.row - b.row);
  // Kinds whose region comes from their enterprise update it with the enterprise.
  if (def.refs.some((r) => r.regionFromTarget && present.has(r.key))) present.add('regionId');
  return { present: [...present], valid: importable, bad, total };
}

/** The account's own enterprise gives the region of kinds that take it from the enterprise. */
const ownRegionCache = new WeakMap<Principal, string | null>();
async function ownRegion(db: Executor, p: Principal, values: Record<string, unknown>): Promise<boolean> {
  if (!ownRegionCache.has(p)) {
    const [e] = await db.select({ regionId: enterprises.regionId }).from(enterprises).where(sql`${enterprises.id} = ${p.enterpriseId}`);
    ownRegionCache.set(p, e?.regionId ?? null);
  }
  const regionId = ownRegionCache.get(p);
  if (regionId) values.regionId = regionId;
  return Boolean(regionId);
}

async function existingOutsideScope(db: Executor, p: Principal, def: KindDef, rows: ValidRow[]): Promise<Set<string>> {
  const out = new Set<string>();
  const keys = rows.map((r) => naturalKeyOf(def, r.values)).filter((k): k is string => k !== null);
  for (const part of chunks(keys, LOOKUP_BATCH)) {
    const hits = await db
      .select(Object.fromEntries(def.naturalKey.map((k) => [k, col(def, k)])) as Record<string, AnyPgColumn>)
      .from(def.table)
      .where(sql`${naturalKeyIn(def, part)} AND NOT (${registryScope(p, def)})`);
    for (const h of hits) out.add(naturalKeyOf(def, h)!);
  }
  return out;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return b === undefined || b === null;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/**
 * INSERT … SELECT FROM jsonb_to_recordset(one JSON parameter) … ON CONFLICT (natural key) DO
 * UPDATE: one parameter per batch instead of one per value, so thousands of rows cost one parse.
 */
function upsertStatement(p: Principal, def: KindDef, keys: string[], updatable: string[], rows: ValidRow[]): SQL {
  const cols = getTableColumns(def.table) as Record<string, AnyPgColumn>;
  const name = (k: string) => cols[k]!.name;
  const records = JSON.stringify(rows.map((r) => Object.fromEntries(keys.map((k) => [name(k), r.values[k] ?? null]))));
  const list = sql.join(keys.map((k) => sql.identifier(name(k))), sql`, `);
  const spec = sql.join(keys.map((k) => sql`${sql.identifier(name(k))} ${sql.raw(cols[k]!.getSQLType())}`), sql`, `);
  const target = sql.join(def.naturalKey.map((k) => sql.identifier(name(k))), sql`, `);
  const set = sql.join([...updatable.map((k) => sql`${sql.identifier(name(k))} = excluded.${sql.identifier(name(k))}`), sql`${sql.identifier(name('updatedAt'))} = now()`], sql`, `);
  return sql`INSERT INTO ${def.table} (${list}) SELECT ${list} FROM jsonb_to_recordset(${records}::jsonb) AS x(${spec})
    ON CONFLICT (${target}) DO UPDATE SET ${set} WHERE ${registryScope(p, def)} RETURNING *`;
}

/**
 * Upsert the rows on their natural key in one transaction: INSERT … ON CONFLICT DO UPDATE of the
 * columns the file gives, only where the existing record is in the caller's scope (a record that
 * left the scope since validation aborts the import). Unchanged records are not touched. One
 * audit entry per created or updated record (`<kind>.import`, before and after), appended with
 * recordAuditBatch batch by batch inside the same transaction (one chain, bounded memory).
 */
export async function importRows(
  db: Db,
  p: Principal,
  def: KindDef,
  present: string[],
  rows: ValidRow[],
  onProgress: (done: number, counts: ImportCounts) => Promise<void> | void = () => undefined,
): Promise<ImportCounts> {
  const cols = getTableColumns(def.table) as Record<string, AnyPgColumn>;
  const updatable = present.filter((k) => cols[k] && !def.naturalKey.includes(k));
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  const actor = actorOf(p);
  await db.transaction(async (tx) => {
    let done = 0;
    for (const batch of chunks(rows, UPSERT_BATCH)) {
      const keys = batch.map((r) => naturalKeyOf(def, r.values)!);
      const before = new Map<string, RecordRow>();
      const existing = (await tx.select().from(def.table).where(naturalKeyIn(def, keys)).for('update')) as RecordRow[];
      for (const e of existing) before.set(naturalKeyOf(def, e)!, e);
      const changed = batch.filter((r) => {
        const b = before.get(naturalKeyOf(def, r.values)!);
        return !b || updatable.some((k) => !sameValue(b[k], r.values[k]));
      });
      counts.unchanged += batch.length - changed.length;
      if (changed.length) {
        const columns = [...new Set(changed.flatMap((r) => Object.keys(r.values)))].filter((k) => cols[k]);
        const res = await tx.execute<Record<string, unknown>>(upsertStatement(p, def, columns, updatable, changed));
        if (res.rows.length !== changed.length) throw new AppError('CONFLICT', 'registry.outsideScope');
        const entries: AuditEntry[] = res.rows.map((raw) => {
          const a = mapRaw(def, raw);
          const b = before.get(naturalKeyOf(def, a)!);
          if (b) counts.updated++;
          else counts.created++;
          return { action: `${def.kind}.import`, entityType: def.kind, entityId: a.id, regionId: a.regionId, before: b ?? null, after: a };
        });
        await recordAuditBatch(tx, actor, entries);
      }
      done += batch.length;
      await onProgress(done, counts);
    }
  });
  return counts;
}
