import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HAZARD_CATEGORIES } from '../departments/taxonomy.js';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { ALARM_ACTIONS, ALARM_RESULTS, ALARM_STATES } from './alarm.rules.js';
import { getAlarm, listAlarms } from './alarms.repository.js';
import { actOnAlarm, responderCandidates } from './alarms.service.js';
import { alarmStats } from './alarms.stats.js';
import { CONDITIONS, DEVICE_TYPES, SEVERITIES } from './devices.types.js';

const tags = ['alarms'];
const id = z.object({ id: z.uuid() });
const when = z.iso.datetime({ offset: true });

export function registerAlarmRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;

  r.get(
    '/api/v1/alarms',
    {
      schema: {
        tags,
        summary: '报警列表 / Alarms in scope, newest first',
        description:
          'Filters: state (one state, or "open" = not closed), severity, condition, deviceType, regionId (subtree), deviceId, enterpriseId, from/to (raised time). ' +
          'Each alarm carries its device, subject, times of every step, response times in seconds and availableActions (what the caller may do now).',
        querystring: z.object({
          state: z.union([z.enum(ALARM_STATES), z.literal('open')]).optional(),
          severity: z.enum(SEVERITIES).optional(),
          condition: z.enum(CONDITIONS).optional(),
          deviceType: z.enum(DEVICE_TYPES).optional(),
          regionId: z.uuid().optional(),
          deviceId: z.uuid().optional(),
          enterpriseId: z.uuid().optional(),
          from: when.optional(),
          to: when.optional(),
          ...pageQuery,
        }),
      },
    },
    async (req) => listAlarms(db(), principalOf(req), req.query),
  );

  r.get(
    '/api/v1/alarms/stream',
    {
      schema: {
        tags,
        summary: '报警实时推送（SSE）/ Live alarm changes in the caller’s scope (Server-Sent Events)',
        description:
          'text/event-stream. Events: `ready` once listening; `alarm` with the alarm (same shape as the list) whenever one in scope is raised or changes, on any instance; ' +
          '`resync` when changes may have been missed (reload the list). A comment line every 15 s keeps proxies from closing the stream. Load GET /api/v1/alarms first, then apply events by id.',
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      let open = true;
      const client = {
        principal: p,
        send: (event: string, data: unknown) => {
          if (open) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        },
        end: () => {
          open = false;
          res.end();
        },
      };
      const unsubscribe = await app.monitoring.bus.subscribe(client);
      res.write('retry: 3000\n\n');
      client.send('ready', {});
      const heartbeat = setInterval(() => open && res.write(': ping\n\n'), 15_000);
      req.raw.on('close', () => {
        open = false;
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  );

  r.get(
    '/api/v1/alarms/stats',
    {
      schema: {
        tags,
        summary: '报警统计与响应时长 / Alarm figures and response times per child region or per gas company',
        description:
          'For the region (default: the caller’s home region) and period: counts by severity and result, open count, and times from raised to acknowledged, to arrival on site and to closed ' +
          '(meanSec, p50Sec, p90Sec), grouped by the region’s child regions (groupBy=region) or by gas company (groupBy=enterprise), with the total.',
        querystring: z.object({ regionId: z.uuid().optional(), groupBy: z.enum(['region', 'enterprise']).default('region'), from: when.optional(), to: when.optional() }),
      },
    },
    async (req) => alarmStats(db(), principalOf(req), req.query),
  );

  r.get('/api/v1/alarms/:id', { schema: { tags, summary: '报警详情与处置全过程 / One alarm with every step (events)', params: id } }, async (req) => getAlarm(db(), principalOf(req), req.params.id));

  r.get(
    '/api/v1/alarms/:id/responders',
    { schema: { tags, summary: '可派单的处置人员 / People this alarm may be dispatched to', params: id } },
    async (req) => ({ items: await responderCandidates(db(), principalOf(req), req.params.id) }),
  );

  r.post(
    '/api/v1/alarms/:id/actions/:action',
    {
      schema: {
        tags,
        summary: '报警处置：确认、派单、到场、处置反馈、关闭 / Move an alarm through its lifecycle',
        description:
          'acknowledge (确认); dispatch {responderId} (派单, again to re-dispatch); arrive (到场, the responder); handle {result: real_leak|false_alarm|device_fault, note, photos: file ids from /api/v1/files — required when on site, hazardCategory for a real leak} ' +
          '(处置反馈; a real leak puts a hazard on the ledger); close (关闭). 409 when the state does not allow it, 403 when the caller may not.',
        params: z.object({ id: z.uuid(), action: z.enum(ALARM_ACTIONS) }),
        body: z.object({
          responderId: z.uuid().optional(),
          result: z.enum(ALARM_RESULTS).optional(),
          note: z.string().trim().max(1000).optional(),
          photos: z.array(z.uuid()).max(20).optional(),
          hazardCategory: z.enum(HAZARD_CATEGORIES).optional(),
        }),
      },
    },
    async (req) => actOnAlarm(db(), principalOf(req), req.params.id, req.params.action, req.body, app.deps.clock.now()),
  );
}
