/** Rule settings (R7.3) and the vocabulary of monitoring for the web app. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.js';
import { monitoringRules } from '../db/schema/index.js';
import { AppError } from '../shared/errors.js';
import { actorOf, principalOf, typed } from '../shared/http.js';
import { ALARM_RESULTS, ALARM_STATE_LABELS } from './alarm.rules.js';
import { BINDING_TYPES, CONDITION_LABELS, DEVICE_TYPE_LABELS, DEVICE_TYPES, GAS_TYPE_LABELS, SEVERITY_LABELS } from './devices.types.js';
import { DEFAULT_RULES, ruleConfigSchema } from './rules.config.js';
import { loadRules } from './rules.repository.js';

const tags = ['monitoring'];

export function registerRuleRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.get('/api/v1/monitoring/vocabulary', { schema: { tags, summary: '监测字典（设备类型、报警条件、级别、状态）/ Labels of device types, conditions, severities, states' } }, async () => ({
    deviceTypes: DEVICE_TYPE_LABELS,
    bindingTypes: BINDING_TYPES,
    gasTypes: GAS_TYPE_LABELS,
    conditions: CONDITION_LABELS,
    severities: SEVERITY_LABELS,
    alarmStates: ALARM_STATE_LABELS,
    alarmResults: ALARM_RESULTS,
  }));

  r.get(
    '/api/v1/monitoring/rules',
    { schema: { tags, summary: '报警规则（按设备类型）/ Alarm rules in force per device type, with the defaults' } },
    async (req) => {
      principalOf(req);
      const rows = await app.deps.db.select().from(monitoringRules);
      const inForce = await loadRules(app.deps.db);
      return {
        items: DEVICE_TYPES.map((t) => {
          const row = rows.find((x) => x.deviceType === t);
          return { deviceType: t, config: inForce[t], defaults: DEFAULT_RULES[t], isDefault: !row, updatedAt: row?.updatedAt ?? null };
        }),
      };
    },
  );

  r.put(
    '/api/v1/monitoring/rules/:deviceType',
    {
      schema: {
        tags,
        summary: '修改某类设备的报警规则（平台管理员）/ Replace the rules of one device type (platform admin)',
        description:
          'ch4 thresholds are %LEL per binding (household / commercial = venues / industrial = facilities), co in ppm; each has major and critical points. offlineAfterSec, holdOffSec, lowBatteryPct, severities (or "off") and autoResolve.',
        params: z.object({ deviceType: z.enum(DEVICE_TYPES) }),
        body: ruleConfigSchema,
      },
    },
    async (req) => {
      const p = principalOf(req);
      if (p.role !== 'platform_admin') throw new AppError('FORBIDDEN', 'error.forbidden');
      const actor = actorOf(p);
      await app.deps.db.transaction(async (tx) => {
        await tx
          .insert(monitoringRules)
          .values({ deviceType: req.params.deviceType, config: req.body, updatedBy: actor.id, updatedAt: app.deps.clock.now() })
          .onConflictDoUpdate({ target: monitoringRules.deviceType, set: { config: req.body, updatedBy: actor.id, updatedAt: app.deps.clock.now() } });
        await recordAudit(tx, actor, { action: 'monitoring.rules.update', entityType: 'monitoring_rules', entityId: req.params.deviceType, after: req.body });
      });
      app.monitoring.rules.invalidate();
      return { deviceType: req.params.deviceType, config: req.body };
    },
  );
}
