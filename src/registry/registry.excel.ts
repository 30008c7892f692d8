/**
 * Excel for registry kinds (R2.9): the columns of a kind read from its definition (kinds.ts),
 * the template, the export of a filtered list and the error receipt. References appear by
 * natural key (region code, credit code, ID number), never by internal id.
 */
import type { Writable } from 'node:stream';
import { asc, desc, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../db/db.js';
import { neutralise, writeWorkbook, type CellValue, type ColumnFormat, type ExcelColumn, type ReadColumn } from '../shared/excel.js';
import { maskIdNumber } from '../shared/validation.js';
import { optionLabel, type FieldDef, type Label } from './fields.js';
import type { KindDef, RefDef } from './kinds.js';
import { loadRefNames, presentRecord, type RecordRow } from './registry.service.js';
import { col } from './registry.scope.js';

/** Rows an export may hold; a wider filter is refused with a request to narrow it. */
export const EXPORT_MAX_ROWS = 200_000;
const PAGE = 2_000;

export interface KindColumn extends ExcelColumn {
  label: Label;
  field?: FieldDef;
  ref?: RefDef;
}

const TEXT_TYPES = new Set(['text', 'creditCode', 'idNumber', 'mobile', 'phone', 'plate']);

function formatOf(f: FieldDef): ColumnFormat {
  if (TEXT_TYPES.has(f.type)) return 'text';
  if (f.type === 'date') return 'date';
  return f.type === 'int' || f.type === 'number' ? 'number' : 'general';
}

function widthOf(f: FieldDef): number {
  if (f.type === 'text') return (f.max ?? 50) >= 200 ? 36 : 20;
  if (f.type === 'enum') return Math.max(12, ...Object.values(f.optionLabels ?? {}).map((l) => l.zh.length * 2 + 4));
  if (f.type === 'creditCode' || f.type === 'idNumber') return 22;
  return 14;
}

export const refLabel = (r: RefDef): Label => r.excel ?? r.label;

/** The columns of a kind in Excel: its fields, then its references by natural key. */
export function kindColumns(def: KindDef): KindColumn[] {
  const fields = def.fields.map((f): KindColumn => ({
    key: f.key,
    header: f.label.zh,
    label: f.label,
    field: f,
    format: formatOf(f),
    width: widthOf(f),
    required: f.required ?? false,
    ...(f.type === 'enum' ? { list: (f.options ?? []).map((o) => optionLabel(f, o, 'zh-CN')) } : {}),
    ...(f.type === 'bool' ? { list: ['是', '否'] } : {}),
  }));
  const refs = def.refs.map((r): KindColumn => ({ key: r.key, header: refLabel(r).zh, label: refLabel(r), ref: r, format: 'text', width: 22, required: r.required ?? false }));
  return [...fields, ...refs];
}

/** What the reader matches a header against: Chinese and English labels, the key, the plain reference label. */
export function readColumns(def: KindDef): ReadColumn[] {
  return kindColumns(def).map((c) => ({ key: c.key, names: [c.label.zh, c.label.en, ...(c.ref ? [c.ref.label.zh, c.ref.label.en] : [])] }));
}

const SAMPLE_BY_TYPE: Record<string, CellValue> = {
  creditCode: '91350100M000100Y43',
  idNumber: '11010519491231002X',
  mobile: '13800138000',
  phone: '023-43721234',
  plate: '渝A12345',
  date: '2024-01-31',
  bool: '否',
};
const SAMPLE_BY_KEY: Record<string, CellValue> = { address: '重庆市大足区龙岗街道五星大道 1 号', name: '示例名称', holderName: '张三', contactName: '张三', personName: '张三' };

function exampleRow(def: KindDef): Record<string, unknown> {
  const ex: Record<string, unknown> = {};
  for (const f of def.fields) {
    const first = f.options?.[0];
    ex[f.key] =
      SAMPLE_BY_KEY[f.key] ??
      SAMPLE_BY_TYPE[f.type] ??
      (f.type === 'enum' && first ? optionLabel(f, first, 'zh-CN') : f.type === 'int' || f.type === 'number' ? Math.max(f.min ?? 0, f.key === 'laidYear' ? 2008 : 0) : `示例${f.label.zh}`);
  }
  for (const r of def.refs) ex[r.key] = r.target === 'region' ? '500111001001' : r.target === 'enterprise' ? SAMPLE_BY_TYPE.creditCode : SAMPLE_BY_TYPE.idNumber;
  return ex;
}

function columnNote(c: KindColumn): string {
  if (c.ref) {
    const what = { region: '区域统计代码（12 位）或区县代码（6 位），须在您的管辖范围内', enterprise: '企业的统一社会信用代码（18 位），企业须已登记且在您的管辖范围内', person: '人员的身份证号（18 位），人员须已登记在所填企业名下' };
    return what[c.ref.target];
  }
  const f = c.field!;
  switch (f.type) {
    case 'enum':
      return `从下拉列表选择：${(c.list ?? []).join('、')}`;
    case 'bool':
      return '填“是”或“否”，空白视为“否”';
    case 'date':
      return '日期，如 2024-01-31';
    case 'int':
    case 'number':
      return `${f.type === 'int' ? '整数' : '数字'}${f.min !== undefined ? `，不小于 ${f.min}` : ''}${f.max !== undefined ? `，不大于 ${f.max}` : ''}`;
    case 'creditCode':
      return '18 位统一社会信用代码（校验位须正确）';
    case 'idNumber':
      return '18 位居民身份证号（出生日期与校验位须正确）';
    case 'mobile':
      return '11 位手机号';
    case 'phone':
      return '手机号或固定电话（如 023-43721234）';
    case 'plate':
      return '车牌号，如 渝A12345';
    case 'text':
      return f.max ? `文本，不超过 ${f.max} 字` : '文本';
  }
}

/** The import template of a kind: header row, formats, drop-downs, 填写说明 with an example row. */
export async function writeTemplate(out: Writable, def: KindDef): Promise<void> {
  const columns = kindColumns(def);
  const nk = def.naturalKey.map((k) => columns.find((c) => c.key === k)?.header ?? k).join(' + ');
  await writeWorkbook(out, {
    sheetName: def.label.zh,
    columns,
    dropdowns: true,
    instructions: {
      title: `${def.label.zh}导入模板 填写说明`,
      lines: [
        `1. 在“${def.label.zh}”工作表填写，第 1 行为表头，请勿修改、删除或调换；数据从第 2 行开始，一行一条记录。`,
        '2. 列名前带 * 的为必填项（表头为红色）。',
        '3. 身份证号、手机号、统一社会信用代码、区域代码等列已设为文本格式，请直接输入，不要转成数字（否则 18 位号码会变成 1.1E+17）。',
        '4. 带下拉列表的列请从列表中选择；日期填写为 2024-01-31。',
        `5. 以“${nk}”识别同一条记录：再次导入时更新原记录，不会重复新增；文件中未出现的列保持原值不变。`,
        '6. 导入前检查整个文件：只要有一行有误，整份文件都不导入，并列出每一行的行号、列名和原因，可下载错误回执修改后重新导入，或选择只导入正确的行。',
        '7. 单个文件不超过 20 MB、200,000 行；超过 2,000 行的文件在后台处理，可查看进度。',
      ],
      table: [['列名', '必填', '填写要求'], ...columns.map((c) => [c.header, c.required ? '是' : '否', columnNote(c)])],
      example: exampleRow(def),
    },
  });
}

/** A raw row of the kind's table as drizzle would give it (FETCH returns column names and driver values). */
export function mapRaw(def: KindDef, raw: Record<string, unknown>): RecordRow {
  const out: Record<string, unknown> = {};
  for (const [prop, c] of Object.entries(getTableColumns(def.table) as Record<string, AnyPgColumn>)) {
    const v = raw[c.name];
    out[prop] = v === null || v === undefined ? null : c.mapFromDriverValue(v);
  }
  return out as RecordRow;
}

/** Export columns: the template's, plus the names of what the codes refer to. */
export function exportColumns(def: KindDef): KindColumn[] {
  const out: KindColumn[] = [];
  for (const c of kindColumns(def)) {
    out.push({ ...c, required: false });
    if (c.ref) {
      const base = refLabel(c.ref).zh.replace(/（.*）$/, '').replace(/代码$/, '');
      const header = `${base}${c.ref.target === 'person' ? '姓名' : '名称'}`;
      out.push({ key: `${c.key}:name`, header, label: { zh: header, en: `${c.ref.label.en} name` }, width: 24 });
    }
  }
  return out;
}

/** One record as an export row: masked like lists, enum labels in Chinese, 是/否, dates as dates. */
function exportRow(def: KindDef, r: RecordRow, names: Awaited<ReturnType<typeof loadRefNames>>, today: string): Record<string, unknown> {
  const shown = presentRecord(def, r, names, today);
  const row: Record<string, unknown> = {};
  for (const f of def.fields) {
    const v = shown[f.key];
    if (v === null || v === undefined) row[f.key] = null;
    else if (f.type === 'enum') row[f.key] = optionLabel(f, String(v), 'zh-CN');
    else if (f.type === 'bool') row[f.key] = v ? '是' : '否';
    else if (f.type === 'date') row[f.key] = new Date(`${String(v)}T00:00:00Z`);
    else row[f.key] = v;
  }
  for (const ref of def.refs) {
    const id = r[ref.key] as string | null;
    if (!id) continue;
    if (ref.target === 'region') {
      const reg = names.regions.get(id);
      row[ref.key] = reg?.code ?? null;
      row[`${ref.key}:name`] = reg?.name ?? null;
    } else if (ref.target === 'enterprise') {
      const e = names.enterprises.get(id);
      row[ref.key] = e?.creditCode ?? null;
      row[`${ref.key}:name`] = e?.name ?? null;
    } else {
      const x = names.persons.get(id);
      row[ref.key] = maskIdNumber(x?.idNumber ?? null);
      row[`${ref.key}:name`] = x?.name ?? null;
    }
  }
  return row;
}

/**
 * Stream every record matching `where` (the list's own condition, scope included) through a
 * server-side cursor in one read-only transaction: a consistent snapshot, PAGE rows in memory.
 */
export async function writeExport(out: Writable, db: Db, def: KindDef, where: SQL, today: string): Promise<void> {
  await db.transaction(
    async (tx) => {
      const query = tx.select().from(def.table).where(where).orderBy(desc(col(def, 'createdAt')), asc(col(def, 'id')));
      await tx.execute(sql`DECLARE registry_export NO SCROLL CURSOR FOR ${query}`);
      async function* pages() {
        for (;;) {
          const res = await tx.execute<Record<string, unknown>>(sql.raw(`FETCH ${PAGE} FROM registry_export`));
          if (res.rows.length === 0) return;
          const rows = res.rows.map((raw) => mapRaw(def, raw));
          const names = await loadRefNames(tx, def, rows);
          yield rows.map((r) => exportRow(def, r, names, today));
        }
      }
      await writeWorkbook(out, { sheetName: def.label.zh, columns: exportColumns(def), rows: pages() });
    },
    { accessMode: 'read only' },
  );
}

/** A receipt row: the row as the user typed it, and why it was refused. */
export interface ReceiptRow {
  row: number;
  cells: Record<string, CellValue>;
  reason: string;
}

export const RECEIPT_ROW = '原行号';
export const RECEIPT_REASON = '错误原因';

/** 错误回执: the refused rows with their values and a 错误原因 column; fixable and importable as is. */
export async function writeReceipt(out: Writable, def: KindDef, rows: AsyncIterable<ReceiptRow[]>): Promise<void> {
  const columns: ExcelColumn[] = [
    { key: '__row', header: RECEIPT_ROW, width: 8, format: 'number' },
    ...kindColumns(def),
    { key: '__reason', header: RECEIPT_REASON, width: 60, format: 'text' },
  ];
  async function* pages() {
    for await (const page of rows) yield page.map((r) => ({ ...r.cells, __row: r.row, __reason: r.reason }));
  }
  await writeWorkbook(out, { sheetName: `${def.label.zh}错误回执`.slice(0, 31), columns, rows: pages(), dropdowns: true });
}

/** A row of cells as the record input the API would take, references still as codes. */
export function cellsToInput(def: KindDef, cells: Record<string, CellValue>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const f of def.fields) {
    if (!(f.key in cells)) continue;
    const v = cells[f.key];
    // A date typed into a text column reads as a date; keep what the user saw.
    input[f.key] = v instanceof Date && f.type !== 'date' ? v.toISOString().slice(0, 10) : v;
  }
  for (const r of def.refs) {
    if (!(r.key in cells)) continue;
    input[r.key] = codeText(cells[r.key] ?? null);
  }
  return input;
}

/** A code cell as text: numbers without exponent or decimals (500111001001, not 5.00111E+11). */
export function codeText(v: CellValue): string | null {
  if (v === null) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).replace(/\s/g, '').toUpperCase();
}

export { neutralise };
