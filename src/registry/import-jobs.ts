/**
 * Import jobs (R2.9): the row in `import_jobs`, how the API shows it, the in-process runner and
 * the sweep that fails jobs of a crashed instance. A file of up to SYNC_ROW_LIMIT rows is
 * answered in the request; a larger one (or one waiting for the runner) continues in the
 * background and is followed with GET /api/v1/registry/imports/{id}.
 */
import { and, eq, getTableColumns, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db, Executor } from '../db/db.js';
import { importJobs } from '../db/schema/index.js';
import { ExcelFileError } from '../shared/excel.js';
import { AppError, notFound } from '../shared/errors.js';
import { t, type Locale } from '../shared/i18n.js';
import type { Principal } from '../shared/principal.js';
import type { KindDef } from './kinds.js';
import { importRows, MAX_STORED_ERROR_ROWS, validateImport } from './registry.import.js';

/** Rows answered within the request; above it the job goes on in the background (202). */
export const SYNC_ROW_LIMIT = 2_000;
/** A running job's instance refreshes its heartbeat this often… */
export const HEARTBEAT_MS = 30_000;
/** …and a job whose heartbeat is older than this was left by a dead instance. */
export const STALE_MS = 120_000;
/** Uploaded files are kept this long after the job ended (receipt, valid-only import), then dropped. */
export const FILE_RETENTION_DAYS = 7;

export type JobStatus = 'queued' | 'validating' | 'invalid' | 'importing' | 'done' | 'failed';
export type ImportMode = 'all' | 'valid-only';
const RUNNING: JobStatus[] = ['queued', 'validating', 'importing'];

type JobRow = typeof importJobs.$inferSelect;
export type JobInfo = Omit<JobRow, 'file'> & { hasFile: boolean };

const { file: _file, ...infoColumns } = getTableColumns(importJobs);

export async function createJob(db: Executor, p: Principal, kind: string, fileName: string, file: Buffer): Promise<string> {
  const [row] = await db
    .insert(importJobs)
    .values({ kind, accountId: p.id, regionId: p.regionId, regionPath: p.regionPath, enterpriseId: p.enterpriseId, fileName: fileName.slice(0, 200), fileSize: file.length, file })
    .returning({ id: importJobs.id });
  return row!.id;
}

/** A job the caller may read: its own, or any for a platform admin; otherwise 404. */
export async function loadJob(db: Executor, p: Principal, id: string): Promise<JobInfo> {
  const [job] = await db
    .select({ ...infoColumns, hasFile: sql<boolean>`${importJobs.file} IS NOT NULL` })
    .from(importJobs)
    .where(eq(importJobs.id, id));
  if (!job || (job.accountId !== p.id && p.role !== 'platform_admin')) throw notFound('entity.importJob');
  return job;
}

export async function loadJobFile(db: Executor, id: string): Promise<Buffer | null> {
  const [row] = await db.select({ file: importJobs.file }).from(importJobs).where(eq(importJobs.id, id));
  return row?.file ?? null;
}

async function updateJob(db: Executor, id: string, patch: PgUpdateSetSource<typeof importJobs>): Promise<void> {
  await db
    .update(importJobs)
    .set({ ...patch, updatedAt: sql`now()`, heartbeatAt: sql`now()` })
    .where(eq(importJobs.id, id));
}

/** A message key with its parameters in the caller's language (`whatKey` → translated `what`). */
export function message(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const p = { ...params };
  for (const [name, value] of Object.entries(params)) if (name.endsWith('Key') && typeof value === 'string') p[name.slice(0, -3)] = t(locale, value);
  return t(locale, key, p);
}

