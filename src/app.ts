import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { resolveApiToken, resolveSession } from './accounts/auth.service.js';
import { registerAuthRoutes } from './accounts/auth.routes.js';
import { registerAccountRoutes } from './accounts/accounts.routes.js';
import { tokenMayCall } from './accounts/roles.js';
import { registerTokenRoutes } from './accounts/tokens.routes.js';
import { registerAuditRoutes } from './audit/audit.routes.js';
import { registerDepartmentRoutes } from './departments/departments.routes.js';
import { diskFileStore } from './files/file-store.js';
import { registerFileRoutes } from './files/files.routes.js';
import { registerHazardRoutes } from './hazards/hazards.routes.js';
import { registerHazardFollowUpRoutes } from './hazards/followup.routes.js';
import { registerChecklistRoutes } from './checklists/checklists.routes.js';
import { registerInspectionRoutes } from './inspections/inspections.routes.js';
import { registerPlanRoutes } from './plans/plans.routes.js';
import { decorateMonitoring, registerMonitoringRoutes } from './monitoring/monitoring.routes.js';
import { registerNotificationRoutes } from './notifications/notifications.routes.js';
import { registerWebhookRoutes } from './notifications/webhooks.routes.js';
import { registerSupervisionRoutes } from './supervision/supervision.routes.js';
import { registerRegionRoutes } from './regions/regions.routes.js';
import { registerDashboardRoutes } from './dashboard/dashboard.routes.js';
import { registerCampaignRoutes } from './campaigns/campaigns.routes.js';
import { registerEvaluationRoutes } from './evaluation/evaluation.routes.js';
import { registerGradingRoutes } from './grading/grading.routes.js';
import { registerPublicReportRoutes } from './reports/public.routes.js';
import { registerReportRoutes } from './reports/reports.routes.js';
import { registerCylinderRoutes } from './cylinders/cylinders.routes.js';
import { registerRegistryRoutes } from './registry/registry.routes.js';
import { registerImportRoutes } from './registry/imports.routes.js';
import { registerPublicRegistryRoutes } from './registry/public.routes.js';
import { LANG_COOKIE, SESSION_COOKIE } from './shared/cookies.js';
import { errorHandler } from './shared/error-handler.js';
import { registerSecurityHeaders } from './shared/security-headers.js';
import { fieldCrypto, loadDataKey } from './shared/field-crypto.js';
import { AppError } from './shared/errors.js';
import type { AppDeps } from './shared/http.js';
import { pickLocale } from './shared/i18n.js';
import { sql } from 'drizzle-orm';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes a user who still has to change the initial password may call. */
const BEFORE_PASSWORD_CHANGE = new Set(['/api/v1/me', '/api/v1/auth/change-password', '/api/v1/auth/logout', '/api/v1/me/locale']);
/** Routes an admin or task-force account may call before enrolling its second factor. */
const BEFORE_TOTP_SETUP = new Set([...BEFORE_PASSWORD_CHANGE, '/api/v1/me/totp/setup', '/api/v1/me/totp/enable']);
/**
 * Routes an anonymous caller may reach: login, logout and everything under /api/v1/public/ (the
 * pages the public uses without an account). Every other /api/v1 route answers 401 first.
 */
const PUBLIC_ROUTES = new Set(['/api/v1/auth/login', '/api/v1/auth/logout']);
const isPublicRoute = (url: string) => PUBLIC_ROUTES.has(url) || url.startsWith('/api/v1/public/');

// The built web app: dist/web, found from src/ (tsx) and from dist/server/ (compiled).
const here = path.dirname(fileURLToPath(import.meta.url));
const webRootBuilt = [path.resolve(here, '../dist/web'), path.resolve(here, '../web')].find((d) =>
  fs.existsSync(path.join(d, 'index.html')) && fs.existsSync(path.join(d, 'assets')),
);

