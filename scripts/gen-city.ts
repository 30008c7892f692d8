/**
 * `npm run gen:city -- --scale N [--seed S] [--replace] [--as-of YYYY-MM-DD]`: fill the database
 * (DATABASE_URL, else the embedded one in GASGUARD_DATA_DIR, as `npm start` uses) with the
 * benchmark city 渝州市 beside whatever it holds. See bench/README.md.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createDb, migrateDb } from '../src/db/db.js';
import { seedPlatform } from '../src/demo/seed.js';
import { openCliDatabase } from '../src/embedded/postgres.js';
import { CITY_ADMIN, CityExistsError, generateCity } from './gen-city-lib.js';

const USAGE = `usage: npm run gen:city -- --scale N [--seed S] [--replace] [--as-of YYYY-MM-DD]
  --scale    1 = 1,000,000 households, 30,000 venues, 2,000 enterprises, ~5,000 km of pipeline (fractions allowed)
  --seed     integer, default 1: the same seed (and as-of date) gives the same city
  --replace  delete an existing 渝州市 (and city_admin) first instead of refusing
  --as-of    the day licence validity is reckoned from, default today (China time)`;

const { values } = parseArgs({
  options: {
    scale: { type: 'string' },
    seed: { type: 'string', default: '1' },
    replace: { type: 'boolean', default: false },
    'as-of': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help || values.scale === undefined) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const scale = Number(values.scale);
const seed = Number(values.seed);
if (!Number.isFinite(scale) || scale <= 0 || !Number.isInteger(seed)) {
  console.error(`bad --scale or --seed\n${USAGE}`);
  process.exit(2);
}

const config = loadConfig();
const conn = await openCliDatabase(config);
const db = createDb(conn.url, 2);
const where = new URL(conn.url);
try {
  console.log(`database ${where.hostname}:${where.port}${where.pathname}`);
  await migrateDb(db);
  await seedPlatform(db, { adminPassword: config.adminPassword });
  const city = await generateCity(db, { scale, seed, replace: values.replace, asOf: values['as-of'], log: (m) => console.log(m) });
  console.log(`\n${city.cityName} (${city.cityCode}) generated in ${city.seconds.toFixed(1)} s:`);
  for (const [k, v] of Object.entries(city.counts)) console.log(`  ${k.padEnd(12)} ${v.toLocaleString('en')}`);
  console.log(`\nlogin: ${CITY_ADMIN.username} / ${CITY_ADMIN.password} (task force of ${city.cityName})`);
} catch (e) {
  if (e instanceof CityExistsError) {
    console.error(e.message);
    process.exitCode = 3;
  } else {
    // Drizzle wraps the driver's error (whose message is the useful part) around the whole SQL text.
    const cause = (e as { cause?: { message?: string } }).cause;
    console.error(`gen:city failed: ${cause?.message ?? (e as Error).message}`);
    if (process.env.GASGUARD_LOG_LEVEL === 'debug') console.error(e);
    process.exitCode = 1;
  }
} finally {
  await db.$client.end();
  await conn.close();
}
