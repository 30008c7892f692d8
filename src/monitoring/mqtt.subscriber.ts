/**
 * A small MQTT subscriber (3.1.1 or 5) over `mqtt-packet`, written for ingestion: unlike mqtt.js,
 * whose message handler takes one message at a time and acknowledges it before reading the next,
 * this one reads on while earlier messages wait for their database commit, and sends each QoS 1
 * PUBACK only when the pipeline calls `ack` — in the order the messages came (MQTT §4.6), several
 * per socket write. Reading pauses when the pipeline asks (backpressure reaches the broker).
 */
import net from 'node:net';
import tls from 'node:tls';
import mqttPacket, { type IConnectPacket, type IPublishPacket, type Packet } from 'mqtt-packet';

export interface SubscriberOptions {
  url: string;
  clientId: string;
  protocolVersion: 4 | 5;
  /** Topic filter, e.g. `$share/gasguard/gasguard/v1/devices/+/telemetry`. */
  topic: string;
  /** false: a persistent session, so the broker keeps unacknowledged messages while we reconnect. */
  clean: boolean;
  keepaliveSec?: number;
  /** MQTT 5: how many unacknowledged QoS 1 messages the broker may send us at once. */
  receiveMaximum?: number;
  /** MQTT 5: how long the broker keeps the session after a disconnect. */
  sessionExpirySec?: number;
  onMessage(topic: string, payload: Buffer, ack: () => void): void;
  log(level: 'info' | 'warn' | 'error', msg: string): void;
}

interface Pending {
  id: number;
  done: boolean;
}

export class MqttSubscriber {
  private socket: net.Socket | null = null;
  private generation = 0;
  private pending: Pending[] = [];
  private paused = false;
  private closed = false;
  private reconnectMs = 500;
  private timer: NodeJS.Timeout | null = null;
  private lastInbound = 0;
  private ackScheduled = false;
  /** Resolves once the first subscription was granted (tests and start-up wait on it). */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  subscribed = false;

  constructor(private readonly o: SubscriberOptions) {
    this.ready = new Promise((r) => (this.markReady = r));
  }

  start(): void {
    this.connect();
  }