export async function buildApp(input: Omit<AppDeps, 'files' | 'crypto'> & Partial<Pick<AppDeps, 'files' | 'crypto'>>, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const deps: AppDeps = {
    ...input,
    files: input.files ?? diskFileStore(path.join(input.config.dataDir, 'uploads')),
    crypto: input.crypto ?? fieldCrypto(loadDataKey({ dataKeyHex: input.config.dataKeyHex, dataDir: input.config.dataDir })),
  };
  const app = Fastify({
    logger: opts.logger === false ? false : { level: deps.config.logLevel },
    trustProxy: deps.config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    logController: new LogController({ disableRequestLogging: deps.config.logLevel !== 'debug' }),
  });
  app.decorate('deps', deps);
  decorateMonitoring(app);
  app.decorateRequest('principal', null);
  app.decorateRequest('locale', 'zh-CN');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  await app.register(fastifyCookie);
  registerSecurityHeaders(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'GasGuard API', description: '燃气安全监管平台 API', version: '1' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', async (req, reply) => {
    req.locale = pickLocale(req.cookies[LANG_COOKIE], req.headers['accept-language']);
    if (!req.url.startsWith('/api/v1/')) return;
    await authenticate(app, req);
    reply.header('Cache-Control', 'no-store');
    // Authenticate before validating (STYLE.md): an anonymous caller learns nothing about the body a route expects.
    if (!req.principal && !isPublicRoute(req.routeOptions.url ?? '')) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
  });

  app.get('/api/health', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await deps.db.execute(sql`select 1`);
      return { status: 'ok', database: 'up' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: 'down' });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (api) => {
    registerAuthRoutes(api);
    registerRegionRoutes(api);
    registerDepartmentRoutes(api);
    registerAccountRoutes(api);
    registerTokenRoutes(api);
    registerAuditRoutes(api);
    registerRegistryRoutes(api);
    await api.register(registerImportRoutes);
    registerPublicRegistryRoutes(api);
    await api.register(registerFileRoutes);
    registerHazardRoutes(api);
    registerHazardFollowUpRoutes(api);
    registerChecklistRoutes(api);
    registerInspectionRoutes(api);
    registerPlanRoutes(api);
    await registerMonitoringRoutes(api);
    registerNotificationRoutes(api);
    registerWebhookRoutes(api);
    registerSupervisionRoutes(api);
    // Oversight (R5.2–R5.4, R8, R9.1, R11).
    registerDashboardRoutes(api);
    registerCampaignRoutes(api);
    registerEvaluationRoutes(api);
    registerGradingRoutes(api);
    registerReportRoutes(api);
    await api.register(registerPublicReportRoutes);
    await api.register(registerCylinderRoutes);
  });

  if (webRootBuilt) {
    await app.register(fastifyStatic, { root: webRootBuilt, wildcard: true });
    // Single-page app: unknown non-API paths get index.html.
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith('/api/')) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'Not found', fields: [] } });
      return reply.sendFile('index.html');
    });
  }
  return app;
}

async function authenticate(app: FastifyInstance, req: FastifyRequest): Promise<void> {
  const { db, clock, config } = app.deps;
  const ctx = { ip: req.ip ?? null, acceptLanguage: req.headers['accept-language'] };
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    const principal = await resolveApiToken(db, clock, auth.slice(7).trim(), ctx);
    if (!principal) throw new AppError('UNAUTHENTICATED', 'error.tokenRevoked');
    // A machine client reaches its own endpoints only (roles.ts), whatever the route would allow a person.
    if (!tokenMayCall(principal.tokenKind, req.method, req.routeOptions.url ?? '')) throw new AppError('FORBIDDEN', 'error.forbidden');
    req.principal = principal;
    return;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) return;
  const session = await resolveSession(db, clock, cookie, config.sessionIdleMinutes, ctx);
  if (!session) return; // treated as anonymous; protected routes answer 401
  if (!req.cookies[LANG_COOKIE]) req.locale = session.principal.locale;
  session.principal.locale = req.locale;
  if (!SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== session.csrfToken) {
    throw new AppError('CSRF', 'error.csrf');
  }
  const route = req.url.split('?')[0] ?? '';
  if (session.mustChangePassword && !BEFORE_PASSWORD_CHANGE.has(route)) {
    throw new AppError('PASSWORD_CHANGE_REQUIRED', 'error.passwordChangeRequired');
  }
  if (session.mustSetupTotp && !BEFORE_TOTP_SETUP.has(route)) {
    throw new AppError('TOTP_SETUP_REQUIRED', 'error.totpSetupRequired');
  }
  req.principal = session.principal;
}
