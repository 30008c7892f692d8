import path from 'node:path';
import { z } from 'zod';

/** Settings come from the environment and are validated at start (see README, "Settings"). */
const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  GASGUARD_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  MQTT_URL: z.string().regex(/^(mqtts?|wss?|tcp):\/\//, 'must be an mqtt:// URL').optional(),
  MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(1884),
  GASGUARD_ADMIN_PASSWORD: z.string().min(1).optional(),
  GASGUARD_DEMO: boolish.optional(),
  GASGUARD_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  GASGUARD_EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(5433),
  GASGUARD_TRUST_PROXY: boolish.optional(),
  GASGUARD_DATA_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)').optional(),
  GASGUARD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GASGUARD_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be an http(s):// base URL without query, e.g. https://gas.example.gov.cn')
    .optional(),
  GASGUARD_ROBOT_HOSTS: z
    .string()
    .regex(/^[a-z0-9.:\-\[\]]+(,[a-z0-9.:\-\[\]]+)*$/i, 'must be a comma-separated list of host names')
    .default('qyapi.weixin.qq.com,oapi.dingtalk.com'),
  GASGUARD_REMINDER_DAYS: z.coerce.number().int().min(0).max(60).default(3),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Absent: the platform runs its own embedded PostgreSQL in `dataDir/pg`. */
  databaseUrl: string | undefined;
  /** Absent: the platform runs an in-process MQTT broker on `mqttPort`. */
  mqttUrl: string | undefined;
  mqttPort: number;
  adminPassword: string | undefined;
  demo: boolean;
  sessionIdleMinutes: number;
  embeddedPgPort: number;
  trustProxy: boolean;
  logLevel: string;
  /** Base URL people open the platform at: robot messages link back into it. */
  publicUrl: string;
  /** Hosts group-robot webhooks may point at (企业微信, 钉钉, or a relay the deployment names). */
  robotHosts: string[];
  /** "Deadline approaching" is announced this many days before a hazard's deadline. */
  reminderDays: number;
  /** Key for values encrypted at rest; absent: a key file in the data folder. */
  dataKeyHex: string | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid settings (environment variables):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.GASGUARD_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    mqttUrl: e.MQTT_URL,
    mqttPort: e.MQTT_PORT,
    adminPassword: e.GASGUARD_ADMIN_PASSWORD,
    // Demo data by default only on the embedded database: a production PostgreSQL starts empty.
    demo: e.GASGUARD_DEMO ?? e.DATABASE_URL === undefined,
    sessionIdleMinutes: e.GASGUARD_SESSION_IDLE_MINUTES,
    embeddedPgPort: e.GASGUARD_EMBEDDED_PG_PORT,
    trustProxy: e.GASGUARD_TRUST_PROXY ?? false,
    logLevel: e.GASGUARD_LOG_LEVEL,
    publicUrl: (e.GASGUARD_PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
    robotHosts: e.GASGUARD_ROBOT_HOSTS.split(',').map((h) => h.trim().toLowerCase()),
    reminderDays: e.GASGUARD_REMINDER_DAYS,
    dataKeyHex: e.GASGUARD_DATA_KEY,
  };
}
