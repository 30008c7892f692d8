/**
 * The one PDF module: A4 documents with an embedded CJK font from an npm package (Noto Sans SC),
 * so notices and dossiers print the same on any machine, with no system fonts assumed.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};

export type Pdf = PDFKit.PDFDocument;

/** A new A4 document with the CJK fonts registered as `regular` and `bold`. */
export function createPdf(meta: { title: string; author?: string }): Pdf {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 56, bottom: 56, left: 60, right: 60 }, info: { Title: meta.title, Author: meta.author ?? 'GasGuard 燃气安全监管平台' } });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.font('regular');
  return doc;
}

/** Finish the document and collect its bytes. */
export function pdfBuffer(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export function title(doc: Pdf, text: string, sub?: string) {
  doc.font('bold').fontSize(18).text(text, { align: 'center' });
  if (sub) doc.moveDown(0.3).font('regular').fontSize(11).text(sub, { align: 'center' });
  doc.moveDown(1).font('regular').fontSize(11);
}

export function heading(doc: Pdf, text: string) {
  doc.moveDown(0.6).font('bold').fontSize(13).text(text).moveDown(0.3).font('regular').fontSize(11);
}

export function para(doc: Pdf, text: string, opts: PDFKit.Mixins.TextOptions = {}) {
  doc.font('regular').fontSize(11).text(text, { lineGap: 3, ...opts });
}

/** Label: value lines, the label in bold. */
export function fields(doc: Pdf, rows: [string, string | null | undefined][]) {
  for (const [label, value] of rows) {
    doc.font('bold').fontSize(11).text(`${label}：`, { continued: true }).font('regular').text(value ?? '—', { lineGap: 3 });
  }
}

/** A simple table: header row and rows, fixed column widths (points), wrapped cells, page breaks. */
export function table(doc: Pdf, headers: string[], rows: (string | number | null | undefined)[][], widths: number[]) {
  const x0 = doc.page.margins.left;
  const draw = (cells: (string | number | null | undefined)[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(9);
    const heights = cells.map((c, i) => doc.heightOfString(String(c ?? ''), { width: widths[i]! - 6 }));
    const h = Math.max(...heights, 12) + 6;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = x0;
    cells.forEach((c, i) => {
      doc.rect(x, y, widths[i]!, h).stroke('#999999');
      doc.fillColor('#000000').text(String(c ?? ''), x + 3, y + 3, { width: widths[i]! - 6 });
      x += widths[i]!;
    });
    doc.x = x0;
    doc.y = y + h;
  };
  draw(headers, true);
  for (const r of rows) draw(r, false);
  doc.moveDown(0.5).font('regular').fontSize(11);
}

/** A QR code (e.g. linking to a verification page) at the given position. */
export async function qr(doc: Pdf, text: string, x: number, y: number, size = 72) {
  const png = await QRCode.toBuffer(text, { type: 'png', margin: 1, width: size * 3 });
  doc.image(png, x, y, { width: size, height: size });
}

/** A signature image (PNG/JPEG bytes) with its caption; a blank line when there is none. */
export function signature(doc: Pdf, caption: string, image: Buffer | null) {
  doc.font('regular').fontSize(11).text(`${caption}：`, { continued: !image });
  if (image) {
    doc.image(image, { height: 40 });
    doc.moveDown(0.3);
  } else {
    doc.text('________________');
  }
}
