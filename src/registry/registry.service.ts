import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { auditLog, enterprises, personnel, regions } from '../db/schema/index.js';
import { AppError, forbidden, invalidFields, notFound, type FieldError } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { offsetOf } from '../shared/pagination.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope, loadRegionInScope } from '../shared/scope.js';
import { maskIdNumber, maskPersonName, maskPhone } from '../shared/validation.js';
import { checkValue, type FieldDef } from './fields.js';
import type { KindDef } from './kinds.js';
import { isAgeing, licenceState, searchPattern } from './registry.rules.js';
import { col, registryScope } from './registry.scope.js';
import { supplyStateOf } from '../hazards/enforcement.queries.js';

export type RecordRow = Record<string, unknown> & { id: string; regionId: string };

/** Counting stops here: lists show "10000+" rather than scanning a whole city for an exact number. */
export const COUNT_CAP = 10_000;

export function maskValue(f: FieldDef, v: unknown): unknown {
  if (typeof v !== 'string') return v;
  switch (f.personal) {
    case 'phone':
      return maskPhone(v);
    case 'idNumber':
      return maskIdNumber(v);
    case 'name':
      return maskPersonName(v);
    default:
      return v;
  }
}

export interface RefNames {
  regions: Map<string, { name: string; code: string }>;
  enterprises: Map<string, { name: string; creditCode: string }>;
  persons: Map<string, { name: string; idNumber: string }>;
}

/** Load the display names of every record a page of rows refers to, in three queries. */
export async function loadRefNames(db: Executor, def: KindDef, rows: RecordRow[]): Promise<RefNames> {
  const ids = { region: new Set<string>(), enterprise: new Set<string>(), person: new Set<string>() };
  for (const r of rows) {
    ids.region.add(r.regionId);
    for (const ref of def.refs) {
      const v = r[ref.key];
      if (typeof v === 'string') ids[ref.target].add(v);
    }
  }
  const [rs, es, ps] = await Promise.all([
    ids.region.size ? db.select({ id: regions.id, name: regions.name, code: regions.code }).from(regions).where(inArray(regions.id, [...ids.region])) : [],
    ids.enterprise.size ? db.select({ id: enterprises.id, name: enterprises.name, creditCode: enterprises.creditCode }).from(enterprises).where(inArray(enterprises.id, [...ids.enterprise])) : [],
    ids.person.size ? db.select({ id: personnel.id, name: personnel.name, idNumber: personnel.idNumber }).from(personnel).where(inArray(personnel.id, [...ids.person])) : [],
  ]);
  return {
    regions: new Map(rs.map((r) => [r.id, r])),
    enterprises: new Map(es.map((e) => [e.id, e])),
    persons: new Map(ps.map((x) => [x.id, x])),
  };
}

/** A record as the API shows it: personal data masked, references with their names, derived states. */
export function presentRecord(def: KindDef, r: RecordRow, names: RefNames, today: string, opts: { unmasked?: boolean } = {}) {
  const out: Record<string, unknown> = { id: r.id, regionId: r.regionId, regionName: names.regions.get(r.regionId)?.name ?? null, regionCode: names.regions.get(r.regionId)?.code ?? null };
  for (const f of def.fields) out[f.key] = opts.unmasked ? r[f.key] : maskValue(f, r[f.key]);
  for (const ref of def.refs) {
    if (ref.key === 'regionId') continue;
    const v = r[ref.key] as string | null | undefined;
    out[ref.key] = v ?? null;
    const base = ref.key.replace(/Id$/, '');
    if (ref.target === 'enterprise') out[`${base}Name`] = v ? (names.enterprises.get(v)?.name ?? null) : null;
    if (ref.target === 'person') out[`${base}Name`] = v ? (names.persons.get(v)?.name ?? null) : null;
    if (ref.target === 'region') out[`${base}Name`] = v ? (names.regions.get(v)?.name ?? null) : null;
  }
  if (def.kind === 'licence') out.validity = licenceState(String(r.status), (r.validUntil as string | null) ?? null, today);
  if (def.kind === 'facility') out.ageing = isAgeing(String(r.kind), (r.material as string | null) ?? null, (r.laidYear as number | null) ?? null, Number(today.slice(0, 4)));
  out.createdAt = r.createdAt;
  out.updatedAt = r.updatedAt;
  return out;
}

