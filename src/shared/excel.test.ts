import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnLetter, EXCEL_LIMITS, ExcelFileError, inspectXlsx, neutralise, openSheet, writeWorkbook, type WorkbookSpec } from './excel.js';

async function toBuffer(spec: WorkbookSpec): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => out.on('end', r));
  await writeWorkbook(out, spec);
  await ended;
  return Buffer.concat(chunks);
}

/** A minimal zip by hand, so the sizes in its headers can lie. */
function zip(entries: { name: string; data: Buffer; declared?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const comp = zlib.deflateRawSync(e.data);
    const name = Buffer.from(e.name);
    const size = e.declared ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(comp.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, comp);
    centrals.push(central, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(ExcelFileError);
  return e as ExcelFileError;
};

describe('excel writing', () => {
  it('neutralises formulas: = + - @, tab and CR get a leading apostrophe', () => {
    expect(['=1+1', '+86', '-2', '@SUM(A1)', '\tx', '\rx', 'ok', 12].map(neutralise)).toEqual(["'=1+1", "'+86", "'-2", "'@SUM(A1)", "'\tx", "'\rx", 'ok', 12]);
  });

  it('names columns like Excel', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });

  it('writes a template with text columns, drop-downs on a hidden sheet and 填写说明', async () => {
    const buf = await toBuffer({
      sheetName: '数据',
      columns: [
        { key: 'id', header: '身份证号', format: 'text', required: true },
        { key: 'kind', header: '类型', list: ['甲', '乙', '丙'] },
        { key: 'on', header: '日期', format: 'date' },
      ],
      dropdowns: true,
      instructions: { title: '填写说明', lines: ['第 1 行为表头'], example: { id: '11010519491231002X', kind: '甲' } },
      rows: [[{ id: '=cmd', kind: '乙', on: new Date('2024-01-31T00:00:00Z') }]],
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const data = wb.worksheets[0]!;
    expect(data.name).toBe('数据');
    expect(data.getRow(1).values).toEqual([undefined, '*身份证号', '类型', '日期']);
    expect(data.getColumn(1).numFmt).toBe('@');
    expect(data.getCell('A2').value).toBe("'=cmd");
    const dv = (data as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const list = Object.entries(dv).find(([range]) => range.startsWith('B2'));
    expect(list?.[1]).toMatchObject({ type: 'list', formulae: ["'字典'!$A$2:$A$4"] });
    const dict = wb.getWorksheet('字典')!;
    expect(dict.state).toBe('hidden');
    expect(dict.getColumn(1).values.slice(1)).toEqual(['类型', '甲', '乙', '丙']);
    expect(wb.getWorksheet('填写说明')!.getCell('A1').value).toBe('填写说明');
  });
});

describe('excel reading', () => {
  const columns = [
    { key: 'name', names: ['企业名称', 'Name'] },
    { key: 'code', names: ['统一社会信用代码'] },
    { key: 'on', names: ['日期'] },
  ];

  it('matches headers by Chinese, English label or key, skips empty rows, keeps Excel row numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['Name', '*统一社会信用代码', '日期', '备注']);
    ws.addRow(['甲公司', '91350100M000100Y43', new Date('2024-01-31T00:00:00Z'), 'x']);
    ws.addRow([]);
    ws.addRow([{ richText: [{ text: '乙' }, { text: '公司' }] }, "'=1", '2024/2/1']);
    ws.getCell('C2').numFmt = 'yyyy-mm-dd';
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const sheet = await openSheet(buf, columns);
    expect(sheet.present).toEqual(['name', 'code', 'on']);
    expect(sheet.unknown).toEqual(['备注']);
    const rows = [];
    for await (const r of sheet.rows) rows.push(r);
    expect(rows.map((r) => r.row)).toEqual([2, 4]);
    expect(rows[0]!.cells.on).toEqual(new Date('2024-01-31T00:00:00Z'));
    expect(rows[1]!.cells).toEqual({ name: '乙公司', code: '=1', on: '2024/2/1' });
  });

  it('reads Chinese text intact however the inflated chunks fall (exceljs cuts characters at chunk ends)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['企业名称']);
    const names = Array.from({ length: 5_000 }, (_, i) => `重庆市大足区龙岗街道五星社区燃气用户𠀀${i}号`);
    for (const n of names) ws.addRow([n]);
    const sheet = await openSheet(Buffer.from(await wb.xlsx.writeBuffer()), columns);
    const read: unknown[] = [];
    for await (const r of sheet.rows) read.push(r.cells.name);
    expect(read).toEqual(names);
  }, 60_000); // builds and reads a 5,000-row workbook: slow on a loaded 2-core machine

  it('refuses a file without a known header, or with more rows than allowed', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.addRow(['随便']);
    ws.addRow(['a']);
    expect((await refusal(openSheet(Buffer.from(await wb.xlsx.writeBuffer()), columns))).key).toBe('excel.noHeader');
    const wb2 = new ExcelJS.Workbook();
    const ws2 = wb2.addWorksheet('x');
    ws2.addRow(['企业名称']);
    for (let i = 0; i < 5; i++) ws2.addRow([`公司${i}`]);
    const sheet = await openSheet(Buffer.from(await wb2.xlsx.writeBuffer()), columns, { ...EXCEL_LIMITS, maxRows: 3 });
    const e = await refusal((async () => {
      for await (const _ of sheet.rows) void _;
    })());
    expect(e).toMatchObject({ key: 'excel.tooManyRows', params: { max: 3 } });
  });
});

describe('zip inspection', () => {
  const workbook = { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') };

  it('accepts an honest small zip', async () => {
    await expect(inspectXlsx(zip([workbook, { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<x/>'.repeat(100)) }]))).resolves.toBeUndefined();
  });

  it('refuses a zip bomb: huge expansion ratio', async () => {
    const e = await refusal(inspectXlsx(zip([workbook, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(50 * 1024 * 1024) }])));
    expect(e.key).toBe('excel.zipBomb');
  });

  it('refuses a part that inflates to more than its header declares', async () => {
    const e = await refusal(inspectXlsx(zip([workbook, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(200_000, 'a'), declared: 1_000 }])));
    expect(e.key).toBe('excel.zipBomb');
  });

  it('refuses files that are not xlsx, and oversized ones with 413', async () => {
    expect((await refusal(inspectXlsx(Buffer.from('hello, not a workbook')))).key).toBe('excel.notXlsx');
    const big = await refusal(inspectXlsx(Buffer.alloc(2048), { ...EXCEL_LIMITS, maxBytes: 1024 }));
    expect(big).toMatchObject({ key: 'excel.tooLarge', status: 413 });
  });
});
