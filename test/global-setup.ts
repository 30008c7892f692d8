import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb, migrateDb } from '../src/db/db.js';
import { seedDemo, seedPlatform } from '../src/demo/seed.js';
import { seedChecklistLibrary } from '../src/checklists/checklists.service.js';
import { startEmbeddedPostgres } from '../src/embedded/postgres.js';

/** One PostgreSQL server the integration tests run against, with a migrated, seeded template. */
export interface TestServer {
  name: string;
  /** URL of a maintenance database on that server (used to create and drop test databases). */
  adminUrl: string;
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testServers: TestServer[];
  }
}

async function prepareTemplate(adminUrl: string, template: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  const db = createDb(url.toString(), 2);
  await migrateDb(db);
  await seedPlatform(db, { adminPassword: undefined, demo: true });
  await seedDemo(db);
  await seedChecklistLibrary(db);
  await db.$client.end();
}

export default async function setup(project: TestProject) {
  const servers: TestServer[] = [];
  const stops: (() => Promise<void>)[] = [];
  const template = `gg_template_${process.pid}`;

  // The embedded server lives in a fresh folder; PostgreSQL runs as `postgres`, so it must be able to enter it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gasguard-test-'));
  fs.chmodSync(dir, 0o755);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port, database: 'postgres' });
  stops.push(async () => {
    await embedded.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await prepareTemplate(embedded.url, template);
  servers.push({ name: 'embedded PostgreSQL', adminUrl: embedded.url, template });

  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    await prepareTemplate(external, template);
    servers.push({ name: 'PostgreSQL at TEST_DATABASE_URL', adminUrl: external, template });
    stops.push(async () => {
      const admin = new pg.Client({ connectionString: external });
      await admin.connect();
      // Only this run's databases: other runs may share the server.
      const dbs = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [template, `gg_t_${process.pid}_%`]);
      for (const d of dbs.rows) await admin.query(`DROP DATABASE IF EXISTS ${d.datname} WITH (FORCE)`);
      await admin.end();
    });
  }
  project.provide('testServers', servers);
  return async () => {
    for (const s of stops.reverse()) await s();
  };
}
