/**
 * Excel for the cylinder registry (R6.1, R2.9, R11.2) on the shared Excel module: a template
 * (text-formatted code columns, drop-downs, 填写说明), the import — every row checked first, a
 * file with any bad row imports nothing and answers each bad row with its Excel row number and
 * reason — and the export of a filtered list. The registry's generic import (kinds.ts) describes
 * registry kinds only; a cylinder has its own rules (codes, model defaults, dates), so this is a
 * small importer of its own.
 */
import type { Writable } from 'node:stream';
import { and, asc, eq, gt, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { cylinders, enterprises, regions } from '../db/schema/index.js';
import { ExcelFileError, openSheet, writeWorkbook, type CellValue, type ExcelColumn } from '../shared/excel.js';
import { AppError } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import { t, type Locale } from '../shared/i18n.js';
import type { Principal } from '../shared/principal.js';
import { inRegionScope } from '../shared/scope.js';
import { codeProblem, normaliseCode } from './codes.js';
import { createBody } from './cylinders.schema.js';
import { cylinderValues, insertCylinders, issueCodes, presentCylinder, type NewCylinder } from './cylinders.service.js';
import { CYLINDER_MODELS, MODEL_KEYS, STATE_LABELS, type CylinderState } from './models.js';
import type { CylinderSettings } from './settings.js';

export const IMPORT_MAX_ROWS = 50_000;

const COLUMNS: (ExcelColumn & { names: string[] })[] = [
  { key: 'code', header: '气瓶编码', format: 'text', width: 22, names: ['编码', 'code'] },
  { key: 'ownerCreditCode', header: '产权单位统一社会信用代码', format: 'text', width: 24, names: ['产权单位', 'owner'] },
  { key: 'maker', header: '制造单位', required: true, width: 24, names: ['maker'] },
  { key: 'serialNumber', header: '出厂编号', required: true, format: 'text', width: 16, names: ['serial', 'serialNumber'] },
  { key: 'model', header: '型号', required: true, list: MODEL_KEYS, width: 14, names: ['model'] },
  { key: 'waterVolumeL', header: '公称容积（升）', format: 'number', names: ['容积', 'waterVolumeL'] },
  { key: 'allowableFillKg', header: '允许充装量（千克）', format: 'number', names: ['充装量', 'allowableFillKg'] },
  { key: 'manufactureDate', header: '制造日期', required: true, format: 'text', width: 14, names: ['manufactureDate'] },
  { key: 'designLifeYears', header: '设计使用年限（年）', format: 'number', names: ['设计年限', 'designLifeYears'] },
  { key: 'registrationNo', header: '使用登记证编号', format: 'text', width: 18, names: ['registrationNo'] },
  { key: 'lastInspectionDate', header: '上次检验日期', format: 'text', width: 14, names: ['lastInspectionDate'] },
  { key: 'nextInspectionDate', header: '下次检验日期', format: 'text', width: 14, names: ['nextInspectionDate'] },
  { key: 'refurbished', header: '翻新', list: ['否', '是'], names: ['refurbished'] },
  { key: 'grai', header: 'GRAI', format: 'text', width: 30, names: ['grai'] },
];

export async function writeTemplate(out: Writable, s: CylinderSettings): Promise<void> {
  await writeWorkbook(out, {
    sheetName: '气瓶',
    columns: COLUMNS,
    dropdowns: true,
    instructions: {
      title: '气瓶建档导入说明（一瓶一码）',
      lines: [
        '1. 第一行为表头，请勿修改；从第二行起每行一只气瓶。带 * 的列必填。',
        '2. 气瓶编码：填写气瓶已有的二维码/电子标识编码（4–40 位数字、大写字母或“-”）；不填则由平台赋码（QP + 区县代码 + 8 位序号 + 校验位）。编码终身唯一，报废后也不再启用。',
        '3. 产权单位：企业账号导入时可不填（即本企业）；政府账号须填写产权单位的统一社会信用代码。',
        `4. 型号：${MODEL_KEYS.map((k) => `${k} = ${CYLINDER_MODELS[k].label.zh}`).join('；')}。容积、允许充装量不填时按型号取值。`,
        `5. 日期格式 2024-01-31；制造日期可只填年月（2024-01）。设计使用年限不填按 ${s.defaultDesignLifeYears} 年；下次检验日期不填 = 上次检验日期（无则制造日期）+ ${s.inspectionIntervalYears} 年。`,
        `6. 有任何一行错误时整个文件都不导入，请按“错误原因”修改后重新上传；每次最多 ${IMPORT_MAX_ROWS} 行。`,
      ],
      example: { code: '', ownerCreditCode: '91500111MA5U3C8A0M', maker: '重庆某某钢瓶制造有限公司', serialNumber: '2301234', model: 'YSP-15', manufactureDate: '2023-01', refurbished: '否' },
    },
  });
}

export interface ImportRowProblem {
  row: number;
  errors: { column: string; message: string }[];
}

const asText = (v: CellValue): string | undefined => {
  if (v === null) return undefined;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim() || undefined;
};
const asNumber = (v: CellValue): number | undefined | typeof NaN => (v === null ? undefined : typeof v === 'number' ? v : Number(String(v).trim()));
const asBool = (v: CellValue): boolean | undefined => (v === null ? undefined : v === true || ['是', 'true', '1', 'yes', 'Y'].includes(String(v).trim()));
const asModel = (v: CellValue) => {
  const s = asText(v);
  if (!s) return undefined;
  const key = MODEL_KEYS.find((k) => k === s.toUpperCase() || CYLINDER_MODELS[k].label.zh === s);
  return key ?? s;
};

/**
 * Import an xlsx of cylinders: all rows or none. Answers `{ status: 'done', created }` or
 * `{ status: 'invalid', total, errors: [{ row, errors: [{ column, message }] }] }`.
 */
export async function importCylinders(db: Db, p: Principal, file: Buffer, now: Date, today: string, s: CylinderSettings, locale: Locale) {
  const sheet = await openSheet(file, COLUMNS.map((c) => ({ key: c.key, names: [c.header, ...c.names] })));
  const header = new Map(COLUMNS.map((c) => [c.key, c.header]));
  const problems: ImportRowProblem[] = [];
  const parsed: { row: number; code: string | null; owner: string | null; input: ReturnType<typeof createBody.parse> }[] = [];
  for await (const r of sheet.rows) {
    if (parsed.length + problems.length >= IMPORT_MAX_ROWS) throw new ExcelFileError('cylinder.import.tooManyRows', { max: IMPORT_MAX_ROWS });
    const c = r.cells;
    const raw = {
      maker: asText(c.maker ?? null),
      serialNumber: asText(c.serialNumber ?? null),
      model: asModel(c.model ?? null),
      waterVolumeL: asNumber(c.waterVolumeL ?? null),
      allowableFillKg: asNumber(c.allowableFillKg ?? null),
      manufactureDate: asText(c.manufactureDate ?? null),
      designLifeYears: asNumber(c.designLifeYears ?? null),
      registrationNo: asText(c.registrationNo ?? null),
      lastInspectionDate: asText(c.lastInspectionDate ?? null),
      nextInspectionDate: asText(c.nextInspectionDate ?? null),
      refurbished: asBool(c.refurbished ?? null),
      grai: asText(c.grai ?? null),
    };
    const errors: ImportRowProblem['errors'] = [];
    const res = createBody.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
    const code = asText(c.code ?? null) ? normaliseCode(asText(c.code ?? null)!) : null;
    if (code && codeProblem(code)) errors.push({ column: header.get('code')!, message: t(locale, codeProblem(code) === 'check' ? 'cylinder.code.check' : 'cylinder.code.format') });
    if (!res.success) {
      for (const issue of res.error.issues) errors.push({ column: header.get(String(issue.path[0])) ?? String(issue.path[0]), message: t(locale, issue.code === 'invalid_type' && issue.input === undefined ? 'field.required' : 'field.invalidValue') });
    } else {
      try {
        cylinderValues(res.data, s, today);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        for (const f of e.fields) errors.push({ column: header.get(f.path) ?? f.path, message: t(locale, f.key, f.params) });
      }
    }
    const owner = asText(c.ownerCreditCode ?? null)?.toUpperCase() ?? null;
    if (!owner && !p.enterpriseId) errors.push({ column: header.get('ownerCreditCode')!, message: t(locale, 'field.required') });
    if (errors.length) problems.push({ row: r.row, errors });
    else parsed.push({ row: r.row, code, owner, input: res.data! });
  }
  if (problems.length + parsed.length === 0) throw new ExcelFileError('excel.empty');

  // Owners by credit code, in the caller's scope (an enterprise account: only itself).
  const creditCodes = [...new Set(parsed.map((x) => x.owner).filter((x): x is string => x !== null))];
  const owners = new Map<string, { id: string; regionId: string; regionCode: string; creditCode: string }>();
  for (let i = 0; i < creditCodes.length; i += 5000) {
    const rows = await db
      .select({ id: enterprises.id, regionId: enterprises.regionId, regionCode: regions.code, creditCode: enterprises.creditCode })
      .from(enterprises)
      .innerJoin(regions, eq(regions.id, enterprises.regionId))
      .where(and(inArray(enterprises.creditCode, creditCodes.slice(i, i + 5000)), inRegionScope(p, enterprises.regionId), p.enterpriseId ? eq(enterprises.id, p.enterpriseId) : undefined));
    for (const o of rows) owners.set(o.creditCode, o);
  }
  let own: { id: string; regionId: string; regionCode: string } | undefined;
  if (p.enterpriseId) {
    [own] = await db.select({ id: enterprises.id, regionId: enterprises.regionId, regionCode: regions.code }).from(enterprises).innerJoin(regions, eq(regions.id, enterprises.regionId)).where(eq(enterprises.id, p.enterpriseId));
  }
  const seen = new Map<string, number>();
  const codes = parsed.map((x) => x.code).filter((x): x is string => x !== null);
  const taken = new Set<string>();
  for (let i = 0; i < codes.length; i += 5000) {
    for (const r of await db.select({ code: cylinders.code }).from(cylinders).where(inArray(cylinders.code, codes.slice(i, i + 5000)))) taken.add(r.code);
  }
  const ready: { row: number; code: string | null; owner: { id: string; regionId: string; regionCode: string }; input: (typeof parsed)[number]['input'] }[] = [];
  for (const x of parsed) {
    const errors: ImportRowProblem['errors'] = [];
    const owner = x.owner ? owners.get(x.owner) : own;
    if (!owner) errors.push({ column: header.get('ownerCreditCode')!, message: t(locale, 'cylinder.import.owner', { code: x.owner ?? '' }) });
    if (x.code) {
      const first = seen.get(x.code);
      if (first) errors.push({ column: header.get('code')!, message: t(locale, 'cylinder.import.duplicate', { row: first }) });
      else seen.set(x.code, x.row);
      if (taken.has(x.code)) errors.push({ column: header.get('code')!, message: t(locale, 'cylinder.import.taken') });
    }
    if (errors.length) problems.push({ row: x.row, errors });
    else ready.push({ ...x, owner: owner! });
  }
  if (problems.length) {
    problems.sort((a, b) => a.row - b.row);
    return { status: 'invalid' as const, total: parsed.length + problems.length, invalidRows: problems.length, errors: problems.slice(0, 5000) };
  }
  const created = await db.transaction(async (tx) => {
    const rows: NewCylinder[] = [];
    const needCodes = new Map<string, number>();
    for (const x of ready) if (!x.code) needCodes.set(x.owner.regionCode, (needCodes.get(x.owner.regionCode) ?? 0) + 1);
    const issued = new Map<string, string[]>();
    for (const [rc, n] of needCodes) issued.set(rc, await issueCodes(tx, rc, n));
    for (const x of ready) {
      const code = x.code ?? issued.get(x.owner.regionCode)!.shift()!;
      rows.push({ ...cylinderValues(x.input, s, today), code, regionId: x.owner.regionId, ownerEnterpriseId: x.owner.id });
    }
    return insertCylinders(tx, actorOf(p), rows, now, 'import');
  });
  return { status: 'done' as const, total: created.length, created: created.length, codes: created.slice(0, 1000).map((c) => c.code) };
}

/** Stream a filtered list as xlsx (at most `max` rows; keyset pages by id). */
export async function writeExport(out: Writable, db: Db, where: SQL, today: string, s: CylinderSettings, max = 200_000): Promise<void> {
  const columns: ExcelColumn[] = [
    { key: 'code', header: '气瓶编码', format: 'text', width: 22 },
    { key: 'ownerName', header: '产权单位', width: 28 },
    { key: 'maker', header: '制造单位', width: 24 },
    { key: 'serialNumber', header: '出厂编号', format: 'text' },
    { key: 'modelLabel', header: '型号', width: 24 },
    { key: 'allowableFillKg', header: '允许充装量（千克）', format: 'number' },
    { key: 'manufactureDate', header: '制造日期' },
    { key: 'designLifeEnds', header: '设计使用年限至' },
    { key: 'lastInspectionDate', header: '上次检验日期' },
    { key: 'nextInspectionDate', header: '下次检验日期' },
    { key: 'state', header: '状态' },
    { key: 'holder', header: '当前位置' },
    { key: 'lastFilledAt', header: '最近充装' },
    { key: 'lastFillingStationName', header: '充装单位', width: 24 },
  ];
  async function* pages() {
    let after: string | null = null;
    let sent = 0;
    while (sent < max) {
      const rows = await db
        .select({ c: cylinders, ownerName: enterprises.name, regionName: regions.name })
        .from(cylinders)
        .innerJoin(enterprises, eq(enterprises.id, cylinders.ownerEnterpriseId))
        .innerJoin(regions, eq(regions.id, cylinders.regionId))
        .where(and(where, after ? gt(cylinders.id, after) : undefined))
        .orderBy(asc(cylinders.id))
        .limit(Math.min(2000, max - sent));
      if (!rows.length) return;
      after = rows[rows.length - 1]!.c.id;
      sent += rows.length;
      yield rows.map((r) => {
        const v = presentCylinder(r.c, r, today, s);
        return {
          ...v,
          state: STATE_LABELS[v.state as CylinderState]?.zh ?? v.state,
          holder: v.holder.name ?? v.holder.type,
          lastFilledAt: v.lastFilling ? v.lastFilling.at.toISOString().slice(0, 10) : null,
          lastFillingStationName: v.lastFilling?.stationName ?? null,
        };
      });
    }
  }
  await writeWorkbook(out, { sheetName: '气瓶台账', columns, rows: pages() });
}
