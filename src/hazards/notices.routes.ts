import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { todayInChina } from '../registry/registry.routes.js';
import { principalOf, requireCapability, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { originOf, sendPdf } from './downloads.js';
import { renderNoticePdf } from './notices.pdf.js';
import { NOTICE_KINDS } from './notices.rules.js';
import { getNotice, issueNotice, listNotices, presentNotice, signatureFile, verifyNotice } from './notices.service.js';
import { getNoticeSettings, updateNoticeSettings } from './notices.settings.js';

const tags = ['notices'];
/** Record times are real time, like the hazard events they interleave with in trails (hazards.service.ts). */
const recordTime = () => new Date();
const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

export const issueNoticeBody = z.object({
  kind: z.enum(NOTICE_KINDS).default('rectification'),
  /** Issue in the name of this unit; dept and town officers default to their own. */
  issuer: z.object({ type: z.enum(['department', 'region']), id: z.uuid() }).optional(),
  items: z
    .array(z.object({ hazardId: z.uuid(), deadline: isoDate.optional(), basis: text(500).optional() }))
    .min(1)
    .max(50),
  /** 责令…于__年__月__日前整改完毕 (an item may give its own). */
  deadline: isoDate,
  /** Two officers at least (执法人员不少于两人), each with the enforcement certificate number. */
  officers: z.array(z.object({ name: text(50), certificateNo: text(50) })).min(2).max(4),
  representativeName: text(50).optional(),
  /** File id of the representative's signature (PNG/JPG upload). */
  representativeSignature: z.uuid().optional(),
});

export function registerNoticeRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = app.deps.db;
  const today = () => todayInChina(app.deps.clock.now());

  r.post('/api/v1/notices', { schema: { tags, summary: '下达整改通知书 / Issue a rectification notice (R4.4)', body: issueNoticeBody } }, async (req, reply) => {
    const row = await issueNotice(db, principalOf(req), req.body, recordTime(), today());
    return reply.status(201).send(presentNotice(row));
  });

  r.get(
    '/api/v1/notices',
    {
      schema: {
        tags,
        summary: '整改通知书列表 / Notices (by subject or hazard)',
        querystring: z.object({ subjectType: z.string().max(20).optional(), subjectId: z.uuid().optional(), hazardId: z.uuid().optional(), ...pageQuery }),
      },
    },
    async (req) => listNotices(db, principalOf(req), req.query),
  );

  r.get(
    '/api/v1/notices/settings',
    { schema: { tags, summary: '通知书设置（文号简称、复议机关、法院）/ Notice settings of a region', querystring: z.object({ regionId: z.uuid() }) } },
    async (req) => getNoticeSettings(db, principalOf(req), req.query.regionId),
  );

  r.put(
    '/api/v1/notices/settings/:regionId',
    {
      schema: {
        tags,
        summary: '修改通知书设置 / Edit the notice settings of a region (task force, platform admin)',
        params: z.object({ regionId: z.uuid() }),
        body: z.object({
          reviewBody: text(100).nullable().optional(),
          court: text(100).nullable().optional(),
          abbreviations: z.record(z.uuid(), z.string().max(40).nullable()).optional(),
        }),
      },
    },
    async (req) => updateNoticeSettings(db, requireCapability(req, 'department.manage'), req.params.regionId, req.body),
  );

  r.get('/api/v1/notices/:id', { schema: { tags, summary: '整改通知书详情 / One notice', params: z.object({ id: z.uuid() }) } }, async (req) =>
    presentNotice(await getNotice(db, principalOf(req), req.params.id)),
  );

  r.get('/api/v1/notices/:id.pdf', { schema: { tags, summary: '打印整改通知书（PDF）/ The notice as PDF', params: z.object({ id: z.uuid() }) } }, async (req, reply) => {
    const n = await getNotice(db, principalOf(req), req.params.id);
    const sig = await signatureFile(db, n);
    const signatureImage = sig ? await app.deps.files.get(sig.storageKey) : null;
    const verifyUrl = `${originOf(req)}/api/v1/public/notices/verify?no=${encodeURIComponent(n.number)}&code=${n.verificationCode}`;
    const pdf = await renderNoticePdf(n, { verifyUrl, signatureImage });
    return sendPdf(reply, pdf, `${n.number}.pdf`, `notice-${n.year}-${n.seq}.pdf`);
  });

  r.get(
    '/api/v1/public/notices/verify',
    {
      schema: {
        tags: ['public'],
        summary: '核验整改通知书（无需登录）/ Verify a notice by number and code (public)',
        querystring: z.object({ no: z.string().trim().min(1).max(60), code: z.string().trim().min(1).max(20) }),
      },
    },
    async (req) => verifyNotice(db, req.query.no, req.query.code),
  );
}
