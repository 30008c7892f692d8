import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';
import { principalOf, typed } from '../shared/http.js';
import { loadRegionInScope } from '../shared/scope.js';
import { loadFileInScope, presentFile, saveUpload } from './files.service.js';

const PURPOSES = ['photo', 'signature', 'evidence', 'document'] as const;

export async function registerFileRoutes(app: FastifyInstance) {
  await app.register(fastifyMultipart, { limits: { fileSize: 21 * 1024 * 1024, files: 1, fields: 10 } });
  const r = typed(app);

  r.post(
    '/api/v1/files',
    {
      schema: {
        tags: ['files'],
        summary: '上传照片、签名或文件（按内容识别类型）/ Upload a photo, signature or document (type checked by content)',
        querystring: z.object({ purpose: z.enum(PURPOSES).default('photo'), regionId: z.uuid().optional() }),
        consumes: ['multipart/form-data'],
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      if (p.kind !== 'account') throw new AppError('FORBIDDEN', 'error.forbidden');
      if (req.query.regionId) await loadRegionInScope(app.deps.db, p, req.query.regionId);
      const part = await req.file();
      if (!part) throw new AppError('VALIDATION', 'error.validation', {}, [{ path: 'file', key: 'field.required' }]);
      const bytes = await part.toBuffer().catch(() => {
        throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'file', key: 'file.tooLarge', params: { mb: 20 } }]);
      });
      const row = await saveUpload(app.deps.db, app.deps.files, {
        bytes,
        originalName: part.filename,
        purpose: req.query.purpose,
        regionId: req.query.regionId ?? null,
        uploadedBy: p.id,
        only: req.query.purpose === 'document' ? undefined : 'image',
      });
      return reply.status(201).send(presentFile(row));
    },
  );

  r.get('/api/v1/files/:id', { schema: { tags: ['files'], summary: '下载文件 / Download a file', params: z.object({ id: z.uuid() }) } }, async (req, reply) => {
    const f = await loadFileInScope(app.deps.db, principalOf(req), req.params.id);
    const bytes = await app.deps.files.get(f.storageKey);
    // Served with the sniffed type, never sniffable as HTML, and as an attachment unless an image.
    reply.header('Content-Type', f.contentType);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Content-Disposition', `${f.contentType.startsWith('image/') ? 'inline' : 'attachment'}; filename="${f.id}"`);
    reply.header('Cache-Control', 'private, max-age=3600');
    return reply.send(bytes);
  });
}