export interface ListQuery {
  regionId?: string | undefined;
  q?: string | undefined;
  filters: Record<string, string | boolean>;
  validity?: 'expired' | 'due' | 'valid' | undefined;
  sort?: string | undefined;
  order?: 'asc' | 'desc' | undefined;
  page: number;
  pageSize: number;
}

export async function buildListWhere(db: Executor, p: Principal, def: KindDef, q: Omit<ListQuery, 'page' | 'pageSize' | 'sort' | 'order'>, today: string): Promise<SQL> {
  const conds: (SQL | undefined)[] = [registryScope(p, def)];
  if (q.regionId) {
    const r = await loadRegionInScope(db, p, q.regionId);
    conds.push(sql`${col(def, 'regionId')} IN (SELECT id FROM regions WHERE path LIKE ${r.path + '%'})`);
  }
  // Equality filters before the text search: PostgreSQL checks equal-cost conditions in the order given.
  for (const [key, value] of Object.entries(q.filters)) conds.push(eq(col(def, key), value));
  if (q.q?.trim()) {
    const pattern = searchPattern(q.q);
    // Same expression as the trigram index of the table (see db/schema), so the index is used.
    const text = def.search.length === 1 ? col(def, def.search[0]!) : sql`(${sql.join(def.search.map((k) => col(def, k)), sql` || ' ' || `)})`;
    // ILIKE lower-cases every candidate row; a term without cased letters (Chinese, digits) matches
    // exactly the same rows with LIKE, about 3× faster (bench/README.md). Both use the trigram index.
    const caseless = pattern.toLowerCase() === pattern.toUpperCase();
    conds.push(caseless ? sql`${text} LIKE ${pattern}` : sql`${text} ILIKE ${pattern}`);
  }
  if (def.kind === 'licence' && q.validity) {
    const until = col(def, 'validUntil');
    if (q.validity === 'expired') conds.push(sql`${until} < ${today}::date`);
    if (q.validity === 'due') conds.push(sql`${until} >= ${today}::date AND ${until} <= ${today}::date + 90`);
    if (q.validity === 'valid') conds.push(sql`(${until} IS NULL OR ${until} > ${today}::date + 90)`);
  }
  return and(...conds)!;
}

