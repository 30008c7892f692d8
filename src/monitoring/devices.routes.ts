import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { todayInChina } from '../registry/registry.routes.js';
import { principalOf, typed } from '../shared/http.js';
import { openAlarmsOfDevice } from './alarms.repository.js';
import { createDeviceBody, deviceListQuery, updateDeviceBody } from './devices.schema.js';
import { deviceTelemetry, getDevice, listDevices } from './devices.repository.js';
import { createDevice, retireDevice, updateDevice } from './devices.service.js';

const tags = ['devices'];
const id = z.object({ id: z.uuid() });

export function registerDeviceRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;
  const today = () => todayInChina(app.deps.clock.now());

  r.get(
    '/api/v1/devices',
    {
      schema: {
        tags,
        summary: '监测设备台账 / Monitoring devices in scope with their current state',
        description:
          'Each device: registry fields, regionName, expired, gasTypeMismatch (detector gas ≠ the bound venue/household gas source) and state {online: online|offline|unknown, lastSeenAt, lastTs, ch4, co, valve, battery, fault, activeConditions}.',
        querystring: deviceListQuery,
      },
    },
    async (req) => listDevices(db(), principalOf(req), req.query, today()),
  );

  r.post('/api/v1/devices', { schema: { tags, summary: '登记设备 / Register a device bound to a venue, household or facility', body: createDeviceBody } }, async (req, reply) => {
    const row = await createDevice(db(), principalOf(req), req.body);
    return reply.status(201).send(await getDevice(db(), principalOf(req), row.id, today()));
  });

  r.get('/api/v1/devices/:id', { schema: { tags, summary: '设备详情（含当前状态与未关闭报警）/ One device with state and open alarms', params: id } }, async (req) => {
    const p = principalOf(req);
    const device = await getDevice(db(), p, req.params.id, today());
    return { ...device, openAlarms: await openAlarmsOfDevice(db(), p, req.params.id) };
  });

  r.patch('/api/v1/devices/:id', { schema: { tags, summary: '修改设备（含改绑、停用）/ Change a device (also rebind, retire)', params: id, body: updateDeviceBody } }, async (req) => {
    await updateDevice(db(), principalOf(req), req.params.id, req.body, app.deps.clock.now());
    return getDevice(db(), principalOf(req), req.params.id, today());
  });

  r.delete('/api/v1/devices/:id', { schema: { tags, summary: '停用设备（保留数据）/ Retire a device (its data is kept)', params: id } }, async (req, reply) => {
    await retireDevice(db(), principalOf(req), req.params.id, app.deps.clock.now());
    return reply.status(204).send();
  });

  r.get(
    '/api/v1/devices/:id/telemetry',
    {
      schema: {
        tags,
        summary: '设备历史数据 / A device’s readings in a time range (default: last 24 h), newest first',
        params: id,
        querystring: z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional(), limit: z.coerce.number().int().min(1).max(5000).default(1000) }),
      },
    },
    async (req) => deviceTelemetry(db(), principalOf(req), req.params.id, req.query, app.deps.clock.now()),
  );
}
