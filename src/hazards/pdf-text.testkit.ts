/**
 * Test helper: the text of a PDF written by src/shared/pdf.ts (pdfkit, embedded CID fonts with
 * ToUnicode maps, deflated content streams), good enough to assert that names and numbers are
 * printed. Not a general PDF parser: it reads what pdfkit writes.
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(?:^|\n)(\d+) 0 obj\s*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const streamAt = text.indexOf('stream\n', start);
    const endAt = text.indexOf('endobj', start);
    if (streamAt !== -1 && streamAt < endAt) {
      const dict = text.slice(start, streamAt);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? 0);
      const raw = pdf.subarray(streamAt + 7, streamAt + 7 + length);
      out.set(Number(m[1]), { dict, stream: /FlateDecode/.test(dict) ? inflateSync(raw) : raw });
      re.lastIndex = streamAt + 7 + length;
    } else {
      out.set(Number(m[1]), { dict: text.slice(start, endAt), stream: null });
    }
  }
  return out;
}

const hexChars = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));

/** code → text of one ToUnicode CMap (bfrange with arrays or offsets, bfchar). */
function cmap(src: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of src.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const line of block[1]!.split('\n')) {
      const m = /<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[.*\]|<[0-9a-f]+>)/i.exec(line);
      if (!m) continue;
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      if (m[3]!.startsWith('[')) [...m[3]!.matchAll(/<([0-9a-f]+)>/gi)].forEach((d, i) => map.set(lo + i, hexChars(d[1]!)));
      else for (let c = lo, base = parseInt(m[3]!.slice(1, -1), 16); c <= hi; c++) map.set(c, String.fromCharCode(base + c - lo));
    }
  }
  for (const block of src.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi)) map.set(parseInt(m[1]!, 16), hexChars(m[2]!));
  }
  return map;
}

/** The text of every page, text runs joined, one line per text object. */
export function pdfText(pdf: Buffer): string {
  const objs = objects(pdf);
  const fonts = new Map<string, Map<number, string>>();
  for (const o of objs.values()) {
    for (const f of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objs.get(Number(f[2]));
      const toUnicode = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict);
      const stream = toUnicode ? objs.get(Number(toUnicode[1]))?.stream : null;
      if (stream && !fonts.has(f[1]!)) fonts.set(f[1]!, cmap(stream.toString('latin1')));
    }
  }
  const lines: string[] = [];
  for (const o of objs.values()) {
    if (!o.stream || !/\bBT\b/.test(o.stream.toString('latin1'))) continue;
    let current = new Map<number, string>();
    for (const bt of o.stream.toString('latin1').matchAll(/BT([\s\S]*?)ET/g)) {
      let line = '';
      for (const op of bt[1]!.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\]\s*TJ|<([0-9a-f]*)>\s*Tj/gi)) {
        if (op[1]) current = fonts.get(op[1]) ?? new Map();
        const hexes = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]!) : op[3] !== undefined ? [op[3]] : [];
        for (const h of hexes) line += (h.match(/.{4}/g) ?? []).map((c) => current.get(parseInt(c, 16)) ?? '').join('');
      }
      lines.push(line);
    }
  }
  return lines.join('\n');
}

/** Pages of a PDF. */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}
