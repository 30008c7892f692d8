/**
 * The platform's one Excel module (conventions.md, "Excel templates"): templates with a header
 * row, text-formatted code columns, drop-downs fed from a hidden dictionary sheet and a 填写说明
 * sheet; streamed writing with formula-injection neutralisation; safe streamed reading of an
 * uploaded xlsx (size, zip-bomb and row limits, headers matched by name, Excel row numbers).
 * Nothing here knows about registry kinds: callers describe columns as data.
 */
import { Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { asciiXml, EXCEL_LIMITS, ExcelFileError, inspectedEntries, type ExcelLimits } from './excel-zip.js';

export { EXCEL_LIMITS, ExcelFileError, inspectXlsx, type ExcelLimits } from './excel-zip.js';

/** Data rows that get the drop-downs (Excel keeps one range; readers that expand it stay quick). */
const DROPDOWN_ROWS = 10_000;

export const INSTRUCTIONS_SHEET = '填写说明';
export const DICTIONARY_SHEET = '字典';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// ---------------------------------------------------------------------------------------------
// Writing

export type ColumnFormat = 'text' | 'date' | 'number' | 'general';

export interface ExcelColumn {
  key: string;
  header: string;
  width?: number;
  /** 'text' (numFmt '@') keeps ID numbers, phones and codes as typed instead of 1.1E+17. */
  format?: ColumnFormat;
  /** Drop-down values, kept on the hidden 字典 sheet so long lists work. */
  list?: readonly string[];
  /** Marked with * and a red header. */
  required?: boolean;
}

export interface WorkbookSpec {
  sheetName: string;
  columns: ExcelColumn[];
  /** Rows in pages (a database cursor yields one page at a time). Values are written neutralised. */
  rows?: AsyncIterable<Record<string, unknown>[]> | Iterable<Record<string, unknown>[]>;
  /** Drop-downs on the data rows (templates). */
  dropdowns?: boolean;
  instructions?: { title: string; lines: string[]; table?: string[][]; example?: Record<string, unknown> };
}

/** A value Excel would run as a formula gets a leading apostrophe (= + - @, tab, CR). */
export function neutralise(v: unknown): unknown {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

const NUM_FMT: Record<ColumnFormat, string | undefined> = { text: '@', date: 'yyyy-mm-dd', number: undefined, general: undefined };

export function headerText(c: Pick<ExcelColumn, 'header' | 'required'>): string {
  return c.required ? `*${c.header}` : c.header;
}

/** Column letters of a 1-based index (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Wait for the consumer when it is behind, so a large export never piles up in memory. */
async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/** A data sheet with its column formats and widths and a frozen header row (required in red). */
function addDataSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: ExcelColumn[]): ExcelJS.Worksheet {
  const sheet = wb.addWorksheet(name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => {
    const numFmt = NUM_FMT[c.format ?? 'general'];
    return { key: c.key, width: c.width ?? Math.min(40, Math.max(12, c.header.length * 2 + 4)), ...(numFmt ? { style: { numFmt } } : {}) };
  });
  const header = sheet.addRow(columns.map(headerText));
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.numFmt = '@';
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    cell.font = { bold: true, ...(c.required ? { color: { argb: 'FFC00000' } } : {}) };
  });
  header.commit();
  return sheet;
}

/**
 * Stream an xlsx to `out`: the data sheet first, then 填写说明 and the hidden 字典 sheet when
 * asked for. Uses exceljs's streaming writer, so memory stays flat for 200,000 rows.
 */
