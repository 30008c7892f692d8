/**
 * Monitoring and alarms (R7): the runtime of this instance on the root app (so platform.ts reaches
 * the pipeline for MQTT), and every route. Called once from app.ts.
 */
import type { FastifyInstance } from 'fastify';
import { registerAlarmRoutes } from './alarms.routes.js';
import { registerDeviceRoutes } from './devices.routes.js';
import { loadMonitoringConfig } from './monitoring.config.js';
import { createMonitoringRuntime } from './monitoring.runtime.js';
import { registerProgrammeRoutes } from './programme.routes.js';
import { registerRuleRoutes } from './rules.routes.js';
import { registerTelemetryRoutes } from './telemetry.routes.js';

/** On the root app, before the API routes: `app.monitoring`, ended with the app. */
export function decorateMonitoring(app: FastifyInstance): void {
  const runtime = createMonitoringRuntime(app.deps, app.log, loadMonitoringConfig(process.env, app.deps.config.port));
  app.decorate('monitoring', runtime);
  // Live-board streams end before the server waits for open connections; the queue drains after.
  app.addHook('preClose', async () => runtime.bus.close());
  app.addHook('onClose', async () => runtime.close());
}

/** Inside the API context. */
export async function registerMonitoringRoutes(api: FastifyInstance): Promise<void> {
  registerDeviceRoutes(api);
  registerTelemetryRoutes(api);
  registerAlarmRoutes(api);
  registerRuleRoutes(api);
  await api.register(registerProgrammeRoutes);
}
