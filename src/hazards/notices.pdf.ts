/**
 * The printed notice (R4.4, conventions.md "Rectification notices"): number, addressee, numbered
 * problems with their basis, the deadline sentence, the duty to keep safe, the appeal notice,
 * officers with certificate numbers, the representative's signature, the issuing body and date,
 * and a QR code to the public verification.
 */
import { createPdf, pdfBuffer, qr, signature, type Pdf } from '../shared/pdf.js';
import { chineseDate } from './hazard.labels.js';
import { appealSentence, deadlineSentence, NOTICE_TITLES, SAFETY_DUTY, type NoticeKind } from './notices.rules.js';
import type { NoticeRow } from './notices.service.js';

const QR_SIZE = 76;

function paragraph(doc: Pdf, text: string, indent = true) {
  doc.font('regular').fontSize(12).text(text, { lineGap: 5, indent: indent ? 24 : 0, align: 'justify' });
  doc.moveDown(0.35);
}

export async function renderNoticePdf(n: NoticeRow, opts: { verifyUrl: string; signatureImage: Buffer | null }): Promise<Buffer> {
  const docTitle = NOTICE_TITLES[n.kind as NoticeKind]?.zh ?? NOTICE_TITLES.rectification.zh;
  const doc = createPdf({ title: `${docTitle} ${n.number}`, author: n.issuerName });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.font('bold').fontSize(15).text(n.issuerName, { align: 'center' });
  doc.moveDown(0.3).font('bold').fontSize(20).text(docTitle, { align: 'center', characterSpacing: 2 });
  doc.moveDown(0.4).font('regular').fontSize(12).text(n.number, { align: 'center' });
  const ruleY = doc.y + 6;
  doc.moveTo(left, ruleY).lineTo(left + width, ruleY).lineWidth(1.2).stroke('#b00000');
  doc.y = ruleY + 14;
  doc.x = left;

  doc.font('bold').fontSize(12).text(`${n.subjectName}：`);
  if (n.subjectAddress && n.subjectAddress !== n.subjectName) doc.font('regular').fontSize(11).fillColor('#333333').text(`地址：${n.subjectAddress}`).fillColor('#000000');
  doc.moveDown(0.4);
  paragraph(doc, '经查，你单位存在下列问题：');
  n.items.forEach((item, i) => {
    doc.font('regular').fontSize(12).text(`${i + 1}. ${item.description}`, left + 24, doc.y, { width: width - 24, lineGap: 4 });
    if (item.basis) doc.font('regular').fontSize(10).fillColor('#444444').text(`依据：${item.basis}`, left + 38, doc.y, { width: width - 38, lineGap: 3 }).fillColor('#000000');
    doc.moveDown(0.25);
  });
  doc.x = left;
  doc.moveDown(0.3);
  paragraph(doc, `${deadlineSentence(n.items.map((i) => i.deadline))}`);
  paragraph(doc, SAFETY_DUTY);
  paragraph(doc, appealSentence(docTitle, n.reviewBody, n.court));

  doc.moveDown(0.5);
  const officers = n.officers.map((o) => `${o.name}（执法证号：${o.certificateNo}）`).join('    ');
  doc.font('bold').fontSize(11).text('执法人员：', left, doc.y, { continued: true }).font('regular').text(officers, { lineGap: 3 });
  doc.moveDown(0.4);
  signature(doc, `被检查单位负责人签名${n.representativeName ? `（${n.representativeName}）` : ''}`, opts.signatureImage);
  doc.moveDown(0.6);

  // Issuing body and date on the right, the verification QR code on the left, kept on one page.
  const blockHeight = QR_SIZE + 30;
  if (doc.y + blockHeight > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const top = doc.y;
  await qr(doc, opts.verifyUrl, left, top, QR_SIZE);
  doc.font('regular').fontSize(8).fillColor('#555555').text('扫码核验文书真伪', left, top + QR_SIZE + 2, { width: QR_SIZE + 40 });
  doc.fillColor('#000000').font('bold').fontSize(12).text(`${n.issuerName}（印章）`, left + QR_SIZE + 20, top + 18, { width: width - QR_SIZE - 20, align: 'right' });
  doc.font('regular').fontSize(12).text(chineseDate(n.issuedOn), left + QR_SIZE + 20, doc.y + 6, { width: width - QR_SIZE - 20, align: 'right' });
  doc.y = top + blockHeight;
  doc.x = left;
  doc.moveDown(0.5);
  doc.font('regular').fontSize(9).fillColor('#555555').text('本文书一式两份，一份送达被检查单位，一份存档。', { align: 'left' }).fillColor('#000000');
  return pdfBuffer(doc);
}
