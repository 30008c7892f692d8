import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { principalOf, typed } from '../shared/http.js';
import { pageQuery } from '../shared/pagination.js';
import { EVENT_KINDS } from './events.js';
import { ROBOT_FORMATS, ROBOT_KINDS } from './webhooks.rules.js';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, listOutbox, testEndpoint, updateEndpoint } from './webhooks.service.js';

const tags = ['webhooks'];
const id = z.object({ id: z.uuid() });
const name = z.string().trim().min(1).max(100);
const url = z.string().trim().min(1).max(1000);
const secret = z.string().trim().max(200);
const events = z.array(z.enum(EVENT_KINDS)).max(EVENT_KINDS.length);

/** Group robots (企业微信 / 钉钉) of a unit, managed by a task force or a platform admin. */
export function registerWebhookRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;
  const hosts = () => app.deps.config.robotHosts;
  const crypto = () => app.deps.crypto;

  r.get('/api/v1/webhooks', { schema: { tags, summary: '消息机器人列表 / Group robots in scope (URLs masked, secrets never shown)' } }, async (req) =>
    listEndpoints(db(), crypto(), principalOf(req)),
  );

  r.post(
    '/api/v1/webhooks',
    {
      schema: {
        tags,
        summary: '添加消息机器人 / Add a group robot of a region or a department',
        body: z.object({
          name,
          kind: z.enum(ROBOT_KINDS),
          format: z.enum(ROBOT_FORMATS).optional(),
          url,
          secret: secret.nullable().optional(),
          events,
          enabled: z.boolean().optional(),
          regionId: z.uuid().nullable().optional(),
          departmentId: z.uuid().nullable().optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createEndpoint(db(), crypto(), principalOf(req), req.body, hosts())),
  );

  r.get('/api/v1/webhooks/:id', { schema: { tags, summary: '消息机器人详情 / One robot', params: id } }, async (req) => getEndpoint(db(), crypto(), principalOf(req), req.params.id));

  r.patch(
    '/api/v1/webhooks/:id',
    {
      schema: {
        tags,
        summary: '修改消息机器人（密钥只写不读）/ Change a robot; a secret can be replaced, never read',
        params: id,
        body: z.object({ name: name.optional(), url: url.optional(), format: z.enum(ROBOT_FORMATS).optional(), secret: secret.nullable().optional(), events: events.optional(), enabled: z.boolean().optional() }),
      },
    },
    async (req) => updateEndpoint(db(), crypto(), principalOf(req), req.params.id, req.body, hosts()),
  );

  r.delete('/api/v1/webhooks/:id', { schema: { tags, summary: '删除消息机器人 / Remove a robot (pending messages are cancelled)', params: id } }, async (req, reply) => {
    await deleteEndpoint(db(), crypto(), principalOf(req), req.params.id);
    return reply.status(204).send();
  });

  r.get(
    '/api/v1/webhooks/:id/outbox',
    { schema: { tags, summary: '发送记录 / The robot\'s messages with their delivery state and response', params: id, querystring: z.object(pageQuery) } },
    async (req) => listOutbox(db(), principalOf(req), req.params.id, req.query),
  );

  r.post('/api/v1/webhooks/:id/test', { schema: { tags, summary: '发送测试消息 / Queue a test message', params: id } }, async (req, reply) =>
    reply.status(202).send(await testEndpoint(db(), principalOf(req), req.params.id, app.deps.clock.now())),
  );
}
