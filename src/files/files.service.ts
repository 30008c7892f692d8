import { createHash } from 'node:crypto';
import { and, eq, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { files, regions } from '../db/schema/index.js';
import { AppError, notFound } from '../shared/errors.js';
import type { Principal } from '../shared/principal.js';
import type { FileStore } from './file-store.js';
import { EXTENSION, maxBytes, sniffType, type AllowedType } from './sniff.js';

export type FileRow = typeof files.$inferSelect;

export const presentFile = (f: FileRow) => ({ id: f.id, contentType: f.contentType, sizeBytes: f.sizeBytes, originalName: f.originalName, createdAt: f.createdAt, url: `/api/v1/files/${f.id}` });

/**
 * Store one uploaded file after checking what it is by content and its size. `only` narrows the
 * accepted types (e.g. photos must be images).
 */
export async function saveUpload(
  db: Executor,
  store: FileStore,
  input: { bytes: Buffer; originalName: string | null; purpose: string; regionId: string | null; uploadedBy: string | null; only?: 'image' },
): Promise<FileRow> {
  const type: AllowedType | null = sniffType(input.bytes.subarray(0, 16));
  if (!type || (input.only === 'image' && !type.startsWith('image/'))) {
    throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'file', key: 'file.type' }]);
  }
  if (input.bytes.length > maxBytes(type)) {
    throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'file', key: 'file.tooLarge', params: { mb: maxBytes(type) / 1024 / 1024 } }]);
  }
  const key = await store.put(input.bytes, EXTENSION[type]);
  const [row] = await db
    .insert(files)
    .values({
      storageKey: key,
      contentType: type,
      sizeBytes: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      originalName: input.originalName?.slice(0, 200) ?? null,
      regionId: input.regionId,
      uploadedBy: input.uploadedBy,
      purpose: input.purpose,
    })
    .returning();
  return row!;
}

/** A file the caller may read: its own upload, or one attached to a record in its region subtree. */
export async function loadFileInScope(db: Executor, p: Principal, id: string): Promise<FileRow> {
  const [f] = await db
    .select()
    .from(files)
    .where(
      and(
        eq(files.id, id),
        or(
          p.kind === 'account' ? eq(files.uploadedBy, p.id) : sql`false`,
          sql`${files.regionId} IN (SELECT ${regions.id} FROM ${regions} WHERE ${regions.path} LIKE ${p.regionPath + '%'})`,
        ),
      ),
    );
  if (!f) throw notFound('entity.file');
  return f;
}

/** Attach files to a region once the record they belong to is known (uploads precede the record). */
export async function claimFiles(db: Executor, p: Principal, ids: string[], regionId: string): Promise<FileRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(files)
    .where(and(sql`${files.id} IN ${ids}`, p.kind === 'account' ? eq(files.uploadedBy, p.id) : sql`false`));
  if (rows.length !== new Set(ids).size) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'photos', key: 'file.unknown' }]);
  await db.update(files).set({ regionId }).where(sql`${files.id} IN ${ids} AND ${files.regionId} IS NULL`);
  return rows;
}