export async function writeWorkbook(out: Writable, spec: WorkbookSpec): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const data = addDataSheet(wb, spec.sheetName, spec.columns);

  if (spec.instructions) {
    const sheet = wb.addWorksheet(INSTRUCTIONS_SHEET);
    sheet.columns = [{ width: 26 }, { width: 10 }, { width: 90 }];
    const title = sheet.addRow([spec.instructions.title]);
    title.font = { bold: true, size: 14 };
    title.commit();
    for (const line of spec.instructions.lines) sheet.addRow([line]).commit();
    if (spec.instructions.table) {
      sheet.addRow([]).commit();
      for (const [i, r] of spec.instructions.table.entries()) {
        const row = sheet.addRow(r);
        if (i === 0) row.font = { bold: true };
        row.commit();
      }
    }
    if (spec.instructions.example) {
      sheet.addRow([]).commit();
      sheet.addRow([`示例（请在“${spec.sheetName}”工作表填写；本示例不会被导入）`]).commit();
      sheet.addRow(spec.columns.map(headerText)).commit();
      const ex = spec.instructions.example;
      sheet.addRow(spec.columns.map((c) => neutralise(ex[c.key] ?? null))).commit();
    }
    sheet.commit();
  }

  const lists = spec.dropdowns ? spec.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.list?.length) : [];
  if (lists.length) {
    const dict = wb.addWorksheet(DICTIONARY_SHEET, { state: 'hidden' });
    dict.addRow(lists.map(({ c }) => c.header)).commit();
    const longest = Math.max(...lists.map(({ c }) => c.list!.length));
    for (let r = 0; r < longest; r++) dict.addRow(lists.map(({ c }) => c.list![r] ?? null)).commit();
    dict.commit();
    // The streaming worksheet has data validations at run time; the type declarations miss them.
    const validations = (data as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
    lists.forEach(({ c, i }, j) => {
      const letter = columnLetter(j + 1);
      validations.add(`${columnLetter(i + 1)}2:${columnLetter(i + 1)}${DROPDOWN_ROWS + 1}`, {
        type: 'list',
        allowBlank: true,
        formulae: [`'${DICTIONARY_SHEET}'!$${letter}$2:$${letter}$${c.list!.length + 1}`],
        // A warning, not a stop: keys and English labels are accepted on import too.
        errorStyle: 'warning',
        showErrorMessage: true,
        error: '请从下拉列表中选择',
      });
    });
  }

  for await (const page of spec.rows ?? []) {
    for (const r of page) data.addRow(spec.columns.map((c) => neutralise(r[c.key] ?? null))).commit();
    await drained(out);
  }
  data.commit();
  await wb.commit();
}

/** One sheet of a multi-sheet report: a header row and the rows (neutralised like writeWorkbook's). */
export interface ReportSheet {
  sheetName: string;
  columns: ExcelColumn[];
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>;
}

/**
 * Stream a workbook of several data sheets (e.g. a dossier: one sheet per kind of record), each
 * with the same header style and text formats as writeWorkbook. No templates, drop-downs or
 * instructions: this is for reports, not for re-import.
 */
export async function writeReportWorkbook(out: Writable, sheets: ReportSheet[]): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  for (const spec of sheets) {
    const sheet = addDataSheet(wb, spec.sheetName, spec.columns);
    for await (const r of spec.rows) {
      sheet.addRow(spec.columns.map((c) => neutralise(r[c.key] ?? null))).commit();
      await drained(out);
    }
    sheet.commit();
  }
  await wb.commit();
}

// ---------------------------------------------------------------------------------------------
// Reading

export type CellValue = string | number | boolean | Date | null;

/** A column the reader looks for, matched by any of its names (Chinese label, English label, key). */
export interface ReadColumn {
  key: string;
  names: string[];
}

export interface SheetRow {
  /** Excel row number (the header is row 1). */
  row: number;
  cells: Record<string, CellValue>;
}

export interface OpenedSheet {
  sheetName: string;
  /** Keys of the columns found in the header row. */
  present: string[];
  /** Header texts nobody asked for (ignored). */
  unknown: string[];
  rows: AsyncGenerator<SheetRow, void>;
}

