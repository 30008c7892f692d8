/**
 * Devices to and from Excel (R7.1 bulk import, R2.9 conventions) on src/shared/excel.ts: a
 * template with drop-downs, an export of the list, and an all-or-nothing import that reports every
 * bad row with its number and reason. Devices are matched by code (re-import updates); the bound
 * object is named as people know it: a venue by name + address, a household by address, a facility
 * by its code.
 */
import type { Writable } from 'node:stream';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { devices, facilities, households, venues } from '../db/schema/index.js';
import { KINDS } from '../registry/kinds.js';
import { registryScope } from '../registry/registry.scope.js';
import { toSubject, type Subject } from '../registry/subjects.js';
import { openSheet, writeWorkbook, type CellValue, type ExcelColumn } from '../shared/excel.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { BINDING_TYPES, DEVICE_TYPE_LABELS, DEVICE_TYPES, GAS_TYPE_LABELS, GAS_TYPES, type BindingType } from './devices.types.js';
import { deviceScope } from './devices.repository.js';
import { assertDeviceWriter, insertDevice } from './devices.service.js';

export const IMPORT_MAX_ROWS = 5000;
const BINDING_LABELS: Record<BindingType, string> = { venue: '用气场所', household: '居民用户', facility: '燃气设施' };

const COLUMNS: (ExcelColumn & { en: string })[] = [
  { key: 'code', header: '设备编码', en: 'Code', required: true, format: 'text', width: 22 },
  { key: 'type', header: '设备类型', en: 'Type', required: true, list: DEVICE_TYPES.map((t) => DEVICE_TYPE_LABELS[t].zh), width: 26 },
  { key: 'subjectType', header: '绑定对象类型', en: 'Bound to', required: true, list: BINDING_TYPES.map((b) => BINDING_LABELS[b]), width: 14 },
  { key: 'subjectName', header: '场所名称', en: 'Venue name', width: 24 },
  { key: 'subjectAddress', header: '场所/住户地址', en: 'Address', width: 36 },
  { key: 'facilityCode', header: '设施编号', en: 'Facility code', format: 'text', width: 16 },
  { key: 'location', header: '安装位置', en: 'Location', width: 20 },
  { key: 'model', header: '型号', en: 'Model', width: 14 },
  { key: 'vendor', header: '生产厂商', en: 'Vendor', width: 18 },
  { key: 'gasType', header: '适用气体', en: 'Gas type', list: GAS_TYPES.map((g) => GAS_TYPE_LABELS[g].zh), width: 12 },
  { key: 'installedOn', header: '安装日期', en: 'Installed on', format: 'date', width: 12 },
  { key: 'expiresOn', header: '有效期至', en: 'Expires on', format: 'date', width: 12 },
];

const INSTRUCTIONS = {
  title: '监测设备导入模板 填写说明',
  lines: [
    '1. 在“监测设备”工作表填写，第 1 行为表头；一行一台设备。带 * 的列必填。',
    '2. 设备编码为设备身份编码（工业互联网标识/序列号），只能含字母、数字和 . _ : -，与设备上报数据的 MQTT 主题一致；再次导入相同编码时更新原设备。',
    '3. 绑定对象：用气场所填“场所名称”和“场所/住户地址”；居民用户填“场所/住户地址”；燃气设施填“设施编号”。绑定对象须已在台账中且在您的管辖范围内。',
    '4. 日期填写为 2024-01-31。只要有一行有误，整份文件都不导入，并列出每一行的行号和原因。',
  ],
};

export async function writeDeviceTemplate(out: Writable): Promise<void> {
  await writeWorkbook(out, { sheetName: '监测设备', columns: COLUMNS, dropdowns: true, instructions: INSTRUCTIONS });
}

