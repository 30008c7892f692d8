import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pageQuery } from '../shared/pagination.js';
import { requireCapability, typed } from '../shared/http.js';
import { createAccount, getAccount, listAccounts, resetPassword, resetTotp, updateAccount } from './accounts.service.js';
import { ROLES, STAFF_KINDS } from './roles.js';

const idParams = z.object({ id: z.uuid() });
const tags = ['accounts'];
const binding = {
  staffKind: z.enum(STAFF_KINDS).nullable().optional(),
  departmentId: z.uuid().nullable().optional(),
  enterpriseId: z.uuid().nullable().optional(),
  venueId: z.uuid().nullable().optional(),
  phone: z.string().trim().max(20).nullable().optional(),
};

export function registerAccountRoutes(app: FastifyInstance) {
  const r = typed(app);
  const db = () => app.deps.db;

  r.get(
    '/api/v1/accounts',
    {
      schema: {
        tags,
        summary: '账号列表 / Accounts in scope',
        querystring: z.object({
          regionId: z.uuid().optional(),
          role: z.enum(ROLES).optional(),
          status: z.enum(['active', 'disabled']).optional(),
          q: z.string().max(50).optional(),
          ...pageQuery,
        }),
      },
    },
    async (req) => listAccounts(db(), requireCapability(req, 'account.manage'), req.query),
  );

  r.get('/api/v1/accounts/:id', { schema: { tags, summary: '账号详情 / One account', params: idParams } }, async (req) =>
    getAccount(db(), requireCapability(req, 'account.manage'), req.params.id),
  );

  r.post(
    '/api/v1/accounts',
    {
      schema: {
        tags,
        summary: '新建账号（返回一次性初始密码）/ Create an account; returns its initial password once',
        body: z.object({
          username: z.string().trim().regex(/^[A-Za-z0-9_.@-]{3,64}$/),
          displayName: z.string().trim().min(1).max(64),
          role: z.enum(ROLES),
          regionId: z.uuid(),
          ...binding,
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createAccount(db(), requireCapability(req, 'account.manage'), req.body)),
  );

  r.patch(
    '/api/v1/accounts/:id',
    {
      schema: {
        tags,
        summary: '修改、停用或启用账号 / Edit, disable or enable an account',
        params: idParams,
        body: z.object({
          displayName: z.string().trim().min(1).max(64).optional(),
          role: z.enum(ROLES).optional(),
          regionId: z.uuid().optional(),
          status: z.enum(['active', 'disabled']).optional(),
          ...binding,
        }),
      },
    },
    async (req) => updateAccount(db(), requireCapability(req, 'account.manage'), req.params.id, req.body),
  );

  r.post(
    '/api/v1/accounts/:id/reset-password',
    { schema: { tags, summary: '重置密码（解除锁定）/ Reset password and lift a lock-out', params: idParams } },
    async (req) => resetPassword(db(), requireCapability(req, 'account.manage'), req.params.id),
  );

  r.post(
    '/api/v1/accounts/:id/reset-totp',
    { schema: { tags, summary: '解绑身份验证器（遗失手机）/ Clear an account\'s authenticator; it enrols again', params: idParams } },
    async (req) => resetTotp(db(), requireCapability(req, 'account.manage'), req.params.id),
  );
}
