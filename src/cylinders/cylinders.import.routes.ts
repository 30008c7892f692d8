/**
 * Excel import of cylinders (R6.1, R2.9): template and upload, as an encapsulated plugin with its
 * own multipart parser; Excel file errors answer 413/422 like the registry's imports.
 */
import { PassThrough } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { errorHandler, renderError } from '../shared/error-handler.js';
import { forbidden } from '../shared/errors.js';
import { EXCEL_LIMITS, ExcelFileError, XLSX_TYPE } from '../shared/excel.js';
import { principalOf, typed } from '../shared/http.js';
import { importCylinders, IMPORT_MAX_ROWS, writeTemplate } from './cylinders.excel.js';
import { chinaDate } from './dates.js';
import type { CylinderRuntime } from './runtime.js';

const tags = ['cylinders'];
const IMPORTERS = new Set(['platform_admin', 'task_force', 'dept_officer', 'enterprise_admin']);

export async function registerCylinderImportRoutes(app: FastifyInstance, opts: { runtime: CylinderRuntime }): Promise<void> {
  await app.register(fastifyMultipart, { limits: { fileSize: EXCEL_LIMITS.maxBytes, files: 1, fields: 5, parts: 6 } });
  app.setErrorHandler((err: Error, req, reply) => {
    const locale = req.locale ?? 'zh-CN';
    if (err instanceof ExcelFileError) return reply.status(err.status).send(renderError(locale, err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'UNPROCESSABLE', err.key, err.params, []));
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.status(413).send(renderError(locale, 'PAYLOAD_TOO_LARGE', 'excel.tooLarge', { mb: EXCEL_LIMITS.maxBytes / 1024 / 1024 }, []));
    }
    return errorHandler(err, req, reply);
  });
  const r = typed(app);
  const rt = opts.runtime;

  r.get('/api/v1/cylinders/import-template.xlsx', { schema: { tags, summary: '气瓶建档导入模板 / Excel import template (with 填写说明 and drop-downs)' } }, async (req, reply) => {
    principalOf(req);
    const out = new PassThrough();
    writeTemplate(out, await rt.settings()).catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
    return reply.header('Content-Type', XLSX_TYPE).header('Content-Disposition', `attachment; filename="cylinder-template.xlsx"; filename*=UTF-8''${encodeURIComponent('气瓶建档导入模板.xlsx')}`).send(out);
  });

  r.post(
    '/api/v1/cylinders/import',
    {
      schema: {
        tags,
        summary: `批量建档（Excel，multipart 文件字段 file；有误则全部不导入，最多 ${IMPORT_MAX_ROWS} 行）/ Import cylinders from Excel, all or nothing`,
        description: '201 `{status:"done", created, codes}`; 422 `{status:"invalid", total, invalidRows, errors:[{row, errors:[{column, message}]}]}` with Excel row numbers (header = row 1).',
        consumes: ['multipart/form-data'],
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      if (p.kind !== 'account' || !IMPORTERS.has(p.role)) throw forbidden();
      const part = await req.file();
      if (!part) throw new ExcelFileError('excel.fileRequired');
      const file = await part.toBuffer();
      const now = rt.clock.now();
      const res = await importCylinders(app.deps.db, p, file, now, chinaDate(now), await rt.settings(), req.locale);
      return reply.status(res.status === 'done' ? 201 : 422).send(res);
    },
  );
}