/** Header text compared loosely: no *, spaces or case; full-width brackets as ASCII. */
export function normaliseHeader(s: string): string {
  return s.replace(/[*＊\s]/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
}

/** A cell's value as plain data: rich text joined, formulas by their cached result, hyperlinks by text. */
export function plainCell(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const s = v.trim();
    // Our own exports neutralise formulas with a leading apostrophe; take it off again on the way in.
    return s === '' ? null : /^'[=+\-@]/.test(s) ? s.slice(1) : s;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return plainCell((o.richText as { text?: string }[]).map((t) => t.text ?? '').join(''));
    if ('formula' in o || 'sharedFormula' in o) return plainCell(o.result);
    if ('text' in o) return plainCell(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v);
}

type SheetReader = AsyncIterable<ExcelJS.Row> & { name?: string; state?: string };

/**
 * The parser's strings are slices of its input chunks, and a slice keeps its whole chunk alive:
 * holding 100,000 rows kept three times their size. One JSON round trip per row copies them flat.
 */
function flatStrings(cells: Record<string, CellValue>): Record<string, CellValue> {
  const keys = Object.keys(cells).filter((k) => typeof cells[k] === 'string');
  const flat = JSON.parse(JSON.stringify(keys.map((k) => cells[k]))) as string[];
  keys.forEach((k, i) => (cells[k] = flat[i]!));
  return cells;
}

/**
 * Open the data sheet of an uploaded xlsx (the first visible sheet that is not 填写说明 or 字典)
 * after `inspectXlsx`, match its header row, and stream its non-empty rows. The streaming
 * reader keeps only the shared-strings table in memory. Throws ExcelFileError for a file that is
 * unusable as a whole (no header, too many rows, not a workbook).
 */
export async function openSheet(buf: Buffer, columns: ReadColumn[], limits: ExcelLimits = EXCEL_LIMITS): Promise<OpenedSheet> {
  const entries = await inspectedEntries(buf, limits);
  const input = Readable.from(asciiXml(buf, entries));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  // Pulled by hand: leaving a for-await loop early would close the reader and the zip stream with it.
  const sheets = (reader as AsyncIterable<SheetReader>)[Symbol.asyncIterator]();
  let sheet: SheetReader | undefined;
  try {
    for (let n = await sheets.next(); !n.done; n = await sheets.next()) {
      const ws = n.value;
      if (ws.state === 'hidden' || ws.state === 'veryHidden' || ws.name === INSTRUCTIONS_SHEET || ws.name === DICTIONARY_SHEET) continue;
      sheet = ws;
      break;
    }
  } catch {
    throw new ExcelFileError('excel.corrupt');
  }
  if (!sheet) throw new ExcelFileError('excel.noSheet');
  const it = sheet[Symbol.asyncIterator]();
  let first: IteratorResult<ExcelJS.Row>;
  try {
    first = await it.next();
  } catch {
    throw new ExcelFileError('excel.corrupt');
  }
  if (first.done || first.value.number !== 1) throw new ExcelFileError('excel.noHeader');

  const byName = new Map<string, string>();
  for (const c of columns) for (const n of [c.key, ...c.names]) byName.set(normaliseHeader(n), c.key);
  const colOf = new Map<number, string>();
  const unknown: string[] = [];
  const headerValues = first.value.values as unknown[];
  for (let i = 1; i < headerValues.length; i++) {
    const text = plainCell(headerValues[i]);
    if (text === null) continue;
    const key = byName.get(normaliseHeader(String(text)));
    if (!key) unknown.push(String(text));
    else if ([...colOf.values()].includes(key)) throw new ExcelFileError('excel.duplicateHeader', { column: String(text) });
    else colOf.set(i, key);
  }
  if (colOf.size === 0) throw new ExcelFileError('excel.noHeader');

  async function* rows(): AsyncGenerator<SheetRow, void> {
    let count = 0;
    try {
      for (;;) {
        let next: IteratorResult<ExcelJS.Row>;
        try {
          next = await it.next();
        } catch {
          throw new ExcelFileError('excel.corrupt');
        }
        if (next.done) return;
        const values = next.value.values as unknown[];
        const cells: Record<string, CellValue> = {};
        let empty = true;
        for (const [i, key] of colOf) {
          const v = plainCell(values[i]);
          cells[key] = v;
          if (v !== null) empty = false;
        }
        if (empty) continue;
        if (++count > limits.maxRows) throw new ExcelFileError('excel.tooManyRows', { max: limits.maxRows });
        yield { row: next.value.number, cells: flatStrings(cells) };
      }
    } finally {
      input.destroy();
    }
  }
  return { sheetName: sheet.name ?? '', present: [...colOf.values()], unknown, rows: rows() };
}
