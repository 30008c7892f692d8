/**
 * Excel routes of the registry (R2.9): template and export per kind, imports with their job,
 * error receipt and "import only the valid rows". Registered as an encapsulated plugin: it
 * carries its own multipart parser and maps Excel file errors to 413/422.
 */
import { PassThrough, type Writable } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.js';
import { errorHandler, renderError } from '../shared/error-handler.js';
import { AppError, forbidden, notFound } from '../shared/errors.js';
import { EXCEL_LIMITS, ExcelFileError, inspectXlsx, openSheet, XLSX_TYPE } from '../shared/excel.js';
import { actorOf, principalOf, typed } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { assertConfirmable, assertNotBusy, createJob, ImportRunner, loadJob, loadJobFile, message, presentJob, type ImportMode, type JobInfo } from './import-jobs.js';
import { kindDef, KINDS, REGISTRY_KINDS, type KindDef } from './kinds.js';
import { EXPORT_MAX_ROWS, readColumns, writeExport, writeReceipt, writeTemplate, type ReceiptRow } from './registry.excel.js';
import { todayInChina } from './registry.routes.js';
import { filterSchema } from './registry.schema.js';
import { assertWriter, buildListWhere } from './registry.service.js';

const jobParams = z.object({ id: z.uuid() });

/** `attachment` with the Chinese name for browsers and an ASCII fallback. */
function disposition(name: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Send an xlsx produced by `write` as a stream; a failure after the headers went out cuts the download. */
function sendXlsx(app: FastifyInstance, reply: FastifyReply, name: string, fallback: string, write: (out: Writable) => Promise<void>) {
  const out = new PassThrough();
  write(out).catch((err: unknown) => {
    app.log.error({ err }, 'excel download failed');
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  reply.header('Content-Type', XLSX_TYPE).header('Content-Disposition', disposition(name, fallback));
  return reply.send(out);
}

export async function registerImportRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, { limits: { fileSize: EXCEL_LIMITS.maxBytes, files: 1, fields: 5, parts: 6 } });
  app.setErrorHandler((err: Error, req, reply) => {
    const locale = req.locale ?? 'zh-CN';
    if (err instanceof ExcelFileError) return reply.status(err.status).send(renderError(locale, err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'UNPROCESSABLE', err.key, err.params, []));
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.status(413).send(renderError(locale, 'PAYLOAD_TOO_LARGE', 'excel.tooLarge', { mb: EXCEL_LIMITS.maxBytes / 1024 / 1024 }, []));
    }
    return errorHandler(err, req, reply);
  });
  const runner = new ImportRunner(app.deps.db, (msg, err) => app.log.error({ err }, msg));
  app.addHook('onClose', async () => runner.close());
  const r = typed(app);
  const db = app.deps.db;
  const today = () => todayInChina(app.deps.clock.now());

  /** Run a job; answer 201 with it when it ended in the request, 202 when it goes on in the background. */
  async function runAndAnswer(reply: FastifyReply, locale: Principal['locale'], p: Principal, def: KindDef, jobId: string, file: Buffer, mode: ImportMode) {
    const outcome = await runner.submit({ jobId, principal: p, def, file, mode });
    const job = await loadJob(db, p, jobId);
    if (outcome === 'finished' && job.status === 'failed' && job.failure?.key.startsWith('excel.')) {
      // The file as a whole is unusable (no header, required columns missing, too many rows…).
      return reply.status(422).send(renderError(locale, 'UNPROCESSABLE', job.failure.key, { ...job.failure.params, jobId }, []));
    }
    return reply.status(outcome === 'finished' ? 201 : 202).send(presentJob(job, locale));
  }

  for (const kind of REGISTRY_KINDS) {
    const def = KINDS[kind];
    const base = `/api/v1/registry/${def.kind}`;
    const tags = [`registry: ${def.kind}`];

    r.get(`${base}/template.xlsx`, { schema: { tags, summary: `${def.label.zh}导入模板 / Excel import template` } }, async (req, reply) => {
      principalOf(req);
      return sendXlsx(app, reply, `${def.label.zh}导入模板.xlsx`, `${def.kind}-template.xlsx`, (out) => writeTemplate(out, def));
    });

    r.get(
      `${base}/export.xlsx`,
      {
        schema: {
          tags,
          summary: `导出${def.label.zh}（当前筛选条件下全部记录，个人信息脱敏）/ Export every record of the filter (masked)`,
          querystring: z.object({
            regionId: z.uuid().optional(),
            q: z.string().max(100).optional(),
            ...(def.kind === 'licence' ? { validity: z.enum(['expired', 'due', 'valid']).optional() } : {}),
            ...filterSchema(def),
          }),
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        const q = req.query as Record<string, string | undefined>;
        const filters: Record<string, string | boolean> = {};
        for (const key of Object.keys(filterSchema(def))) {
          const v = q[key];
          if (typeof v === 'string') filters[key] = v === 'true' ? true : v === 'false' ? false : v;
        }
        const where = await buildListWhere(db, p, def, { regionId: q.regionId, q: q.q, validity: q.validity as 'expired' | undefined, filters }, today());
        const count = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${def.table} WHERE ${where} LIMIT ${EXPORT_MAX_ROWS + 1}) t`);
        const n = Number(count.rows[0]?.n ?? 0);
        if (n > EXPORT_MAX_ROWS) throw new AppError('UNPROCESSABLE', 'registry.export.tooMany', { max: EXPORT_MAX_ROWS });
        await recordAudit(db, actorOf(p), { action: `${def.kind}.export`, entityType: def.kind, entityId: 'export', regionId: p.regionId, after: { query: q, rows: n } });
        return sendXlsx(app, reply, `${def.label.zh}-${today()}.xlsx`, `${def.kind}-${today()}.xlsx`, (out) => writeExport(out, db, def, where, today()));
      },
    );

    r.post(
      `${base}/imports`,
      {
        schema: {
          tags,
          summary: `导入${def.label.zh}（multipart 文件字段 file；整份检查，有误则全部不导入）/ Import from Excel (all or nothing)`,
          consumes: ['multipart/form-data'],
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        assertWriter(p, def);
        if (p.kind !== 'account') throw forbidden();
        const part = await req.file();
        if (!part) throw new ExcelFileError('excel.fileRequired');
        const file = await part.toBuffer();
        await inspectXlsx(file);
        await assertNotBusy(db, p);
        const jobId = await createJob(db, p, def.kind, part.filename || 'import.xlsx', file);
        return runAndAnswer(reply, req.locale, p, def, jobId, file, 'all');
      },
    );
  }

  r.get('/api/v1/registry/imports/:id', { schema: { tags: ['registry'], summary: '导入任务状态与进度 / Import job status and progress', params: jobParams } }, async (req) =>
    presentJob(await loadJob(db, principalOf(req), req.params.id), req.locale),
  );

  r.get(
    '/api/v1/registry/imports/:id/receipt.xlsx',
    { schema: { tags: ['registry'], summary: '错误回执：有误的行、原值与错误原因 / Error receipt: refused rows with their values and reasons', params: jobParams } },
    async (req, reply) => {
      const job = await loadJob(db, principalOf(req), req.params.id);
      const def = kindDef(job.kind);
      const file = job.invalidRows > 0 ? await loadJobFile(db, job.id) : null;
      if (!def || !file) throw new AppError('NOT_FOUND', 'import.noReceipt');
      return sendXlsx(app, reply, `${def.label.zh}错误回执.xlsx`, `${def.kind}-errors.xlsx`, (out) => writeReceipt(out, def, receiptRows(def, job, file, req.locale)));
    },
  );

  r.post(
    '/api/v1/registry/imports/:id/confirm',
    {
      schema: {
        tags: ['registry'],
        summary: '仅导入正确的行 / Import only the valid rows of a refused file',
        params: jobParams,
        body: z.object({ mode: z.literal('valid-only') }),
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const job = await loadJob(db, p, req.params.id);
      const def = kindDef(job.kind);
      if (!def) throw notFound('entity.importJob');
      assertWriter(p, def);
      assertConfirmable(job, p);
      await assertNotBusy(db, p);
      const file = await loadJobFile(db, job.id);
      if (!file) throw new AppError('CONFLICT', 'import.notConfirmable');
      return runAndAnswer(reply, req.locale, p, def, job.id, file, 'valid-only');
    },
  );
}

/** The refused rows of a job's file, read again, with their reasons in the reader's language. */
async function* receiptRows(def: KindDef, job: JobInfo, file: Buffer, locale: Principal['locale']): AsyncGenerator<ReceiptRow[]> {
  const reasons = new Map(job.errors.map((e) => [e.row, e.errors.map((x) => `${x.column}：${message(locale, x.key, x.params)}`).join('；')]));
  const sheet = await openSheet(file, readColumns(def));
  let page: ReceiptRow[] = [];
  for await (const r of sheet.rows) {
    const reason = reasons.get(r.row);
    if (!reason) continue;
    page.push({ row: r.row, cells: r.cells, reason });
    if (page.length >= 1_000) {
      yield page;
      page = [];
    }
  }
  if (page.length) yield page;
}
