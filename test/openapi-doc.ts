import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/db.js';
import { memoryFileStore } from '../src/files/file-store.js';
import { systemClock } from '../src/shared/clock.js';

/** The OpenAPI document as the server builds it (no database connection is made). */
export async function openapiDocument(): Promise<unknown> {
  const db = createDb('postgresql://nobody@127.0.0.1:1/none', 1);
  const app = await buildApp({ db, config: loadConfig({ GASGUARD_LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv), clock: systemClock, files: memoryFileStore() }, { logger: false });
  await app.ready();
  const doc = app.swagger();
  await app.close();
  await db.$client.end();
  return JSON.parse(JSON.stringify(doc));
}
