import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PHASE_KEYS, type PhaseKey } from '../campaigns/calendar.rules.js';
import { todayInChina } from '../registry/registry.routes.js';
import { principalOf, requireCapability, typed } from '../shared/http.js';
import { catalogue, dashboard, requireOfficial, trends } from './dashboard.service.js';
import { getBoundaries, putBoundaries } from './geo.service.js';
import { MAP_LAYERS, mapData, type MapLayer } from './map.service.js';
import { resolvePeriod } from './period.js';

const tags = ['dashboard'];
const isoDate = z.iso.date();
const list = z
  .string()
  .max(1000)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
const periodQuery = {
  from: isoDate.optional(),
  to: isoDate.optional(),
  campaignId: z.uuid().optional(),
  phase: z.enum(PHASE_KEYS as [PhaseKey, ...PhaseKey[]]).optional(),
};

export function registerDashboardRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;
  const today = () => todayInChina(app.deps.clock.now());

  r.get(
    '/api/v1/dashboard',
    {
      schema: {
        tags,
        summary: '综合看板：区域及下级区域的全部指标（可按专项整治阶段）/ Every figure for a region and each child region (drill-down)',
        querystring: z.object({ regionId: z.uuid().optional(), ...periodQuery, keys: list.optional(), groups: list.optional() }),
      },
    },
    async (req) => {
      const p = principalOf(req);
      requireOfficial(p);
      const period = await resolvePeriod(db(), p, req.query, today());
      return dashboard(db(), p, req.query, period, today());
    },
  );

  r.get('/api/v1/dashboard/figures', { schema: { tags, summary: '指标目录（键、名称、口径）/ The figure catalogue: keys, labels, how each is made' } }, async (req) => {
    requireOfficial(principalOf(req));
    return { items: catalogue() };
  });

  r.get(
    '/api/v1/dashboard/trends',
    {
      schema: {
        tags,
        summary: '趋势（按日/周/月，供 ECharts）/ A figure over time by day, week or month',
        querystring: z.object({ regionId: z.uuid().optional(), metric: z.string().max(60), granularity: z.enum(['day', 'week', 'month']).default('month'), ...periodQuery }),
      },
    },
    async (req) => {
      const p = principalOf(req);
      requireOfficial(p);
      const period = await resolvePeriod(db(), p, req.query, today());
      return trends(db(), p, req.query, period, today());
    },
  );

  r.get(
    '/api/v1/dashboard/map',
    {
      schema: {
        tags,
        summary: '地图：点位（场所、企业、场站、未销号重大隐患、未关闭报警）与下级区域指标（按区划代码）/ Map points and child figures keyed by adcode',
        querystring: z.object({
          regionId: z.uuid().optional(),
          ...periodQuery,
          layers: list.pipe(z.array(z.enum(MAP_LAYERS))).optional(),
          keys: list.optional(),
          limit: z.coerce.number().int().min(1).max(10000).default(2000),
        }),
      },
    },
    async (req) => {
      const p = principalOf(req);
      requireOfficial(p);
      const period = await resolvePeriod(db(), p, req.query, today());
      const layers: MapLayer[] = req.query.layers ?? ['subjects', 'majorHazards', 'alarms'];
      return mapData(db(), p, { regionId: req.query.regionId, layers, limit: req.query.limit, keys: req.query.keys }, period, today());
    },
  );

  r.put(
    '/api/v1/geo/boundaries',
    {
      bodyLimit: 25 * 1024 * 1024,
      schema: {
        tags,
        summary: '上传区域边界 GeoJSON（features 带 properties.adcode/name）/ Upload the region boundaries the map uses',
        querystring: z.object({ regionId: z.uuid() }),
        body: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()).min(1).max(5000) }).passthrough(),
      },
    },
    async (req) => putBoundaries(db(), requireCapability(req, 'region.manage'), req.query.regionId, req.body),
  );

  r.get('/api/v1/geo/boundaries', { schema: { tags, summary: '区域边界 GeoJSON（平台内置，不访问互联网）/ The stored boundaries of a region', querystring: z.object({ regionId: z.uuid() }) } }, async (req) =>
    getBoundaries(db(), principalOf(req), req.query.regionId),
  );
}
