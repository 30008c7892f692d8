/**
 * Settings of monitoring (README, "Settings"), from the environment, validated at start like
 * src/config.ts: a wrong value stops the start with a message naming it.
 */
import os from 'node:os';
import { z } from 'zod';
import { ConfigError } from '../config.js';

const int = (min: number, max: number, def: number) => z.coerce.number().int().min(min).max(max).default(def);
const envSchema = z.object({
  GASGUARD_MQTT_INGEST: z.enum(['1', '0', 'true', 'false', 'on', 'off']).default('on'),
  GASGUARD_MQTT_CONNECTIONS: int(1, 64, 2),
  GASGUARD_MQTT_PROTOCOL: z.enum(['4', '5']).optional(),
  GASGUARD_MQTT_SHARE_GROUP: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).default('gasguard'),
  GASGUARD_MQTT_RECEIVE_MAXIMUM: int(1, 65535, 5000),
  GASGUARD_MQTT_SESSION_EXPIRY_SECONDS: int(0, 7 * 86_400, 300),
  GASGUARD_INSTANCE_ID: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional(),
  GASGUARD_INGEST_BATCH: int(1, 20_000, 5000),
  GASGUARD_INGEST_FLUSH_MS: int(1, 10_000, 100),
  GASGUARD_INGEST_MAX_QUEUE: int(100, 1_000_000, 40_000),
  GASGUARD_DEVICE_SWEEP_SECONDS: int(5, 3600, 30),
});

export interface MonitoringConfig {
  mqttIngest: boolean;
  /** Subscriber connections (each a member of the shared subscription); 1 on the embedded broker. */
  mqttConnections: number;
  /** MQTT protocol: 5 on external brokers (receive maximum), 4 on the embedded aedes (no MQTT 5). */
  mqttProtocol: 4 | 5 | null;
  shareGroup: string;
  receiveMaximum: number;
  /** MQTT 5: how long the broker keeps an instance's session (and its share of messages) after a disconnect. */
  sessionExpirySec: number;
  /** Stable per instance (persistent MQTT sessions keep unacknowledged messages across restarts). */
  instanceId: string;
  batch: number;
  flushMs: number;
  maxQueue: number;
  sweepSeconds: number;
}

export function loadMonitoringConfig(env: NodeJS.ProcessEnv = process.env, port = 0): MonitoringConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid settings (environment variables):\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const e = parsed.data;
  return {
    mqttIngest: ['1', 'true', 'on'].includes(e.GASGUARD_MQTT_INGEST),
    mqttConnections: e.GASGUARD_MQTT_CONNECTIONS,
    mqttProtocol: e.GASGUARD_MQTT_PROTOCOL ? (Number(e.GASGUARD_MQTT_PROTOCOL) as 4 | 5) : null,
    shareGroup: e.GASGUARD_MQTT_SHARE_GROUP,
    receiveMaximum: e.GASGUARD_MQTT_RECEIVE_MAXIMUM,
    sessionExpirySec: e.GASGUARD_MQTT_SESSION_EXPIRY_SECONDS,
    instanceId: e.GASGUARD_INSTANCE_ID ?? `${os.hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 40)}-${port}`,
    batch: e.GASGUARD_INGEST_BATCH,
    flushMs: e.GASGUARD_INGEST_FLUSH_MS,
    maxQueue: e.GASGUARD_INGEST_MAX_QUEUE,
    sweepSeconds: e.GASGUARD_DEVICE_SWEEP_SECONDS,
  };
}