export async function listRecords(db: Executor, p: Principal, def: KindDef, q: ListQuery, today: string) {
  const where = await buildListWhere(db, p, def, q, today);
  const sortable = new Set(['createdAt', 'updatedAt', ...def.fields.filter((f) => f.list).map((f) => f.key)]);
  const sortCol = col(def, q.sort && sortable.has(q.sort) ? q.sort : 'createdAt');
  const idCol = col(def, 'id');
  const from = offsetOf(q);
  // One pass over the matches that stops after COUNT_CAP + 1 gives the capped count and, when it
  // saw every match, the page's ids sorted among them. Only a list longer than the cap is paged by
  // an ordered scan (newest first), which is quick because its matches are dense: a sparse search
  // is never answered by walking the order index row by row (bench/README.md).
  const head = await db.execute<{ n: number; ids: string[] | null }>(sql`
    WITH m AS MATERIALIZED (SELECT ${idCol} AS id, ${sortCol} AS s FROM ${def.table} WHERE ${where} LIMIT ${COUNT_CAP + 1})
    SELECT c.n, CASE WHEN c.n <= ${COUNT_CAP} THEN (
             SELECT (array_agg(m.id::text ORDER BY m.s ${q.order === 'asc' ? sql`ASC` : sql`DESC`}, m.id))[${from + 1}::int:${from + q.pageSize}::int] FROM m
           ) END AS ids
    FROM (SELECT count(*)::int AS n FROM m) c`);
  const n = Number(head.rows[0]?.n ?? 0);
  let rows: RecordRow[];
  if (n <= COUNT_CAP) {
    const ids = head.rows[0]?.ids ?? [];
    const found = ids.length ? ((await db.select().from(def.table).where(inArray(idCol, ids))) as RecordRow[]) : [];
    const byId = new Map(found.map((r) => [r.id, r]));
    rows = ids.flatMap((id) => byId.get(id) ?? []);
  } else {
    const orderBy = q.order === 'asc' ? asc(sortCol) : desc(sortCol);
    rows = (await db.select().from(def.table).where(where).orderBy(orderBy, asc(idCol)).limit(q.pageSize).offset(from)) as RecordRow[];
  }
  const names = await loadRefNames(db, def, rows);
  const supply = await supplyStateOf(db, def.kind, rows.map((r) => r.id));
  return {
    items: rows.map((r) => ({ ...presentRecord(def, r, names, today), ...supply(r.id) })),
    total: Math.min(n, COUNT_CAP),
    totalCapped: n > COUNT_CAP,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function loadRecord(db: Executor, p: Principal, def: KindDef, id: string): Promise<RecordRow> {
  const [row] = await db.select().from(def.table).where(and(eq(col(def, 'id'), id), registryScope(p, def)));
  if (!row) throw notFound(`registry.kind.${def.kind}`);
  return row as RecordRow;
}

export async function getRecord(db: Executor, p: Principal, def: KindDef, id: string, today: string) {
  const row = await loadRecord(db, p, def, id);
  const names = await loadRefNames(db, def, [row]);
  const history = await db
    .select({ id: auditLog.id, at: auditLog.at, actor: auditLog.actorLabel, action: auditLog.action, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, def.kind), eq(auditLog.entityId, id)))
    .orderBy(desc(auditLog.id))
    .limit(200);
  // History shows personal data masked too: the values are in before/after.
  const maskJson = (v: unknown) => {
    if (!v || typeof v !== 'object') return v;
    const o = { ...(v as Record<string, unknown>) };
    for (const f of def.fields) if (f.personal && f.key in o) o[f.key] = maskValue(f, o[f.key]);
    return o;
  };
  const supply = await supplyStateOf(db, def.kind, [row.id]);
  return { record: { ...presentRecord(def, row, names, today), ...supply(row.id) }, history: history.map((h) => ({ ...h, before: maskJson(h.before), after: maskJson(h.after) })) };
}

export type RecordInput = Record<string, unknown>;

/** Check every field and reference of an input; returns the values to store or the field errors. */
export function checkFields(def: KindDef, input: RecordInput, partial: boolean): { values: Record<string, unknown>; errors: FieldError[] } {
  const values: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const f of def.fields) {
    if (partial && !(f.key in input)) continue;
    const res = checkValue(f, input[f.key]);
    if (res.ok) {
      if (res.value !== null || f.key in input || !partial) values[f.key] = res.value;
    } else errors.push({ path: f.key, key: res.key, params: res.params });
  }
  for (const ref of def.refs) {
    if (partial && !(ref.key in input)) continue;
    const v = input[ref.key];
    if (v === undefined || v === null || v === '') {
      if (ref.required) errors.push({ path: ref.key, key: 'field.required' });
      else values[ref.key] = null;
    } else values[ref.key] = v;
  }
  return { values, errors };
}

/** References must exist and lie in the caller's scope; enterprise accounts write only their own. */
export async function resolveRefs(tx: Executor, p: Principal, def: KindDef, values: Record<string, unknown>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (p.enterpriseId && def.enterpriseColumn && def.enterpriseColumn !== 'id') {
    const v = values[def.enterpriseColumn];
    if (v !== undefined && v !== p.enterpriseId) errors.push({ path: def.enterpriseColumn, key: 'account.scope.outside', params: { what: '企业' } });
  }
  for (const ref of def.refs) {
    const v = values[ref.key];
    if (typeof v !== 'string') continue;
    if (ref.target === 'region') {
      const [r] = await tx.select({ id: regions.id, status: regions.status }).from(regions).where(and(eq(regions.id, v), sql`${regions.path} LIKE ${p.regionPath + '%'}`));
      if (!r) errors.push({ path: ref.key, key: 'account.scope.outside', params: { what: '区域' } });
    } else if (ref.target === 'enterprise') {
      const [e] = await tx.select({ id: enterprises.id, regionId: enterprises.regionId }).from(enterprises).where(and(eq(enterprises.id, v), inRegionScope(p, enterprises.regionId)));
      if (!e) errors.push({ path: ref.key, key: 'account.scope.outside', params: { what: '企业' } });
      else if (ref.regionFromTarget) values.regionId = e.regionId;
    } else {
      const [x] = await tx.select({ id: personnel.id, enterpriseId: personnel.enterpriseId }).from(personnel).where(and(eq(personnel.id, v), inRegionScope(p, personnel.regionId)));
      if (!x || (typeof values.enterpriseId === 'string' && x.enterpriseId !== values.enterpriseId)) {
        errors.push({ path: ref.key, key: 'account.scope.outside', params: { what: '人员' } });
      }
    }
  }
  return errors;
}

