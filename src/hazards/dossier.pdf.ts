/** The 责任倒查 dossier as PDF (R4.7): the subject, then each kind of record, then the whole trail in time order. */
import { createPdf, fields, heading, para, pdfBuffer, table, title } from '../shared/pdf.js';
import type { DossierData } from './dossier.service.js';
import { categoryLabel, chinaTime, severityLabel, sourceLabel, stateLabel } from './hazard.labels.js';

export async function renderDossierPdf(d: DossierData): Promise<Buffer> {
  const doc = createPdf({ title: `责任倒查档案 ${d.subject.name}` });
  title(doc, '责任倒查档案', `${d.subject.typeLabel}：${d.subject.name}`);
  fields(doc, [
    ['检查对象', `${d.subject.name}（${d.subject.typeLabel}）`],
    ['地址', d.subject.address],
    ['所属区域', d.subject.regionName],
    ['记录', `检查 ${d.inspections.length} 次，隐患 ${d.hazards.length} 项，执法措施 ${d.enforcement.length} 项，整改通知书 ${d.notices.length} 份`],
    ['生成', `${chinaTime(d.generatedAt)}，${d.generatedBy}`],
  ]);

  heading(doc, `一、检查记录（${d.inspections.length}）`);
  if (d.inspections.length === 0) para(doc, '无检查记录。');
  else
    table(
      doc,
      ['检查编号 / 类型', '检查时间', '检查人员', '位置（GPS）', '签名', '发现问题'],
      d.inspections.map((i) => [
        `${i.code}\n${i.kind}`,
        chinaTime(i.submittedAt, true),
        i.inspectors,
        i.gps,
        `检查人员 ${i.inspectorSignatures} 份；代表：${i.representativeName ?? '—'}${i.representativeSigned ? '（已签名）' : '（未签名）'}`,
        `${i.findings} 项`,
      ]),
      [82, 62, 86, 90, 110, 45],
    );

  heading(doc, `二、隐患（${d.hazards.length}）`);
  if (d.hazards.length === 0) para(doc, '无隐患。');
  else
    table(
      doc,
      ['隐患编号', '类别 / 等级', '描述', '发现', '状态', '复核销号'],
      d.hazards.map((h) => [
        `${h.code}${h.reboundOfCode ? `\n（反弹自 ${h.reboundOfCode}）` : ''}`,
        `${categoryLabel(h.category)}\n${severityLabel(h.severity)}`,
        h.description,
        `${h.foundByName}\n${chinaTime(h.foundAt, true)}\n${sourceLabel(h.source)}`,
        stateLabel(h.state),
        h.closedAt ? `${h.closedByName}\n${chinaTime(h.closedAt, true)}` : '',
      ]),
      [78, 58, 127, 85, 45, 82],
    );

  if (d.enforcement.length) {
    heading(doc, `三、执法措施（${d.enforcement.length}）`);
    table(
      doc,
      ['日期', '隐患编号', '措施', '执法人员', '文书编号', '说明'],
      d.enforcement.map((e) => [e.actionDate, e.hazardCode, e.label, `${e.officer}\n（登记：${e.recordedByName}）`, e.documentNo ?? '', [e.amountYuan !== null ? `罚款 ${e.amountYuan} 元` : '', e.note ?? ''].filter(Boolean).join('；')]),
      [58, 78, 70, 90, 84, 95],
    );
  }
  if (d.notices.length) {
    heading(doc, `${d.enforcement.length ? '四' : '三'}、整改通知书（${d.notices.length}）`);
    table(
      doc,
      ['文号', '下达单位 / 日期', '隐患编号', '整改期限', '执法人员'],
      d.notices.map((n) => [`${n.number}\n${n.title}`, `${n.issuerName}\n${n.issuedOn}`, n.hazardCodes, n.deadlines, `${n.officerText}\n（经办：${n.issuedByName}）`]),
      [100, 90, 85, 70, 130],
    );
  }

  heading(doc, '全过程记录（按时间顺序）');
  if (d.timeline.length === 0) para(doc, '无记录。');
  else table(doc, ['时间', '类别', '编号', '事项', '人员', '说明'], d.timeline.map((t) => [chinaTime(t.at, true), t.kind, t.ref, t.what, t.who, t.detail]), [62, 34, 80, 84, 90, 125]);

  doc.moveDown(1);
  para(doc, '本档案由燃气安全监管平台根据系统留痕记录生成，记录不可篡改（审计日志哈希链可核验）。', { align: 'left' });
  return pdfBuffer(doc);
}