/** The job as the API shows it: counters, every stored bad row with column and reason, links. */
export function presentJob(job: JobInfo, locale: Locale) {
  const base = `/api/v1/registry/imports/${job.id}`;
  return {
    id: job.id,
    kind: job.kind,
    status: job.status as JobStatus,
    mode: job.mode as ImportMode,
    fileName: job.fileName,
    fileSize: job.fileSize,
    progress: {
      totalRows: job.totalRows,
      validatedRows: job.validatedRows,
      validRows: job.validRows,
      invalidRows: job.invalidRows,
      importedRows: job.importedRows,
      createdRows: job.createdRows,
      updatedRows: job.updatedRows,
      unchangedRows: job.unchangedRows,
    },
    errors: job.errors.flatMap((r) => r.errors.map((e) => ({ row: r.row, column: e.column, field: e.field, message: message(locale, e.key, e.params) }))),
    errorsTruncated: job.errorsTruncated,
    failure: job.failure ? { message: message(locale, job.failure.key, job.failure.params) } : null,
    canImportValidRows: job.status === 'invalid' && job.mode === 'all' && job.validRows > 0 && job.hasFile,
    links: { self: base, receipt: job.invalidRows > 0 && job.hasFile ? `${base}/receipt.xlsx` : null, confirm: `${base}/confirm` },
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    finishedAt: job.finishedAt,
  };
}

/**
 * Jobs still marked running whose instance stopped beating (crash, kill -9) are marked failed;
 * files of jobs that ended more than FILE_RETENTION_DAYS ago are dropped (they hold personal
 * data). Called at start (platform.ts) and by every runner each heartbeat.
 */
export async function sweepImportJobs(db: Executor, staleMs = STALE_MS): Promise<{ failed: number; purged: number }> {
  const failed = await db
    .update(importJobs)
    .set({ status: 'failed', failure: { key: 'import.interrupted' }, finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(inArray(importJobs.status, RUNNING), lt(importJobs.heartbeatAt, sql`now() - make_interval(secs => ${staleMs / 1000})`)))
    .returning({ id: importJobs.id });
  const purged = await db
    .update(importJobs)
    .set({ file: null })
    .where(and(isNotNull(importJobs.file), lt(importJobs.finishedAt, sql`now() - make_interval(days => ${FILE_RETENTION_DAYS})`)))
    .returning({ id: importJobs.id });
  return { failed: failed.length, purged: purged.length };
}

export interface ImportTask {
  jobId: string;
  principal: Principal;
  def: KindDef;
  /** The uploaded bytes; a queued task drops them and reads them from the job when it starts. */
  file: Buffer | null;
  mode: ImportMode;
}

/** Imports one account may have waiting or running at once. */
export const MAX_ACTIVE_JOBS_PER_ACCOUNT = 2;

export async function assertNotBusy(db: Executor, p: Principal): Promise<void> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(importJobs)
    .where(and(eq(importJobs.accountId, p.id), inArray(importJobs.status, RUNNING)));
  if ((row?.n ?? 0) >= MAX_ACTIVE_JOBS_PER_ACCOUNT) throw new AppError('CONFLICT', 'import.busy');
}

type Outcome = 'finished' | 'background';
interface Queued {
  task: ImportTask;
  settle: (o: Outcome) => void;
}

/**
 * Runs import jobs in this process, one at a time (memory stays bounded), in submission order.
 * Keeps the heartbeat of its jobs fresh and sweeps dead instances' jobs.
 */
