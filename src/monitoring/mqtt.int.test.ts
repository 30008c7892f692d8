import net from 'node:net';
import mqtt from 'mqtt';
import { beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../embedded/mqtt.js';
import { unique } from '../../test/factories.js';
import { describeOnEachDatabase, type Client } from '../../test/harness.js';
import { registerDevice, venueIdByName } from '../../test/monitoring.js';
import { loadMonitoringConfig } from './monitoring.config.js';
import { startMqttIngest } from './mqtt.ingest.js';
import { MqttSubscriber } from './mqtt.subscriber.js';

const MOSQUITTO = 'mqtt://127.0.0.1:1883';

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
  });
}
const mosquittoUp = await reachable(1883);
if (!mosquittoUp) console.warn('SKIPPED: MQTT integration tests need Mosquitto on 127.0.0.1:1883 (.ci/run starts it: mosquitto -d -c /etc/mosquitto/mosquitto.conf)');

async function publish(url: string, messages: { topic: string; payload: string }[]) {
  const c = await mqtt.connectAsync(url, { clientId: unique('pub-'), protocolVersion: 4 });
  for (const m of messages) await c.publishAsync(m.topic, m.payload, { qos: 1 });
  await c.endAsync();
}

async function until<T>(fn: () => Promise<T | undefined>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeOnEachDatabase('monitoring: MQTT over the local Mosquitto (R7.2)', (ctx) => {
  let tf: Client;
  beforeAll(async () => {
    tf = await ctx().login('zhuanban');
  });

  it.skipIf(!mosquittoUp)('R7.2 telemetry published over MQTT (shared subscription, QoS 1) opens an alarm; a malformed payload is counted, its neighbours kept', async () => {
    const config = { ...loadMonitoringConfig({}), shareGroup: unique('g'), instanceId: unique('test'), mqttConnections: 2 };
    const m = ctx().app.monitoring;
    const ingest = startMqttIngest(MOSQUITTO, { embedded: false, config, pipeline: m.pipeline, clock: ctx().clock, log: () => undefined });
    try {
      await ingest.ready;
      expect(ingest.subscribers.map((s) => s.subscribed)).toEqual([true, true]);
      const d = await registerDevice(tf, { subjectType: 'venue', subjectId: await venueIdByName(tf, '老街火锅') });
      const topic = `gasguard/v1/devices/${d.code}/telemetry`;
      const now = ctx().clock.now().getTime();
      const badBefore = m.pipeline.counters.rejectedBy.not_json ?? 0;
      await publish(MOSQUITTO, [
        { topic, payload: JSON.stringify({ ts: now - 2000, seq: 1, ch4: 1, battery: 80 }) },
        { topic, payload: '{"ts": oops' },
        { topic, payload: JSON.stringify({ ts: new Date(now - 1000).toISOString(), seq: 2, ch4: 45, valve: 'open' }) },
      ]);
      const alarm = await until(async () => {
        const res = await tf.get(`/api/v1/alarms?deviceId=${d.id}&state=open`);
        return res.body.items[0] as { condition: string; severity: string; value: number } | undefined;
      });
      expect(alarm).toMatchObject({ condition: 'ch4', severity: 'major', value: 45 });
      expect((m.pipeline.counters.rejectedBy.not_json ?? 0) - badBefore).toBe(1);
      const state = (await tf.get(`/api/v1/devices/${d.id}`)).body.state;
      expect(state).toMatchObject({ online: 'online', ch4: 45, battery: 80, valve: 'open' });
    } finally {
      await ingest.stop();
    }
  });
});

describe('MQTT brokers and shared subscriptions', () => {
  /** Subscribe with `topic`, publish one message, report whether it arrived within 700 ms. */
  async function delivered(url: string, topic: string, protocolVersion: 4 | 5): Promise<boolean> {
    let got = false;
    const s = new MqttSubscriber({ url, clientId: unique('probe-'), protocolVersion, topic, clean: true, log: () => undefined, onMessage: (_t, _p, ack) => ((got = true), ack()) });
    s.start();
    await Promise.race([s.ready, new Promise((r) => setTimeout(r, 2000))]);
    const code = unique('probe');
    await publish(url, [{ topic: `gasguard/v1/devices/${code}/telemetry`, payload: '{}' }]);
    await new Promise((r) => setTimeout(r, 700));
    await s.close();
    return got;
  }

  it('the embedded aedes broker does not deliver to $share subscriptions (so it gets a plain one)', async () => {
    const broker = await startEmbeddedBroker(0);
    try {
      expect(await delivered(broker.url, '$share/g/gasguard/v1/devices/+/telemetry', 4)).toBe(false);
      expect(await delivered(broker.url, 'gasguard/v1/devices/+/telemetry', 4)).toBe(true);
    } finally {
      await broker.stop();
    }
  });

  it.skipIf(!mosquittoUp)('Mosquitto delivers to $share subscriptions over MQTT 5 and 3.1.1', async () => {
    expect(await delivered(MOSQUITTO, `$share/${unique('g')}/gasguard/v1/devices/+/telemetry`, 5)).toBe(true);
    expect(await delivered(MOSQUITTO, `$share/${unique('g')}/gasguard/v1/devices/+/telemetry`, 4)).toBe(true);
  });
});