export function assertWriter(p: Principal, def: KindDef) {
  if (p.role === 'machine' || !def.writers.includes(p.role)) throw forbidden();
}

/** The natural key is taken: say which fields, as a 409 the form can show. */
async function assertNaturalKeyFree(tx: Executor, def: KindDef, values: Record<string, unknown>, exceptId?: string) {
  if (!def.naturalKey.every((k) => k in values)) return;
  const conds = def.naturalKey.map((k) => eq(col(def, k), values[k] as string));
  if (exceptId) conds.push(sql`${col(def, 'id')} <> ${exceptId}`);
  const [dup] = await tx.select({ id: col(def, 'id') }).from(def.table).where(and(...conds)).limit(1);
  if (dup) throw new AppError('CONFLICT', 'registry.duplicate', {}, def.naturalKey.map((k) => ({ path: k, key: 'registry.duplicate' })));
}

export async function createRecord(db: Db, p: Principal, def: KindDef, input: RecordInput, today: string) {
  assertWriter(p, def);
  if (p.enterpriseId && def.enterpriseColumn && def.enterpriseColumn !== 'id' && input[def.enterpriseColumn] === undefined) {
    input = { ...input, [def.enterpriseColumn]: p.enterpriseId };
  }
  const { values, errors } = checkFields(def, input, false);
  if (errors.length) throw invalidFields(errors);
  return db.transaction(async (tx) => {
    const refErrors = await resolveRefs(tx, p, def, values);
    if (refErrors.length) throw invalidFields(refErrors);
    if (typeof values.regionId !== 'string') throw invalidFields([{ path: 'regionId', key: 'field.required' }]);
    await assertNaturalKeyFree(tx, def, values);
    const [row] = (await tx.insert(def.table).values(values as never).returning()) as RecordRow[];
    await recordAudit(tx, actorOf(p), { action: `${def.kind}.create`, entityType: def.kind, entityId: row!.id, regionId: row!.regionId, after: row });
    const names = await loadRefNames(tx, def, [row!]);
    return presentRecord(def, row!, names, today);
  });
}

export async function updateRecord(db: Db, p: Principal, def: KindDef, id: string, input: RecordInput, today: string) {
  assertWriter(p, def);
  const { values, errors } = checkFields(def, input, true);
  if (errors.length) throw invalidFields(errors);
  return db.transaction(async (tx) => {
    const before = await loadRecord(tx, p, def, id);
    const refErrors = await resolveRefs(tx, p, def, values);
    if (refErrors.length) throw invalidFields(refErrors);
    await assertNaturalKeyFree(tx, def, { ...pick(before, def.naturalKey), ...values }, id);
    const [after] = (await tx
      .update(def.table)
      .set({ ...values, updatedAt: new Date() } as never)
      .where(eq(col(def, 'id'), id))
      .returning()) as RecordRow[];
    await recordAudit(tx, actorOf(p), { action: `${def.kind}.update`, entityType: def.kind, entityId: id, regionId: after!.regionId, before, after });
    const names = await loadRefNames(tx, def, [after!]);
    return presentRecord(def, after!, names, today);
  });
}

function pick(r: RecordRow, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, r[k]]));
}

/** Roles that may see unmasked personal data, one value at a time, each access audited. */
const REVEAL_ROLES = new Set(['platform_admin', 'task_force', 'dept_officer', 'town_officer', 'enterprise_admin']);

export async function revealField(db: Db, p: Principal, def: KindDef, id: string, field: string) {
  const f = def.fields.find((x) => x.key === field && x.personal);
  if (!f) throw invalidFields([{ path: 'field', key: 'field.invalidValue' }]);
  if (p.role === 'machine' || !REVEAL_ROLES.has(p.role)) throw forbidden();
  return db.transaction(async (tx) => {
    const row = await loadRecord(tx, p, def, id);
    await recordAudit(tx, actorOf(p), { action: 'personal_data.reveal', entityType: def.kind, entityId: id, regionId: row.regionId, after: { field } });
    return { field, value: row[field] ?? null };
  });
}

