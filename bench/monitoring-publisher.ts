/**
 * Publisher child of bench/monitoring-ingest.ts: simulated devices publishing telemetry at a fixed
 * rate over one MQTT 3.1.1 connection with QoS 1 (built on mqtt-packet, so that the publisher is not
 * what limits the rate). Every message is counted when the broker acknowledges it. Leaks: one
 * device at a time sends 60 %LEL; the moment of publishing is reported to the parent (IPC), which
 * measures when the alarm reaches the live board. Bounded: stops after `--duration` seconds.
 */
import net from 'node:net';
import { parseArgs } from 'node:util';
import mqttPacket, { type Packet } from 'mqtt-packet';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
    devices: { type: 'string', default: '100000' },
    prefix: { type: 'string', default: 'BENCH-' },
    rate: { type: 'string', default: '20000' },
    duration: { type: 'string', default: '60' },
    'leak-every-ms': { type: 'string', default: '500' },
    'leak-from': { type: 'string', default: '0' },
  },
});
const N = Number(values.devices);
const RATE = Number(values.rate);
const DURATION_MS = Number(values.duration) * 1000;
const LEAK_EVERY = Number(values['leak-every-ms']);
const code = (i: number) => `${values.prefix}${String(i + 1).padStart(6, '0')}`;
const send = (m: unknown) => process.send?.(m);

const u = new URL(values.url!);
const socket = net.connect({ host: u.hostname, port: Number(u.port || 1883) });
socket.setNoDelay(true);
const parser = mqttPacket.parser({ protocolVersion: 4 });
const seq = new Uint32Array(N);
let published = 0;
let acked = 0;
let nextId = 1;
let outstanding = 0;
let connected: () => void;
const ready = new Promise<void>((r) => (connected = r));
parser.on('packet', (p: Packet) => {
  if (p.cmd === 'connack') connected();
  else if (p.cmd === 'puback') {
    acked++;
    outstanding--;
  }
});
socket.on('data', (b) => parser.parse(b));
socket.on('error', (e) => {
  send({ error: e.message });
  process.exit(1);
});
socket.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: `bench-pub-${process.pid}`, keepalive: 60 }));

function packet(i: number, ch4: number, now: number): Buffer {
  seq[i] = seq[i]! + 1;
  const payload = `{"ts":${now},"seq":${seq[i]},"ch4":${ch4},"co":${(i % 7) * 0.5},"valve":"open","battery":${60 + (i % 40)}}`;
  const id = nextId;
  nextId = nextId === 65535 ? 1 : nextId + 1;
  outstanding++;
  published++;
  return mqttPacket.generate({ cmd: 'publish', topic: `gasguard/v1/devices/${code(i)}/telemetry`, payload, qos: 1, messageId: id, retain: false, dup: false }, { protocolVersion: 4 });
}

async function main() {
  await ready;
  send({ ready: true });
  const t0 = Date.now();
  let cursor = 0;
  let leakIndex = Number(values['leak-from']);
  let nextLeak = t0 + 1000;
  const leaks: { code: string; at: number }[] = [];
  for (;;) {
    const now = Date.now();
    const elapsed = now - t0;
    if (elapsed >= DURATION_MS) break;
    const due = Math.floor((RATE * elapsed) / 1000) - published;
    const chunks: Buffer[] = [];
    for (let k = 0; k < due && outstanding < 60_000; k++) {
      chunks.push(packet(cursor, Math.round((cursor % 13) * 0.3 * 10) / 10, now));
      cursor = (cursor + 1) % N;
    }
    if (LEAK_EVERY > 0 && now >= nextLeak) {
      // A leak on a device of its own: a new alarm each time (not a repeat of an open one).
      const i = leakIndex++ % N;
      const at = Date.now();
      chunks.push(packet(i, 60, at));
      leaks.push({ code: code(i), at });
      send({ leak: { code: code(i), at } });
      nextLeak += LEAK_EVERY;
    }
    if (chunks.length) socket.write(Buffer.concat(chunks));
    await new Promise((r) => setTimeout(r, 5));
    if (elapsed % 5000 < 6) send({ progress: { published, acked, elapsedMs: elapsed } });
  }
  const sentAt = Date.now();
  while (acked < published && Date.now() - sentAt < 60_000) await new Promise((r) => setTimeout(r, 50));
  send({ done: { published, acked, durationMs: Date.now() - t0, leaks: leaks.length } });
  socket.end(mqttPacket.generate({ cmd: 'disconnect' }));
  setTimeout(() => process.exit(0), 200);
}

void main();
