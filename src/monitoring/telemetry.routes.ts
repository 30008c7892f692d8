/**
 * HTTP telemetry (R7.2, R7.6): device gateways and vendor platforms post batches with an API token
 * of kind `device_gateway`. Each item is checked on its own: a bad one is counted and reported with
 * its index, and the good ones around it are stored. The answer comes after the commit.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';
import { principalOf, requireCapability, typed } from '../shared/http.js';
import type { Outcome } from './ingest.pipeline.js';
import { parseHttpItem, type RejectReason } from './telemetry.parse.js';

const tags = ['monitoring'];
export const MAX_HTTP_BATCH = 5000;

export function registerTelemetryRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.post(
    '/api/v1/telemetry',
    {
      schema: {
        tags,
        summary: '上报设备数据（设备网关令牌）/ Post telemetry as a device gateway',
        description:
          'Authorization: Bearer <device_gateway token>. Body: JSON array (≤ 5000) of {"device": deviceCode, "ts": epoch ms | ISO 8601, "seq"?: int, "ch4"?: %LEL, "co"?: ppm, "valve"?: "open"|"closed", "battery"?: %, "fault"?: string}. ' +
          'Answers after the accepted messages are committed: accepted (stored, incl. duplicates already stored), rejected with reasons and the index of each refused item (first 100). Devices must lie in the token’s region (and enterprise).',
        body: z.array(z.unknown()).max(MAX_HTTP_BATCH),
        response: {
          200: z.object({
            accepted: z.number().int(),
            rejected: z.number().int(),
            duplicates: z.number().int(),
            late: z.number().int(),
            rejectedBy: z.record(z.string(), z.number().int()),
            errors: z.array(z.object({ index: z.number().int(), device: z.string().nullable(), reason: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      if (p.kind !== 'token' || p.tokenKind !== 'device_gateway') throw new AppError('FORBIDDEN', 'telemetry.gatewayOnly');
      const { pipeline, store } = app.monitoring;
      if (pipeline.depth > app.monitoring.config.maxQueue * 2) throw new AppError('RATE_LIMITED', 'telemetry.busy');
      const now = app.deps.clock.now().getTime();
      const items = req.body.map((it) => parseHttpItem(it, now));
      const codes = [...new Set(items.flatMap((i) => (i.ok ? [i.value.code] : [])))];
      const refs = await store.resolve(codes);
      const outcomes: Promise<Outcome>[] = items.map((it, index) => {
        const reject = (reason: RejectReason, device: string | null) =>
          new Promise<Outcome>((resolve) => pipeline.reject(reason, { index, device, via: 'http', token: p.id }, resolve));
        if (!it.ok) return reject(it.reason, null);
        const ref = refs.get(it.value.code);
        if (!ref) return reject('unknown_device', it.value.code);
        const inScope = ref.regionPath.startsWith(p.regionPath) && (!p.enterpriseId || ref.enterpriseId === p.enterpriseId);
        if (!inScope) return reject('out_of_scope', it.value.code);
        return new Promise<Outcome>((resolve) => pipeline.submit(it.value.code, it.value.reading, now, resolve));
      });
      const results = await Promise.all(outcomes);
      const rejectedBy: Record<string, number> = {};
      const errors: { index: number; device: string | null; reason: string }[] = [];
      let duplicates = 0;
      let late = 0;
      results.forEach((o, index) => {
        if (o.status === 'rejected') {
          rejectedBy[o.reason] = (rejectedBy[o.reason] ?? 0) + 1;
          const it = items[index]!;
          if (errors.length < 100) errors.push({ index, device: it.ok ? it.value.code : null, reason: o.reason });
        } else if (o.status === 'duplicate') duplicates++;
        else if (o.status === 'late') late++;
      });
      const rejected = Object.values(rejectedBy).reduce((a, b) => a + b, 0);
      return { accepted: results.length - rejected, rejected, duplicates, late, rejectedBy, errors };
    },
  );

  r.get(
    '/api/v1/telemetry/stats',
    { schema: { tags, summary: '本实例数据接入计数 / Ingestion counters of this instance (platform admin)' } },
    async (req) => {
      requireCapability(req, 'audit.read');
      const m = app.monitoring;
      return { ...m.pipeline.counters, queueDepth: m.pipeline.depth, paused: m.pipeline.isPaused, boardClients: m.bus.size, boardDelivered: m.bus.delivered };
    },
  );
}
