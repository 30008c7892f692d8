/**
 * Installation programme (R7.5) and device Excel routes. Registered as an encapsulated plugin: it
 * carries its own multipart parser (device import) and maps Excel file errors to 413/422.
 */
import { PassThrough, type Writable } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { todayInChina } from '../registry/registry.routes.js';
import { errorHandler, renderError } from '../shared/error-handler.js';
import { AppError } from '../shared/errors.js';
import { EXCEL_LIMITS, ExcelFileError, inspectXlsx, writeWorkbook, XLSX_TYPE } from '../shared/excel.js';
import { t } from '../shared/i18n.js';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { importDevices, writeDeviceExport, writeDeviceTemplate } from './devices.excel.js';
import { NEED_LABELS, PROGRAMME_CATEGORIES, PROGRAMME_CATEGORY_LABELS } from './programme.rules.js';
import { programmeCoverage, programmeMissing } from './programme.service.js';

const tags = ['monitoring'];
const programmeQuery = {
  regionId: z.uuid().optional().describe('默认为本人所属区域'),
  category: z.enum(PROGRAMME_CATEGORIES).optional(),
  newSince: z.iso.date().optional().describe('此日期后登记的居民用户计为“新增居民用户”'),
};

function sendXlsx(app: FastifyInstance, reply: FastifyReply, name: string, fallback: string, write: (out: Writable) => Promise<void>) {
  const out = new PassThrough();
  write(out).catch((err: unknown) => {
    app.log.error({ err }, 'excel download failed');
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  reply.header('Content-Type', XLSX_TYPE).header('Content-Disposition', `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`);
  return reply.send(out);
}

export async function registerProgrammeRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, { limits: { fileSize: EXCEL_LIMITS.maxBytes, files: 1, fields: 2, parts: 3 } });
  app.setErrorHandler((err: Error, req, reply) => {
    const locale = req.locale ?? 'zh-CN';
    if (err instanceof ExcelFileError) return reply.status(err.status).send(renderError(locale, err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'UNPROCESSABLE', err.key, err.params, []));
    return errorHandler(err, req, reply);
  });
  const r = typed(app);
  const db = () => app.deps.db;
  const today = () => todayInChina(app.deps.clock.now());

  r.get(
    '/api/v1/monitoring/programme/coverage',
    {
      schema: {
        tags,
        summary: '安全装置安装覆盖率（按社区）/ Installation programme coverage per community',
        description:
          'Subjects that must have a device (unit users: leak detector; old-community, poor (低保/特困) and new pipeline-gas households: self-closing valve; households over 100 m: both) ' +
          'against those with a bound working device (active, not expired, not offline, no fault). Per community: required, covered, rate (%), byCategory.',
        querystring: z.object(programmeQuery),
      },
    },
    async (req) => programmeCoverage(db(), principalOf(req), req.query, today()),
  );

  r.get(
    '/api/v1/monitoring/programme/missing',
    { schema: { tags, summary: '尚未安装（或设备不正常）的用户清单 / Subjects still missing a working device, paged', querystring: z.object({ ...programmeQuery, ...pageQuery }) } },
    async (req) => programmeMissing(db(), principalOf(req), req.query, today()),
  );

  r.get(
    '/api/v1/monitoring/programme/missing.xlsx',
    { schema: { tags, summary: '导出未安装清单（Excel）/ Export the missing list to Excel', querystring: z.object(programmeQuery) } },
    async (req, reply) => {
      const p = principalOf(req);
      const page = await programmeMissing(db(), p, { ...req.query, page: 1, pageSize: 1 }, today(), true);
      const zh = (l: { zh: string }) => l.zh;
      const rows = page.items.map((m) => ({
        community: m.communityName,
        region: m.regionName,
        subjectType: m.subjectType === 'venue' ? '单位用户' : '居民用户',
        name: m.name,
        address: m.address,
        categories: m.categories.map((c) => zh(PROGRAMME_CATEGORY_LABELS[c])).join('、'),
        missing: m.missing.map((n) => zh(NEED_LABELS[n])).join('、'),
      }));
      return sendXlsx(app, reply, '燃气安全装置未安装清单.xlsx', 'programme-missing.xlsx', (out) =>
        writeWorkbook(out, {
          sheetName: '未安装清单',
          columns: [
            { key: 'community', header: '社区', width: 16 },
            { key: 'region', header: '所属区域', width: 16 },
            { key: 'subjectType', header: '用户类型', width: 10 },
            { key: 'name', header: '名称', width: 28 },
            { key: 'address', header: '地址', width: 40 },
            { key: 'categories', header: '清单类别', width: 28 },
            { key: 'missing', header: '缺少的装置', width: 28 },
          ],
          rows: [rows],
        }),
      );
    },
  );

  r.get('/api/v1/devices/template.xlsx', { schema: { tags: ['devices'], summary: '设备导入模板 / Device import template' } }, async (req, reply) => {
    principalOf(req);
    return sendXlsx(app, reply, '监测设备导入模板.xlsx', 'devices-template.xlsx', writeDeviceTemplate);
  });

  r.get('/api/v1/devices/export.xlsx', { schema: { tags: ['devices'], summary: '导出设备台账 / Export devices in scope' } }, async (req, reply) => {
    const p = principalOf(req);
    return sendXlsx(app, reply, '监测设备台账.xlsx', 'devices.xlsx', (out) => writeDeviceExport(db(), p, out));
  });

  r.post(
    '/api/v1/devices/import',
    {
      schema: {
        tags: ['devices'],
        summary: '批量导入设备（Excel，整份校验）/ Import devices from Excel: all rows or none',
        description: 'multipart/form-data, field `file` (.xlsx from the template). 200 {created, updated}; 422 {error, rows: [{row, errors: [{column, message}]}]} when any row is wrong (nothing imported).',
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const part = await req.file();
      if (!part) throw new AppError('UNPROCESSABLE', 'excel.fileRequired');
      const buf = await part.toBuffer();
      await inspectXlsx(buf);
      const res = await importDevices(db(), p, buf);
      if (res.ok) return { created: res.created, updated: res.updated };
      const body = renderError(req.locale, 'UNPROCESSABLE', 'device.import.badRows', { count: res.errorRows }, []);
      return reply.status(422).send({
        ...body,
        rows: res.errors.map((e) => ({ row: e.row, errors: e.errors.map((x) => ({ column: x.column, message: t(req.locale, x.key, x.params ?? {}) })) })),
      });
    },
  );
}
