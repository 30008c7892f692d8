import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { createDb, migrateDb, type Db } from './db/db.js';
import { seedDemo, seedPlatform } from './demo/seed.js';
import { seedChecklistLibrary } from './checklists/checklists.service.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded/mqtt.js';
import { startEmbeddedPostgres, type EmbeddedDb } from './embedded/postgres.js';
import { systemClock, type Clock } from './shared/clock.js';
import { sweepImportJobs } from './registry/import-jobs.js';
import { platformJobs, startJobs } from './jobs.js';
import { startMqttIngest } from './monitoring/mqtt.ingest.js';

export interface Platform {
  app: FastifyInstance;
  db: Db;
  url: string;
  mqttUrl: string;
  seeded: { adminPassword: string; demo: boolean; created: boolean };
  stop(): Promise<void>;
}

/**
 * Start everything the configuration asks for: the embedded database and broker when no external
 * ones are configured, migrations, first-start seeding, then the HTTP server.
 */
export async function startPlatform(config: Config, opts: { clock?: Clock; log?: (m: string) => void; logger?: boolean } = {}): Promise<Platform> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch((e: unknown) => log(`stop failed: ${String(e)}`));
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const pg: EmbeddedDb = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg'), port: config.embeddedPgPort, log });
      stops.push(pg.stop);
      databaseUrl = pg.url;
    }
    let mqttUrl = config.mqttUrl;
    if (!mqttUrl) {
      const broker: EmbeddedBroker = await startEmbeddedBroker(config.mqttPort);
      stops.push(broker.stop);
      mqttUrl = broker.url;
    }
    const db = createDb(databaseUrl);
    stops.push(() => db.$client.end());
    await migrateDb(db);
    await sweepImportJobs(db); // imports left running by a crashed instance → failed
    const seeded = await seedPlatform(db, { adminPassword: config.adminPassword });
    await seedChecklistLibrary(db);
    if (config.demo) await seedDemo(db);
    const clock = opts.clock ?? systemClock;
    const app = await buildApp({ db, config, clock }, { logger: opts.logger });
    stops.push(() => app.close());
    stops.push(startJobs(platformJobs(db, clock, config), log));
    if (app.monitoring.config.mqttIngest) {
      // Device telemetry over MQTT into the monitoring pipeline (R7.2); stops before the app closes.
      const m = app.monitoring;
      stops.push(startMqttIngest(mqttUrl, { embedded: !config.mqttUrl, config: m.config, pipeline: m.pipeline, clock, log: (level, msg) => app.log[level](msg) }).stop);
    }
    await app.listen({ port: config.port, host: config.host });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    return {
      app,
      db,
      url: `http://${config.host}:${port}`,
      mqttUrl,
      seeded: { ...seeded, demo: config.demo },
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
