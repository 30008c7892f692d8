/**
 * The running parts of monitoring of one app instance: the rule cache, the ingestion pipeline on
 * its PostgreSQL store, and the alarm bus of the live board. Built with the app (app.ts), so the
 * HTTP telemetry route, MQTT ingestion (platform.ts) and tests share one pipeline; closed with it.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/db.js';
import type { Clock } from '../shared/clock.js';
import { AlarmBus } from './alarm.bus.js';
import { IngestPipeline } from './ingest.pipeline.js';
import { PgBatchStore } from './ingest.store.js';
import { loadMonitoringConfig, type MonitoringConfig } from './monitoring.config.js';
import { RuleCache } from './rules.repository.js';

export interface MonitoringRuntime {
  config: MonitoringConfig;
  rules: RuleCache;
  pipeline: IngestPipeline;
  store: PgBatchStore;
  bus: AlarmBus;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    monitoring: MonitoringRuntime;
  }
}

export function createMonitoringRuntime(deps: { db: Db; clock: Clock }, log: FastifyInstance['log'], config: MonitoringConfig = loadMonitoringConfig()): MonitoringRuntime {
  const rules = new RuleCache(deps.db);
  const store = new PgBatchStore(deps.db, rules, { now: () => deps.clock.now(), log: (m) => log.warn(m) });
  const pipeline = new IngestPipeline(store, {
    maxBatch: config.batch,
    flushMs: config.flushMs,
    maxQueue: config.maxQueue,
    log: (level, msg, data) => log[level](data ?? {}, msg),
  });
  const bus = new AlarmBus(deps.db, (m) => log.warn(m));
  return {
    config,
    rules,
    pipeline,
    store,
    bus,
    close: async () => {
      await pipeline.close();
      await bus.close();
    },
  };
}