/** Export the devices in scope (at most 100,000). */
export async function writeDeviceExport(db: Executor, p: Principal, out: Writable): Promise<void> {
  const rows = await db.select().from(devices).where(and(deviceScope(p), eq(devices.status, 'active'))).orderBy(devices.code).limit(100_000);
  const page = rows.map((d) => ({
    code: d.code,
    type: DEVICE_TYPE_LABELS[d.type as keyof typeof DEVICE_TYPE_LABELS]?.zh ?? d.type,
    subjectType: BINDING_LABELS[d.subjectType as BindingType] ?? d.subjectType,
    subjectName: d.subjectType === 'venue' ? d.subjectName : null,
    subjectAddress: d.subjectType === 'household' ? d.subjectName : null,
    facilityCode: null,
    location: d.location,
    model: d.model,
    vendor: d.vendor,
    gasType: GAS_TYPE_LABELS[d.gasType as keyof typeof GAS_TYPE_LABELS]?.zh ?? d.gasType,
    installedOn: d.installedOn,
    expiresOn: d.expiresOn,
  }));
  await writeWorkbook(out, { sheetName: '监测设备', columns: COLUMNS, rows: [page] });
}

export interface RowError {
  row: number;
  errors: { column: string; key: string; params?: Record<string, unknown> }[];
}

const text = (v: CellValue | undefined) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim() || null);
function pick<T extends string>(v: string | null, keys: readonly T[], label: (k: T) => string): T | null | undefined {
  if (v === null) return null;
  return keys.find((k) => k === v || label(k) === v);
}

