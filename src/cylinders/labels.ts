/**
 * Printable QR labels (R6.1): an A4 sheet of 3 × 7 labels, each with a QR code of the public
 * check page (`<publicBaseUrl>/c/<code>`), the code in clear for manual entry at a scale, the
 * owner, the model and the 扫码查验 hint. Uses the platform's PDF module (embedded CJK font).
 */
import { createPdf, pdfBuffer, qr } from '../shared/pdf.js';

export interface LabelItem {
  code: string;
  url: string;
  ownerName: string;
  modelLabel: string;
  serialNumber: string;
}

export const MAX_LABELS = 500;
const COLS = 3;
const ROWS = 7;
const MARGIN = 24;
const A4 = { w: 595.28, h: 841.89 };

export async function labelsPdf(items: readonly LabelItem[]): Promise<Buffer> {
  const doc = createPdf({ title: '气瓶二维码标签 一瓶一码' });
  const margins = { top: 0, bottom: 0, left: 0, right: 0 };
  doc.page.margins = margins;
  const w = (A4.w - 2 * MARGIN) / COLS;
  const h = (A4.h - 2 * MARGIN) / ROWS;
  for (const [i, item] of items.entries()) {
    const slot = i % (COLS * ROWS);
    if (i > 0 && slot === 0) doc.addPage({ size: 'A4', margins });
    const x = MARGIN + (slot % COLS) * w;
    const y = MARGIN + Math.floor(slot / COLS) * h;
    doc.save().lineWidth(0.5).dash(2, { space: 2 }).rect(x + 2, y + 2, w - 4, h - 4).stroke('#999999').undash().restore();
    const size = Math.min(h - 36, 78);
    await qr(doc, item.url, x + 8, y + 8, size);
    const tx = x + size + 14;
    const tw = w - size - 20;
    const line = (text: string, font: 'regular' | 'bold', pt: number, dy: number, lines = 1) =>
      doc.font(font).fontSize(pt).fillColor('#000000').text(text, tx, y + dy, { width: tw, height: pt * 1.6 * lines, ellipsis: true });
    line('一瓶一码 扫码查验', 'bold', 8, 10);
    line(item.ownerName, 'regular', 7, 24, 2);
    line(item.modelLabel, 'regular', 6.5, 46);
    line(`出厂编号 ${item.serialNumber}`, 'regular', 6.5, 57);
    line('问题气瓶请扫码举报', 'regular', 6.5, 70);
    // The code in clear, full width under the QR code, for manual entry at a scale.
    const pt = Math.min(11, (w - 16) / (item.code.length * 0.62));
    doc.font('bold').fontSize(pt).text(item.code, x + 8, y + size + 14, { width: w - 16, align: 'center', lineBreak: false });
  }
  return pdfBuffer(doc);
}
