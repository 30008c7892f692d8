import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts, regions } from './foundation.js';

/** Uploaded files (photos, signatures, documents): metadata here, bytes in the FileStore. */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    originalName: text('original_name'),
    /** Region of the record the file belongs to: who may see it. */
    regionId: uuid('region_id').references(() => regions.id),
    uploadedBy: uuid('uploaded_by').references(() => accounts.id),
    /** Anonymous uploads (public reports) carry no account. */
    purpose: text('purpose').notNull(), // photo | signature | evidence | document | public_report
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('files_region_idx').on(t.regionId)],
);
