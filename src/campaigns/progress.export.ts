import { PassThrough } from 'node:stream';
import type { ReportDraft } from '../db/schema/index.js';
import { writeWorkbook, type ExcelColumn } from '../shared/excel.js';
import { createPdf, heading, para, pdfBuffer, table, title } from '../shared/pdf.js';

/** What the compiled report needs of each unit's report. */
export interface CompiledItem {
  unitType: string;
  unitName: string;
  status: string;
  submittedAt: Date | null;
  late: boolean;
  text: string | null;
  draft: ReportDraft | null;
  periodFrom: string;
  periodTo: string;
}

const FIGURE_COLUMNS = ['hazards.found', 'hazards.closed', 'hazards.rectificationRate', 'hazards.open', 'hazards.overdue', 'hazards.major'] as const;
const FIGURE_HEADERS: Record<(typeof FIGURE_COLUMNS)[number], string> = {
  'hazards.found': '排查隐患',
  'hazards.closed': '整改销号',
  'hazards.rectificationRate': '整改率',
  'hazards.open': '未销号',
  'hazards.overdue': '逾期',
  'hazards.major': '重大隐患',
};

const fmt = (v: number | null | undefined, unit: string) => (v === null || v === undefined ? '—' : unit === 'rate' ? `${(v * 100).toFixed(1)}%` : String(v));
const figure = (i: CompiledItem, key: string) => {
  const f = i.draft?.figures.find((x) => x.key === key);
  return f ? fmt(f.value, f.unit) : '—';
};
const statusText = (i: CompiledItem) => (i.status === 'submitted' ? (i.late ? '迟报' : '按时报送') : i.late ? '逾期未报' : '未报送');
const unitTypeText = (t: string) => (t === 'department' ? '部门' : '镇街');
const when = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

/** The compiled progress report as Excel (R5.2, R11.2): one row per unit. */
export async function compiledXlsx(campaignName: string, dueDate: string, items: CompiledItem[]): Promise<Buffer> {
  const columns: ExcelColumn[] = [
    { key: 'unit', header: '单位', width: 24 },
    { key: 'type', header: '类型', width: 8 },
    { key: 'period', header: '统计期间', width: 24 },
    { key: 'status', header: '报送情况', width: 12 },
    { key: 'submittedAt', header: '报送时间', width: 18 },
    ...FIGURE_COLUMNS.map((k) => ({ key: k, header: FIGURE_HEADERS[k], width: 10 })),
    { key: 'text', header: '工作进展', width: 80 },
  ];
  const rows = items.map((i) => ({
    unit: i.unitName,
    type: unitTypeText(i.unitType),
    period: `${i.periodFrom} 至 ${i.periodTo}`,
    status: statusText(i),
    submittedAt: when(i.submittedAt),
    ...Object.fromEntries(FIGURE_COLUMNS.map((k) => [k, figure(i, k)])),
    text: i.text ?? '',
  }));
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await writeWorkbook(out, { sheetName: `进展汇总 ${dueDate}`, columns, rows: [rows] });
  await done;
  return Buffer.concat(chunks);
}

/** The compiled progress report as PDF: the summary, the table of units, then each unit's text. */
export async function compiledPdf(campaignName: string, dueDate: string, items: CompiledItem[]): Promise<Buffer> {
  const doc = createPdf({ title: `${campaignName} 工作进展汇总 ${dueDate}` });
  title(doc, `${campaignName}`, `工作进展汇总（报送截止 ${dueDate}）`);
  const submitted = items.filter((i) => i.status === 'submitted');
  const lateOnes = items.filter((i) => i.late);
  para(doc, `应报送单位 ${items.length} 个，已报送 ${submitted.length} 个，迟报或逾期未报 ${lateOnes.length} 个${lateOnes.length ? `（${lateOnes.map((i) => i.unitName).join('、')}）` : ''}。`);
  heading(doc, '一、各单位主要数据');
  table(
    doc,
    ['单位', '报送情况', ...FIGURE_COLUMNS.map((k) => FIGURE_HEADERS[k])],
    items.map((i) => [i.unitName, statusText(i), ...FIGURE_COLUMNS.map((k) => figure(i, k))]),
    [92, 58, 52, 52, 52, 52, 52, 55],
  );
  heading(doc, '二、各单位工作进展');
  for (const i of items) {
    doc.font('bold').fontSize(11).text(`${i.unitName}（${statusText(i)}）`);
    para(doc, i.text?.trim() || '（未报送）');
    const cases = i.draft?.cases ?? [];
    if (cases.length) para(doc, `典型案例：${cases.map((c) => `${c.subjectName}：${c.description}（${c.closedAt ?? ''} 销号）`).join('；')}`);
    doc.moveDown(0.4);
  }
  return pdfBuffer(doc);
}
