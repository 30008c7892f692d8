/** The 责任倒查 dossier as Excel (R4.7): one sheet per kind of record, each in time order, and the whole trail. */
import type { Writable } from 'node:stream';
import { writeReportWorkbook, type ExcelColumn } from '../shared/excel.js';
import type { DossierData } from './dossier.service.js';
import { categoryLabel, chinaTime, severityLabel, sourceLabel, stateLabel } from './hazard.labels.js';

const c = (key: string, header: string, width = 16, format: ExcelColumn['format'] = 'text'): ExcelColumn => ({ key, header, width, format });

export const DOSSIER_SHEETS = { inspections: '检查记录', hazards: '隐患', events: '隐患处理过程', enforcement: '执法措施', notices: '整改通知书', timeline: '全过程时间线' } as const;

export async function writeDossierXlsx(out: Writable, d: DossierData): Promise<void> {
  await writeReportWorkbook(out, [
    {
      sheetName: DOSSIER_SHEETS.inspections,
      columns: [
        c('code', '检查编号', 18),
        c('kind', '检查类型', 12),
        c('submittedAt', '检查时间', 17),
        c('startedAt', '开始时间', 17),
        c('inspectors', '检查人员', 24),
        c('lat', '纬度', 12, 'number'),
        c('lng', '经度', 12, 'number'),
        c('accuracy', '定位精度（米）', 12, 'number'),
        c('signatures', '检查人员签名（份）', 12, 'number'),
        c('representative', '被检查单位代表', 16),
        c('representativeSigned', '代表签名', 10),
        c('findings', '发现问题（项）', 12, 'number'),
      ],
      rows: d.inspections.map((i) => ({
        code: i.code,
        kind: i.kind,
        submittedAt: chinaTime(i.submittedAt, true),
        startedAt: chinaTime(i.startedAt, true),
        inspectors: i.inspectors,
        lat: i.lat,
        lng: i.lng,
        accuracy: i.gpsAccuracyM,
        signatures: i.inspectorSignatures,
        representative: i.representativeName,
        representativeSigned: i.representativeSigned ? '已签名' : '未签名',
        findings: i.findings,
      })),
    },
    {
      sheetName: DOSSIER_SHEETS.hazards,
      columns: [
        c('code', '隐患编号', 18),
        c('category', '隐患类别', 12),
        c('severity', '隐患等级', 10),
        c('description', '隐患描述', 40),
        c('source', '来源', 10),
        c('foundBy', '发现人'),
        c('foundAt', '发现时间', 17),
        c('responsible', '整改责任人'),
        c('deadline', '整改时限', 12),
        c('state', '状态', 10),
        c('reviewRequestedBy', '申请复核人'),
        c('closedBy', '销号人'),
        c('closedAt', '销号时间', 17),
        c('reboundOf', '反弹自', 18),
      ],
      rows: d.hazards.map((h) => ({
        code: h.code,
        category: categoryLabel(h.category),
        severity: severityLabel(h.severity),
        description: h.description,
        source: sourceLabel(h.source),
        foundBy: h.foundByName,
        foundAt: chinaTime(h.foundAt, true),
        responsible: h.responsiblePerson,
        deadline: h.deadline,
        state: stateLabel(h.state),
        reviewRequestedBy: h.reviewRequestedByName,
        closedBy: h.closedByName,
        closedAt: chinaTime(h.closedAt, true),
        reboundOf: h.reboundOfCode,
      })),
    },
    {
      sheetName: DOSSIER_SHEETS.events,
      columns: [c('at', '时间', 17), c('hazard', '隐患编号', 18), c('step', '环节', 14), c('from', '原状态', 10), c('to', '新状态', 10), c('actor', '经办人', 20), c('username', '账号', 14), c('detail', '说明', 40)],
      rows: d.events.map((e) => ({ at: chinaTime(e.at, true), hazard: e.hazardCode, step: e.label, from: e.fromLabel, to: e.toLabel, actor: e.actorName, username: e.actorUsername, detail: e.detail })),
    },
    {
      sheetName: DOSSIER_SHEETS.enforcement,
      columns: [
        c('date', '日期', 12),
        c('recordedAt', '登记时间', 17),
        c('hazard', '隐患编号', 18),
        c('kind', '措施', 16),
        c('officer', '执法人员', 18),
        c('documentNo', '文书编号', 20),
        c('amount', '罚款金额（元）', 14, 'number'),
        c('note', '说明', 30),
        c('recordedBy', '登记人', 18),
      ],
      rows: d.enforcement.map((e) => ({ date: e.actionDate, recordedAt: chinaTime(e.recordedAt, true), hazard: e.hazardCode, kind: e.label, officer: e.officer, documentNo: e.documentNo, amount: e.amountYuan, note: e.note, recordedBy: e.recordedByName })),
    },
    {
      sheetName: DOSSIER_SHEETS.notices,
      columns: [c('number', '文号', 24), c('title', '文书', 18), c('issuer', '下达单位', 18), c('issuedOn', '下达日期', 12), c('hazards', '隐患编号', 30), c('deadlines', '整改期限', 14), c('officers', '执法人员', 30), c('representative', '被检查单位负责人', 16), c('issuedBy', '经办人', 18)],
      rows: d.notices.map((n) => ({ number: n.number, title: n.title, issuer: n.issuerName, issuedOn: n.issuedOn, hazards: n.hazardCodes, deadlines: n.deadlines, officers: n.officerText, representative: n.representativeName, issuedBy: n.issuedByName })),
    },
    {
      sheetName: DOSSIER_SHEETS.timeline,
      columns: [c('at', '时间', 17), c('kind', '类别', 8), c('ref', '编号', 22), c('what', '事项', 26), c('who', '人员', 30), c('detail', '说明', 50)],
      rows: d.timeline.map((t) => ({ at: chinaTime(t.at, true), kind: t.kind, ref: t.ref, what: t.what, who: t.who, detail: t.detail })),
    },
  ]);
}
