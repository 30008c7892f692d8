import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { presentFile, saveUpload } from '../files/files.service.js';
import { AppError } from '../shared/errors.js';
import { typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { enforceRateLimits, type RateRule } from '../shared/rate-limit.js';
import { isMobile, normalizeMobile } from '../shared/validation.js';
import { TOPIC_ROUTES, TOPICS } from './public.rules.js';
import { issueChallenge, MAX_PHOTOS, publicCases, submitPublicReport, trackPublicReport } from './public.service.js';

/** Abuse limits of the public channel (per client address, and per phone for submissions). */
export const PUBLIC_LIMITS = {
  submitPerIpHour: { name: 'public_report.ip.hour', limit: 5, windowSeconds: 3600 },
  submitPerIpDay: { name: 'public_report.ip.day', limit: 20, windowSeconds: 86_400 },
  submitPerPhoneDay: { name: 'public_report.phone.day', limit: 3, windowSeconds: 86_400 },
  challengePerIp: { name: 'public_challenge.ip', limit: 30, windowSeconds: 600 },
  uploadPerIp: { name: 'public_upload.ip', limit: 20, windowSeconds: 3600 },
  trackPerIp: { name: 'public_track.ip', limit: 60, windowSeconds: 600 },
} satisfies Record<string, RateRule>;

/** Photos of a public report: images only, judged by content, at most 5 MB each. */
export const PUBLIC_PHOTO_BYTES = 5 * 1024 * 1024;

const tags = ['public'];

/**
 * The no-login public channel of R8 under /api/v1/public/: report a hazard (with a challenge and
 * rate limits), upload its photos, follow it by tracking code; typical cases. Rate limits run
 * first (onRequest), before the body is even parsed.
 */
export async function registerPublicReportRoutes(app: FastifyInstance) {
  await app.register(fastifyMultipart, { limits: { fileSize: PUBLIC_PHOTO_BYTES, files: 1, fields: 2, parts: 3 } });
  const r = typed(app);
  const db = () => app.deps.db;
  const now = () => app.deps.clock.now();
  const limit = (...rules: RateRule[]) => async (req: FastifyRequest, reply: FastifyReply) => enforceRateLimits(db(), rules.map((x) => [x, req.ip]), now(), reply);

  r.get('/api/v1/public/reports/topics', { schema: { tags, security: [], summary: '举报类别（公开）/ What a report can be about' } }, async () => ({
    items: TOPICS.map((t) => ({ key: t, label: TOPIC_ROUTES[t].label })),
  }));

  r.get(
    '/api/v1/public/reports/challenge',
    { onRequest: limit(PUBLIC_LIMITS.challengePerIp), schema: { tags, security: [], summary: '获取验证题（一次有效，10 分钟内）/ A single-use challenge for the report form' } },
    async () => issueChallenge(db(), now()),
  );

  r.post(
    '/api/v1/public/reports',
    {
      onRequest: limit(PUBLIC_LIMITS.submitPerIpHour, PUBLIC_LIMITS.submitPerIpDay),
      schema: {
        tags,
        security: [],
        summary: '群众举报（免登录）：返回查询码 / Report a gas-safety problem without login; returns a tracking code',
        body: z.object({
          challengeId: z.uuid(),
          answer: z.number().int(),
          topic: z.enum(TOPICS).optional(),
          description: z.string().trim().min(5).max(2000),
          address: z.string().trim().min(2).max(200),
          lat: z.number().min(-90).max(90).optional(),
          lng: z.number().min(-180).max(180).optional(),
          regionCode: z.string().regex(/^\d{6,12}$/).optional(),
          photos: z.array(z.uuid()).max(MAX_PHOTOS).default([]),
          name: z.string().trim().min(1).max(50).optional(),
          phone: z.string().trim().max(20).optional(),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (b.phone && !isMobile(b.phone)) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'phone', key: 'field.invalidFormat' }]);
      await enforceRateLimits(db(), [[PUBLIC_LIMITS.submitPerPhoneDay, b.phone ? normalizeMobile(b.phone) : null]], now(), reply);
      return reply.status(201).send(await submitPublicReport(db(), app.deps.crypto, b, req.ip ?? null, now()));
    },
  );

  r.get(
    '/api/v1/public/reports/:trackingCode',
    {
      onRequest: limit(PUBLIC_LIMITS.trackPerIp),
      schema: { tags, security: [], summary: '凭查询码查看办理状态与结果 / Status and outcome by tracking code', params: z.object({ trackingCode: z.string().min(4).max(40) }) },
    },
    async (req) => trackPublicReport(db(), req.params.trackingCode),
  );

  r.post(
    '/api/v1/public/uploads',
    {
      onRequest: limit(PUBLIC_LIMITS.uploadPerIp),
      schema: { tags, security: [], summary: '举报照片上传（免登录；仅图片，按内容识别，≤5MB）/ Anonymous photo upload for a report', consumes: ['multipart/form-data'] },
    },
    async (req, reply) => {
      const part = await req.file();
      if (!part) throw new AppError('VALIDATION', 'error.validation', {}, [{ path: 'file', key: 'field.required' }]);
      const bytes = await part.toBuffer().catch(() => {
        throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'file', key: 'file.tooLarge', params: { mb: PUBLIC_PHOTO_BYTES / 1024 / 1024 } }]);
      });
      const row = await saveUpload(db(), app.deps.files, { bytes, originalName: null, purpose: 'public_report', regionId: null, uploadedBy: null, only: 'image' });
      const { id, contentType, sizeBytes } = presentFile(row);
      return reply.status(201).send({ id, contentType, sizeBytes });
    },
  );

  r.get('/api/v1/public/cases', { schema: { tags, security: [], summary: '典型案例（公开）/ Typical cases', querystring: z.object(pageQuery) } }, async (req) => publicCases(db(), req.query));
}
