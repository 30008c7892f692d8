import { ConfigError, loadConfig } from './config.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/seed.js';
import { startPlatform } from './platform.js';

/** `npm start`: the whole platform on the configured (by default embedded) services. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const platform = await startPlatform(config, { log: (m) => console.log(`[gasguard] ${m}`) });
  const lines = [
    '',
    `GasGuard 燃气安全监管平台 is running: ${platform.url}`,
    `  API docs: ${platform.url}/api/docs   OpenAPI: ${platform.url}/api/openapi.json`,
    `  database: ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}/pg`}`,
    `  MQTT: ${platform.mqttUrl}${config.mqttUrl ? '' : ' (embedded broker)'}`,
  ];
  if (platform.seeded.created) lines.push(`  admin password: ${platform.seeded.adminPassword}`);
  if (platform.seeded.demo) {
    lines.push(`  demo logins (password ${DEMO_PASSWORD}${config.adminPassword ? '; admin uses GASGUARD_ADMIN_PASSWORD' : ''}):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.username.padEnd(12)} ${a.role.padEnd(17)} ${a.note}`);
  }
  console.log(lines.join('\n'));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[gasguard] ${signal}: stopping`);
    await platform.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error('[gasguard] failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