export class ImportRunner {
  private queue: Queued[] = [];
  private current: Promise<void> | null = null;
  private readonly active = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly log: (msg: string, err?: unknown) => void,
  ) {
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Start (or queue) a job; resolves 'finished' when it ended within the request's budget. */
  submit(task: ImportTask): Promise<Outcome> {
    this.active.add(task.jobId);
    return new Promise<Outcome>((settle) => {
      const item = { task, settle };
      if (this.current) {
        this.queue.push({ ...item, task: { ...task, file: null } });
        settle('background');
      } else this.start(item);
    });
  }

  private start(item: Queued) {
    this.current = this.run(item.task, () => item.settle('background')).finally(() => {
      item.settle('finished');
      this.active.delete(item.task.jobId);
      this.current = null;
      const next = this.closed ? undefined : this.queue.shift();
      if (next) this.start(next);
    });
  }

  /** Validate, then import; never throws: every failure ends in the job's status. */
  private async run(task: ImportTask, goBackground: () => void): Promise<void> {
    const { db } = this;
    const { jobId, principal: p, def, mode } = task;
    try {
      const file = task.file ?? (await loadJobFile(db, jobId));
      if (!file) throw new AppError('CONFLICT', 'import.notConfirmable');
      await updateJob(db, jobId, { status: 'validating', mode, totalRows: null, validatedRows: 0, validRows: 0, invalidRows: 0, importedRows: 0, createdRows: 0, updatedRows: 0, unchangedRows: 0, errors: [], errorsTruncated: false, failure: null, finishedAt: null });
      let background = false;
      const v = await validateImport(db, p, def, file, async (n) => {
        if (!background && n > SYNC_ROW_LIMIT) {
          background = true;
          goBackground();
        }
        await updateJob(db, jobId, { validatedRows: n });
      });
      const stored = v.bad.slice(0, MAX_STORED_ERROR_ROWS);
      const counters = { totalRows: v.total, validatedRows: v.total, validRows: v.valid.length, invalidRows: v.bad.length, errors: stored, errorsTruncated: v.bad.length > stored.length };
      if ((v.bad.length > 0 && mode === 'all') || v.valid.length === 0) {
        await updateJob(db, jobId, { ...counters, status: 'invalid', finishedAt: sql`now()` });
        return;
      }
      await updateJob(db, jobId, { ...counters, status: 'importing' });
      const counts = await importRows(db, p, def, v.present, v.valid, (done, c) =>
        updateJob(db, jobId, { importedRows: done, createdRows: c.created, updatedRows: c.updated, unchangedRows: c.unchanged }),
      );
      await updateJob(db, jobId, {
        status: 'done',
        importedRows: v.valid.length,
        createdRows: counts.created,
        updatedRows: counts.updated,
        unchangedRows: counts.unchanged,
        finishedAt: sql`now()`,
        // Nothing left to show in a receipt: the personal data in the file is not kept.
        ...(v.bad.length === 0 ? { file: null } : {}),
      });
    } catch (e) {
      const failure = e instanceof ExcelFileError || e instanceof AppError ? { key: e.key, params: e.params } : { key: 'import.failed' };
      if (!(e instanceof ExcelFileError)) this.log(`import job ${jobId} failed`, e);
      await updateJob(db, jobId, { status: 'failed', failure, finishedAt: sql`now()` }).catch((err: unknown) => this.log(`import job ${jobId}: status not saved`, err));
    }
  }

  private async beat(): Promise<void> {
    try {
      if (this.active.size) await this.db.update(importJobs).set({ heartbeatAt: sql`now()` }).where(inArray(importJobs.id, [...this.active]));
      await sweepImportJobs(this.db);
    } catch (e) {
      this.log('import heartbeat failed', e);
    }
  }

  /** Stop taking work; queued jobs are failed, the running one gets up to `waitMs` to end. */
  async close(waitMs = 30_000): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    for (const q of this.queue.splice(0)) {
      await updateJob(this.db, q.task.jobId, { status: 'failed', failure: { key: 'import.interrupted' }, finishedAt: sql`now()` }).catch(() => undefined);
    }
    if (this.current) await Promise.race([this.current, new Promise((r) => setTimeout(r, waitMs).unref())]);
  }
}

/** A job of this kind that may import its valid rows now, or 409/403. */
export function assertConfirmable(job: JobInfo, p: Principal): void {
  if (job.accountId !== p.id) throw new AppError('FORBIDDEN', 'error.forbidden');
  if (job.status !== 'invalid' || job.mode !== 'all' || job.validRows === 0 || !job.hasFile) throw new AppError('CONFLICT', 'import.notConfirmable');
}
