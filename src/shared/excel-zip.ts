/**
 * The zip layer of uploaded xlsx files, used by excel.ts only: limits, the checks made before
 * any parsing (size, parts, declared and actual uncompressed sizes, layout), and the ASCII copy
 * of the XML parts that exceljs's streaming reader is fed.
 */
import { pipeline, Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';

export const EXCEL_LIMITS = {
  /** Upload size. */
  maxBytes: 20 * 1024 * 1024,
  /** Data rows of one sheet (header excluded). */
  maxRows: 200_000,
  /** Parts inside the zip. */
  maxEntries: 2_000,
  /** Sum of the parts' uncompressed sizes: a 200,000-row sheet is a few hundred MB of XML. */
  maxUncompressedBytes: 512 * 1024 * 1024,
  /** Compression ratio above which a large part is taken for a zip bomb (real sheets: 5–50). */
  maxRatio: 300,
};
export type ExcelLimits = typeof EXCEL_LIMITS;

/** The whole file is unusable. `key` is an i18n message key; `status` the HTTP status to answer. */
export class ExcelFileError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, unknown> = {},
    readonly status: 413 | 422 = 422,
  ) {
    super(key);
  }
}

/** One part of the zip as its central directory describes it. */
export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressed: number;
  size: number;
  offset: number;
  /** Where the part's (compressed) bytes start, after its local header. */
  dataStart: number;
}

function centralDirectory(buf: Buffer, limits: ExcelLimits): { entries: ZipEntry[]; cdOffset: number } {
  const corrupt = () => new ExcelFileError('excel.corrupt');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  // ZIP64 is only needed past 4 GiB or 65,535 parts: never a legitimate upload here.
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ExcelFileError('excel.zipBomb');
  if (count > limits.maxEntries) throw new ExcelFileError('excel.zipBomb');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw corrupt();
    const nameLen = buf.readUInt16LE(p + 28);
    const entry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      offset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      dataStart: 0,
    };
    if (entry.size === 0xffffffff || entry.compressed === 0xffffffff || entry.offset === 0xffffffff) throw new ExcelFileError('excel.zipBomb');
    entries.push(entry);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return { entries, cdOffset };
}

/** Inflate one part, counting: more output than declared means a lying header (a bomb). */
function checkInflated(data: Buffer, declared: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const inflater = zlib.createInflateRaw();
    let produced = 0;
    inflater.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > declared) {
        inflater.destroy();
        reject(new ExcelFileError('excel.zipBomb'));
      }
    });
    inflater.on('error', () => reject(new ExcelFileError('excel.corrupt')));
    inflater.on('end', () => (produced === declared ? resolve() : reject(new ExcelFileError('excel.corrupt'))));
    inflater.end(data);
  });
}

/**
 * Check an uploaded xlsx before parsing it: size, number of parts, declared uncompressed sizes
 * and ratios, that the parts lie back to back exactly as the central directory says (so the
 * streaming parser sees no hidden parts), and, by inflating with a counter, that no part holds
 * more than it declares.
 */
export async function inspectXlsx(buf: Buffer, limits: ExcelLimits = EXCEL_LIMITS): Promise<void> {
  await inspectedEntries(buf, limits);
}

/** The same checks; returns the parts in file order for `asciiXml`. */
export async function inspectedEntries(buf: Buffer, limits: ExcelLimits): Promise<ZipEntry[]> {
  if (buf.length > limits.maxBytes) throw new ExcelFileError('excel.tooLarge', { mb: Math.round(limits.maxBytes / 1024 / 1024) }, 413);
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw new ExcelFileError('excel.notXlsx');
  const { entries, cdOffset } = centralDirectory(buf, limits);
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (e.flags & 1) throw new ExcelFileError('excel.encrypted');
    if (e.method !== 0 && e.method !== 8) throw new ExcelFileError('excel.corrupt');
    if (e.size > 1024 * 1024 && e.size / Math.max(1, e.compressed) > limits.maxRatio) throw new ExcelFileError('excel.zipBomb');
  }
  if (total > limits.maxUncompressedBytes) throw new ExcelFileError('excel.zipBomb');
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) throw new ExcelFileError('excel.notXlsx');
  const sorted = [...entries].sort((a, b) => a.offset - b.offset);
  let expected = 0;
  for (const e of sorted) {
    if (e.offset !== expected || buf.readUInt32LE(e.offset) !== 0x04034b50) throw new ExcelFileError('excel.corrupt');
    const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
    e.dataStart = start;
    let end = start + e.compressed;
    if (end > cdOffset) throw new ExcelFileError('excel.corrupt');
    if (e.flags & 8) end += end + 4 <= cdOffset && buf.readUInt32LE(end) === 0x08074b50 ? 16 : 12; // data descriptor
    expected = end;
    const data = buf.subarray(start, start + e.compressed);
    if (e.method === 8) await checkInflated(data, e.size);
    else if (e.compressed !== e.size) throw new ExcelFileError('excel.corrupt');
  }
  if (expected !== cdOffset) throw new ExcelFileError('excel.corrupt');
  return sorted;
}

// ---------------------------------------------------------------------------------------------
// An ASCII copy of the XML parts for exceljs's streaming reader

/**
 * exceljs 4.4's streaming reader decodes each inflated chunk to text on its own
 * (utils/parse-sax.js), so a Chinese character cut by a chunk boundary turns into U+FFFD — in a
 * 2,500-row sheet of addresses, a few rows come out garbled. Fed XML whose non-ASCII characters
 * are numeric character references (&#20013;), it cannot cut one. This rewrites the XML parts
 * that way (decoding with a StringDecoder, which keeps split characters whole), streaming,
 * into a zip the reader takes; other parts are left out.
 */
export async function* asciiXml(buf: Buffer, entries: ZipEntry[]): AsyncGenerator<Buffer> {
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    if (!/\.(xml|rels)$/i.test(e.name)) continue;
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0808, 6); // sizes in a data descriptor; UTF-8 name
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(name.length, 26);
    yield Buffer.concat([local, name]);
    const source = Readable.from([buf.subarray(e.dataStart, e.dataStart + e.compressed)]);
    const decoder = new StringDecoder('utf8');
    let crc = 0;
    let size = 0;
    const escape = new Transform({
      transform(chunk: Buffer, _enc, done) {
        const ascii = Buffer.from(decoder.write(chunk).replace(/[^\x00-\x7f]/gu, (c) => `&#${c.codePointAt(0)};`), 'latin1');
        crc = zlib.crc32(ascii, crc);
        size += ascii.length;
        done(null, ascii);
      },
    });
    const deflate = zlib.createDeflateRaw({ level: 0 }); // stored blocks: no CPU spent compressing
    const failed = (err: Error | null) => {
      if (err) deflate.destroy(err);
    };
    if (e.method === 8) pipeline(source, zlib.createInflateRaw(), escape, deflate, failed);
    else pipeline(source, escape, deflate, failed);
    let compressed = 0;
    for await (const chunk of deflate as AsyncIterable<Buffer>) {
      compressed += chunk.length;
      yield chunk;
    }
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
    yield descriptor;
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0808, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc >>> 0, 16);
    cd.writeUInt32LE(compressed, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + compressed + 16;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  yield Buffer.concat([cd, end]);
}