  private connect(): void {
    if (this.closed) return;
    const gen = ++this.generation;
    this.pending = [];
    this.subscribed = false;
    const u = new URL(this.o.url);
    const secure = u.protocol === 'mqtts:';
    const port = Number(u.port || (secure ? 8883 : 1883));
    const socket = secure ? tls.connect({ host: u.hostname, port, servername: u.hostname }) : net.connect({ host: u.hostname, port });
    socket.setNoDelay(true);
    this.socket = socket;
    const parser = mqttPacket.parser({ protocolVersion: this.o.protocolVersion });
    parser.on('packet', (p: Packet) => this.onPacket(gen, p));
    parser.on('error', (e: Error) => {
      this.o.log('error', `mqtt parse error: ${e.message}`);
      socket.destroy();
    });
    socket.on(secure ? 'secureConnect' : 'connect', () => {
      const connect: IConnectPacket = {
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: this.o.protocolVersion,
        clean: this.o.clean,
        clientId: this.o.clientId,
        keepalive: this.o.keepaliveSec ?? 30,
        ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
        ...(u.password ? { password: Buffer.from(decodeURIComponent(u.password)) } : {}),
        ...(this.o.protocolVersion === 5
          ? { properties: { receiveMaximum: this.o.receiveMaximum ?? 2000, sessionExpiryInterval: this.o.clean ? 0 : (this.o.sessionExpirySec ?? 3600) } }
          : {}),
      };
      this.send(connect);
      this.lastInbound = Date.now();
      if (this.paused) socket.pause();
    });
    socket.on('data', (buf: Buffer) => {
      this.lastInbound = Date.now();
      parser.parse(buf);
    });
    socket.on('error', (e) => this.o.log('warn', `mqtt connection to ${u.host} failed: ${e.message}`));
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      this.stopKeepalive();
      if (!this.closed) {
        setTimeout(() => this.connect(), this.reconnectMs).unref();
        this.reconnectMs = Math.min(this.reconnectMs * 2, 10_000);
      }
    });
  }

  private onPacket(gen: number, p: Packet): void {
    if (gen !== this.generation) return;
    switch (p.cmd) {
      case 'connack': {
        const code = (p as { returnCode?: number; reasonCode?: number }).reasonCode ?? (p as { returnCode?: number }).returnCode ?? 0;
        if (code !== 0) {
          this.o.log('error', `mqtt broker refused the connection (code ${code})`);
          this.socket?.destroy();
          return;
        }
        this.reconnectMs = 500;
        this.startKeepalive();
        this.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: this.o.topic, qos: 1 }] });
        return;
      }
      case 'suback': {
        const granted = (p as { granted: (number | object)[] }).granted[0];
        if (typeof granted === 'number' && granted >= 0x80) {
          this.o.log('error', `mqtt subscription to ${this.o.topic} refused (code ${granted})`);
          return;
        }
        this.subscribed = true;
        this.o.log('info', `mqtt subscribed to ${this.o.topic} as ${this.o.clientId}`);
        this.markReady();
        return;
      }
      case 'publish': {
        const pub = p as IPublishPacket;
        const payload = typeof pub.payload === 'string' ? Buffer.from(pub.payload) : pub.payload;
        if (pub.qos === 0 || pub.messageId === undefined) {
          this.o.onMessage(pub.topic, payload, () => undefined);
          return;
        }
        const entry: Pending = { id: pub.messageId, done: false };
        this.pending.push(entry);
        this.o.onMessage(pub.topic, payload, () => {
          if (gen !== this.generation || entry.done) return; // connection gone: the broker redelivers
          entry.done = true;
          this.scheduleAcks();
        });
        return;
      }
      default:
        return; // pingresp, unsuback, disconnect: nothing to do
    }
  }

  /** Send the PUBACKs of the leading acknowledged messages, in arrival order, in one write. */
  private scheduleAcks(): void {
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    setImmediate(() => {
      this.ackScheduled = false;
      let n = 0;
      while (n < this.pending.length && this.pending[n]!.done) n++;
      if (n === 0) return;
      const acks = this.pending.splice(0, n).map((e) => mqttPacket.generate({ cmd: 'puback', messageId: e.id }, { protocolVersion: this.o.protocolVersion }));
      this.socket?.write(Buffer.concat(acks));
    });
  }

  private send(p: Packet): void {
    this.socket?.write(mqttPacket.generate(p, { protocolVersion: this.o.protocolVersion }));
  }

  private startKeepalive(): void {
    this.stopKeepalive();
    const every = ((this.o.keepaliveSec ?? 30) * 1000) / 2;
    this.timer = setInterval(() => {
      // While paused we read nothing (not even PINGRESP): silence then is ours, not the broker's.
      if (!this.paused && Date.now() - this.lastInbound > every * 3) {
        this.o.log('warn', 'mqtt broker silent past the keep-alive; reconnecting');
        this.socket?.destroy();
        return;
      }
      this.send({ cmd: 'pingreq' });
    }, every);
    this.timer.unref();
  }

  private stopKeepalive(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Stop reading (the pipeline's queue is full); the broker holds the rest. */
  pause(): void {
    this.paused = true;
    this.socket?.pause();
  }

  resume(): void {
    this.paused = false;
    this.lastInbound = Date.now();
    this.socket?.resume();
  }

  /** Messages received and not yet acknowledged. */
  get unacked(): number {
    return this.pending.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopKeepalive();
    const s = this.socket;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      try {
        s.end(mqttPacket.generate({ cmd: 'disconnect' }, { protocolVersion: this.o.protocolVersion }));
      } catch {
        s.destroy();
      }
      setTimeout(() => s.destroy(), 1000).unref();
    });
  }
}
