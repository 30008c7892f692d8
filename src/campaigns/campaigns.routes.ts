import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { todayInChina } from '../registry/registry.routes.js';
import { principalOf, typed } from '../shared/http.js';
import { XLSX_TYPE } from '../shared/excel.js';
import { dueDates, PHASE_KEYS, type PhaseKey } from './calendar.rules.js';
import { createCampaign, getCampaign, listCampaigns, loadCampaignVisible, presets, updateCampaign } from './campaigns.service.js';
import { compiledPdf, compiledXlsx } from './progress.export.js';
import { compiledReports, getProgressReport, listProgressReports, runReportCalendar, saveProgressText, submitProgressReport } from './progress.service.js';
import { AppError, forbidden } from '../shared/errors.js';

const tags = ['campaigns'];
const isoDate = z.iso.date();
const phase = z.object({
  key: z.enum(PHASE_KEYS as [PhaseKey, ...PhaseKey[]]),
  name: z.string().trim().min(1).max(40),
  start: isoDate,
  end: isoDate.nullable(),
});
const calendar = z.object({
  key: z.string().max(40).optional(),
  rules: z.array(z.object({ phases: z.array(z.enum(PHASE_KEYS as [PhaseKey, ...PhaseKey[]])).min(1), days: z.array(z.number().int().min(1).max(31)).min(1).max(6) })).min(1).max(6).optional(),
  startsOn: isoDate.nullable().optional(),
});
const idParams = z.object({ id: z.uuid() });

export function registerCampaignRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;
  const today = () => todayInChina(app.deps.clock.now());

  r.get('/api/v1/campaigns/presets', { schema: { tags, summary: '专项整治方案与报送日历预设（来自 000/001/002）/ Campaign and calendar presets from the seeds' } }, async (req) => {
    principalOf(req);
    return presets();
  });

  r.get('/api/v1/campaigns', { schema: { tags, summary: '专项整治列表（本级及上级）/ Campaigns of a region and above', querystring: z.object({ regionId: z.uuid().optional() }) } }, async (req) =>
    listCampaigns(db(), principalOf(req), req.query.regionId),
  );

  r.post(
    '/api/v1/campaigns',
    {
      schema: {
        tags,
        summary: '新建专项整治（阶段：集中攻坚/巩固提升/长效机制）/ Create a campaign with phases and a reporting calendar',
        body: z.object({
          regionId: z.uuid(),
          presetKey: z.string().max(40).optional(),
          name: z.string().trim().min(1).max(100).optional(),
          phases: z.array(phase).min(1).max(6).optional(),
          calendar: calendar.optional(),
          reportingFrom: isoDate.optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createCampaign(db(), principalOf(req), req.body, today())),
  );

  r.get('/api/v1/campaigns/:id', { schema: { tags, summary: '专项整治详情、报送单位与近期报送日 / A campaign, its units and next due dates', params: idParams } }, async (req) =>
    getCampaign(db(), principalOf(req), req.params.id, today()),
  );

  r.patch(
    '/api/v1/campaigns/:id',
    {
      schema: {
        tags,
        summary: '修改专项整治（阶段、日历、状态）/ Edit phases, calendar or status',
        params: idParams,
        body: z.object({
          name: z.string().trim().min(1).max(100).optional(),
          phases: z.array(phase).min(1).max(6).optional(),
          calendar: calendar.optional(),
          status: z.enum(['active', 'archived']).optional(),
          reportingFrom: isoDate.optional(),
        }),
      },
    },
    async (req) => updateCampaign(db(), principalOf(req), req.params.id, req.body),
  );

  r.get(
    '/api/v1/campaigns/:id/due-dates',
    { schema: { tags, summary: '报送日（按日历计算）/ Report due dates between two days', params: idParams, querystring: z.object({ from: isoDate, to: isoDate }) } },
    async (req) => {
      const c = await loadCampaignVisible(db(), principalOf(req), req.params.id);
      return { items: dueDates(c.calendar, c, req.query.from, req.query.to) };
    },
  );

  r.get(
    '/api/v1/campaigns/:id/progress-reports',
    {
      schema: {
        tags,
        summary: '各单位进展报告（迟报标记）/ Units’ progress reports, late ones flagged',
        params: idParams,
        querystring: z.object({ dueDate: isoDate.optional(), status: z.enum(['pending', 'submitted']).optional() }),
      },
    },
    async (req) => listProgressReports(db(), principalOf(req), req.params.id, req.query, today()),
  );

  r.post(
    '/api/v1/campaigns/:id/progress-reports/generate',
    { schema: { tags, summary: '立即生成报送任务并提醒（通常由定时任务完成）/ Run the reporting calendar now', params: idParams } },
    async (req) => {
      const p = principalOf(req);
      if (p.role !== 'platform_admin' && p.role !== 'task_force') throw forbidden();
      await loadCampaignVisible(db(), p, req.params.id);
      return runReportCalendar(db(), app.deps.clock.now(), undefined, req.params.id);
    },
  );

  r.get(
    '/api/v1/campaigns/:id/progress-reports/compiled',
    {
      schema: {
        tags,
        summary: '上级汇总各单位进展（JSON / Excel / PDF）/ The compiled report of the units for one due date',
        params: idParams,
        querystring: z.object({ dueDate: isoDate, format: z.enum(['json', 'xlsx', 'pdf']).default('json') }),
      },
    },
    async (req, reply) => {
      const res = await compiledReports(db(), principalOf(req), req.params.id, req.query.dueDate, app.deps.clock.now());
      if (req.query.format === 'json') return res;
      const file = `progress-${req.query.dueDate}`;
      if (req.query.format === 'xlsx') {
        const buf = await compiledXlsx(res.campaign.name, res.dueDate, res.items);
        return reply.header('Content-Type', XLSX_TYPE).header('Content-Disposition', `attachment; filename="${file}.xlsx"`).send(buf);
      }
      const buf = await compiledPdf(res.campaign.name, res.dueDate, res.items);
      return reply.header('Content-Type', 'application/pdf').header('Content-Disposition', `attachment; filename="${file}.pdf"`).send(buf);
    },
  );

  r.get('/api/v1/progress-reports/:id', { schema: { tags, summary: '一份进展报告（未报送时草稿按最新数据生成）/ One progress report with its draft', params: idParams } }, async (req) =>
    getProgressReport(db(), principalOf(req), req.params.id, app.deps.clock.now()),
  );

  r.patch(
    '/api/v1/progress-reports/:id',
    { schema: { tags, summary: '保存单位填写的进展内容 / Save the unit’s text', params: idParams, body: z.object({ text: z.string().max(20000) }) } },
    async (req) => saveProgressText(db(), principalOf(req), req.params.id, req.body.text, app.deps.clock.now()),
  );

  r.post(
    '/api/v1/progress-reports/:id/submit',
    { schema: { tags, summary: '报送进展报告 / Submit the report (late if after the due date)', params: idParams, body: z.object({ text: z.string().max(20000).optional() }) } },
    async (req) => {
      if (req.body.text !== undefined && !req.body.text.trim()) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'text', key: 'field.required' }]);
      return submitProgressReport(db(), principalOf(req), req.params.id, req.body.text, app.deps.clock.now());
    },
  );
}