/** Read, check and (only if every row is right) import. Returns the counts or the bad rows. */
export async function importDevices(db: Db, p: Principal, file: Buffer) {
  assertDeviceWriter(p);
  const sheet = await openSheet(file, COLUMNS.map((c) => ({ key: c.key, names: [c.header, c.en] })));
  const parsed: { row: number; input: Record<string, string | null>; type: (typeof DEVICE_TYPES)[number]; binding: BindingType; gasType: (typeof GAS_TYPES)[number] }[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for await (const r of sheet.rows) {
    if (parsed.length + errors.length >= IMPORT_MAX_ROWS) {
      errors.push({ row: r.row, errors: [{ column: '', key: 'excel.tooManyRows', params: { max: IMPORT_MAX_ROWS } }] });
      break;
    }
    const c = Object.fromEntries(COLUMNS.map((col) => [col.key, text(r.cells[col.key])]));
    const errs: RowError['errors'] = [];
    const code = c.code;
    if (!code) errs.push({ column: '设备编码', key: 'field.required' });
    else if (!/^[A-Za-z0-9._:-]{1,64}$/.test(code)) errs.push({ column: '设备编码', key: 'field.invalidFormat' });
    else if (seen.has(code)) errs.push({ column: '设备编码', key: 'import.duplicateInFile', params: { row: seen.get(code) } });
    else seen.set(code, r.row);
    const type = pick(c.type ?? null, DEVICE_TYPES, (k) => DEVICE_TYPE_LABELS[k].zh);
    if (!type) errs.push({ column: '设备类型', key: type === null ? 'field.required' : 'field.invalidValue' });
    const binding = pick(c.subjectType ?? null, BINDING_TYPES, (k) => BINDING_LABELS[k]);
    if (!binding) errs.push({ column: '绑定对象类型', key: binding === null ? 'field.required' : 'field.invalidValue' });
    const gasType = pick(c.gasType ?? null, GAS_TYPES, (k) => GAS_TYPE_LABELS[k].zh);
    if (gasType === undefined) errs.push({ column: '适用气体', key: 'field.invalidValue' });
    for (const [k, h] of [['installedOn', '安装日期'], ['expiresOn', '有效期至']] as const) if (c[k] && !/^\d{4}-\d{2}-\d{2}$/.test(c[k]!)) errs.push({ column: h, key: 'field.invalidFormat' });
    if (binding === 'venue' && (!c.subjectName || !c.subjectAddress)) errs.push({ column: '场所名称', key: 'field.required' });
    if (binding === 'household' && !c.subjectAddress) errs.push({ column: '场所/住户地址', key: 'field.required' });
    if (binding === 'facility' && !c.facilityCode) errs.push({ column: '设施编号', key: 'field.required' });
    if (errs.length) errors.push({ row: r.row, errors: errs });
    else parsed.push({ row: r.row, input: c, type: type!, binding: binding!, gasType: gasType ?? 'natural_gas' });
  }
  const subjects = await findSubjects(db, p, parsed);
  for (const r of parsed) {
    if (!subjects.get(subjectKey(r.binding, r.input))) errors.push({ row: r.row, errors: [{ column: '绑定对象类型', key: 'device.subject.notFound' }] });
  }
  const existing = parsed.length ? await db.select({ code: devices.code, id: devices.id, inScope: sql<boolean>`${deviceScope(p)}` }).from(devices).where(inArray(devices.code, parsed.map((r) => r.input.code!))) : [];
  const byCode = new Map(existing.map((e) => [e.code, e]));
  for (const r of parsed) if (byCode.get(r.input.code!)?.inScope === false) errors.push({ row: r.row, errors: [{ column: '设备编码', key: 'device.code.taken' }] });
  if (errors.length) return { ok: false as const, errors: errors.sort((a, b) => a.row - b.row).slice(0, 1000), errorRows: errors.length };
  let created = 0;
  let updated = 0;
  await db.transaction(async (tx) => {
    for (const r of parsed) {
      const subject = subjects.get(subjectKey(r.binding, r.input))!;
      const b = { subject, regionId: subject.regionId, enterpriseId: p.enterpriseId ?? subject.supplierId ?? subject.enterpriseId, venueId: subject.venueId };
      const fields = { code: r.input.code!, type: r.type, subjectType: r.binding, location: r.input.location ?? null, model: r.input.model ?? null, vendor: r.input.vendor ?? null, gasType: r.gasType, installedOn: r.input.installedOn ?? null, expiresOn: r.input.expiresOn ?? null };
      const old = byCode.get(r.input.code!);
      if (old) {
        await tx.update(devices).set({ ...fields, subjectId: subject.id, subjectName: subject.name, regionId: b.regionId, enterpriseId: b.enterpriseId, venueId: b.venueId, status: 'active', updatedAt: new Date() }).where(eq(devices.id, old.id));
        updated++;
      } else {
        await insertDevice(tx, fields, b);
        created++;
      }
    }
    await recordAudit(tx, actorOf(p), { action: 'device.import', entityType: 'device', entityId: '-', regionId: p.regionId, after: { created, updated } });
  });
  return { ok: true as const, created, updated };
}

const subjectKey = (b: BindingType, c: Record<string, string | null>) => (b === 'venue' ? `v|${c.subjectName}|${c.subjectAddress}` : b === 'household' ? `h|${c.subjectAddress}` : `f|${c.facilityCode}`);

/** The bound objects named in the file, found in the caller's scope, by their natural keys. */
async function findSubjects(db: Executor, p: Principal, rows: { binding: BindingType; input: Record<string, string | null> }[]): Promise<Map<string, Subject>> {
  const out = new Map<string, Subject>();
  const of = (b: BindingType) => rows.filter((r) => r.binding === b).map((r) => r.input);
  const names = of('venue');
  if (names.length) {
    const found = await db.select().from(venues).where(and(inArray(venues.name, names.map((n) => n.subjectName!)), registryScope(p, KINDS.venue)));
    for (const v of found) out.set(`v|${v.name}|${v.address}`, toSubject('venue', v));
  }
  const addrs = of('household');
  if (addrs.length) {
    const found = await db.select().from(households).where(and(inArray(households.address, addrs.map((n) => n.subjectAddress!)), registryScope(p, KINDS.household)));
    for (const h of found) out.set(`h|${h.address}`, toSubject('household', h));
  }
  const fcodes = of('facility');
  if (fcodes.length) {
    const found = await db.select().from(facilities).where(and(inArray(facilities.code, fcodes.map((n) => n.facilityCode!)), registryScope(p, KINDS.facility)));
    for (const f of found) out.set(`f|${f.code}`, toSubject('facility', f));
  }
  return out;
}
