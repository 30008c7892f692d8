/**
 * MQTT ingestion (R7.2): subscriber connections on the broker, feeding the instance's pipeline.
 * Topic `gasguard/v1/devices/{deviceCode}/telemetry`, QoS 1. On an external broker every instance
 * subscribes with the shared subscription `$share/<group>/gasguard/v1/devices/+/telemetry` on
 * several connections (MQTT 5 by default, so the broker lets thousands of messages wait for their
 * PUBACK); on the embedded aedes broker, which has neither shared subscriptions nor MQTT 5, one
 * plain subscription (docs/decisions/0002-monitoring-ingestion.md). Each message is acknowledged
 * once its batch is committed (or once it is refused as malformed), in arrival order.
 */
import type { Clock } from '../shared/clock.js';
import type { IngestPipeline } from './ingest.pipeline.js';
import type { MonitoringConfig } from './monitoring.config.js';
import { MqttSubscriber } from './mqtt.subscriber.js';
import { deviceCodeOfTopic, parsePayload } from './telemetry.parse.js';

export const TELEMETRY_FILTER = 'gasguard/v1/devices/+/telemetry';

export interface MqttIngest {
  subscribers: MqttSubscriber[];
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function startMqttIngest(
  url: string,
  opts: { embedded: boolean; config: MonitoringConfig; pipeline: IngestPipeline; clock: Clock; log: (level: 'info' | 'warn' | 'error', m: string) => void },
): MqttIngest {
  const { config, pipeline, clock } = opts;
  const shared = !opts.embedded;
  const connections = shared ? config.mqttConnections : 1;
  const protocol = config.mqttProtocol ?? (opts.embedded ? 4 : 5);
  const topic = shared ? `$share/${config.shareGroup}/${TELEMETRY_FILTER}` : TELEMETRY_FILTER;
  const subscribers = Array.from(
    { length: connections },
    (_, i) =>
      new MqttSubscriber({
        url,
        clientId: `gasguard-ingest-${config.instanceId}-${i}`.slice(0, 64),
        protocolVersion: protocol,
        topic,
        clean: false,
        receiveMaximum: config.receiveMaximum,
        sessionExpirySec: config.sessionExpirySec,
        log: opts.log,
        onMessage: (t, payload, ack) => {
          const now = clock.now().getTime();
          const code = deviceCodeOfTopic(t);
          if (!code) return pipeline.reject('topic_invalid', { topic: t.slice(0, 120) }, ack);
          const parsed = parsePayload(payload, now);
          if (!parsed.ok) return pipeline.reject(parsed.reason, { code, payload: payload.subarray(0, 200).toString('utf8') }, ack);
          pipeline.submit(code, parsed.value, now, ack);
        },
      }),
  );
  const unlisten = pipeline.onPause((paused) => {
    for (const s of subscribers) if (paused) s.pause();
    else s.resume();
  });
  for (const s of subscribers) s.start();
  return {
    subscribers,
    ready: Promise.all(subscribers.map((s) => s.ready)).then(() => undefined),
    stop: async () => {
      unlisten();
      await Promise.all(subscribers.map((s) => s.close()));
    },
  };
}
