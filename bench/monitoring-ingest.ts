/**
 * `npm run bench:monitoring-ingest [-- --devices 100000 --rate 20000 --duration 60]` (R7.2–R7.4):
 * the real platform (`src/main.ts` in a child process, as in production) on PostgreSQL at
 * 127.0.0.1:5432 and Mosquitto at 127.0.0.1:1883; 100,000 simulated devices publish at 20,000
 * messages/s for 60 s (bench/monitoring-publisher.ts, another child); every 500 ms one device leaks.
 * Measured: messages acknowledged by the broker = processed by the platform = rows stored; the
 * platform's RSS every second; for each leak, the time from publishing to the alarm arriving on the
 * live board (SSE, GET /api/v1/alarms/stream) — target p99 < 2 s. Writes bench/results/monitoring-ingest.json.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb } from '../src/db/db.js';
import { DEMO_PASSWORD } from '../src/demo/seed.js';
import { login, machineInfo, summarise, table, writeResults } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '20000' },
    duration: { type: 'string', default: '60' },
    'pg-admin': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/postgres' },
    mqtt: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
    connections: { type: 'string', default: '2' },
    batch: { type: 'string', default: '5000' },
    'flush-ms': { type: 'string', default: '100' },
  },
});
const N = Number(values.devices);
// Not gg_…: the test suite's teardown drops every gg_% database on the server.
const DB_NAME = 'bench_monitoring';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freshDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: values['pg-admin'] });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const u = new URL(values['pg-admin']!);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
}

/** The platform as `npm start` runs it, in its own process; resolves with its URL. */
function startPlatform(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      MQTT_URL: values.mqtt,
      PORT: '0',
      GASGUARD_DEMO: '1',
      GASGUARD_LOG_LEVEL: 'warn',
      GASGUARD_INSTANCE_ID: `bench-${process.pid}`,
      // A share group of its own, so sessions left by earlier runs get no share of this run's messages.
      GASGUARD_MQTT_SHARE_GROUP: `bench${process.pid}`,
      GASGUARD_MQTT_SESSION_EXPIRY_SECONDS: '60',
      GASGUARD_MQTT_CONNECTIONS: values.connections,
      GASGUARD_MQTT_RECEIVE_MAXIMUM: '20000',
      GASGUARD_INGEST_BATCH: values.batch,
      GASGUARD_INGEST_FLUSH_MS: values['flush-ms'],
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /is running: (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (b: Buffer) => process.stderr.write(`[platform] ${b.toString()}`));
    child.on('exit', (code) => reject(new Error(`platform exited (${code}): ${out.slice(-2000)}`)));
  });
}

/** 1,000 restaurants in 大足区 第一网格 with 100 detectors each (or N in total), straight in SQL. */
async function registerDevices(databaseUrl: string): Promise<void> {
  const db = createDb(databaseUrl, 2);
  const c = db.$client;
  const grid = (await c.query<{ id: string }>(`SELECT id FROM regions WHERE name = '第一网格'`)).rows[0]!.id;
  const venues = Math.ceil(N / 100);
  await c.query(
    `INSERT INTO venues (region_id, name, address, kind, gas_source)
     SELECT $1, 'BENCH 餐馆 ' || g, '大足区龙岗街道 测试路 ' || g || ' 号', 'restaurant', 'pipeline_ng' FROM generate_series(1, $2) g`,
    [grid, venues],
  );
  await c.query(
    `WITH v AS (SELECT id, name, region_id, row_number() OVER (ORDER BY address) AS n FROM venues WHERE name LIKE 'BENCH 餐馆 %')
     INSERT INTO devices (code, type, subject_type, subject_id, subject_name, region_id, venue_id, location)
     SELECT 'BENCH-' || lpad(g::text, 6, '0'), 'methane_detector', 'venue', v.id, v.name, v.region_id, v.id, '后厨'
     FROM generate_series(1, $1) g JOIN v ON v.n = (g - 1) / 100 + 1`,
    [N],
  );
  await c.query(`INSERT INTO device_state (device_id) SELECT id FROM devices WHERE code LIKE 'BENCH-%'`);
  await c.query('ANALYZE devices; ANALYZE device_state');
  await c.end();
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

async function main() {
  const databaseUrl = await freshDatabase();
  const { child: platform, url } = await startPlatform(databaseUrl);
  console.log(`platform ${url} (pid ${platform.pid})`);
  await registerDevices(databaseUrl);
  console.log(`${N} devices registered`);
  const board = await login(url, 'zhuanban', DEMO_PASSWORD);
  const admin = await login(url, 'admin', DEMO_PASSWORD);
  const stats = async () => (await admin.get('/api/v1/telemetry/stats')).json() as Promise<{ applied: number; late: number; duplicate: number; rejected: number; queueDepth: number; batches: number; lastBatchSize: number; lastBatchMs: number }>;

  // The live board: an SSE client of the district task force.
  const leaks = new Map<string, number>();
  const latencies: number[] = [];
  const ac = new AbortController();
  const stream = await fetch(`${url}/api/v1/alarms/stream`, { headers: { cookie: board.cookie }, signal: ac.signal });
  void (async () => {
    const reader = stream.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) return;
        buf += dec.decode(r.value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const ev = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!ev.startsWith('event: alarm')) continue;
          const a = JSON.parse(ev.slice(ev.indexOf('data: ') + 6)) as { device: { code: string }; condition: string; count: number };
          const at = leaks.get(a.device.code);
          if (at !== undefined && a.condition === 'ch4' && a.count === 1) {
            latencies.push(Date.now() - at);
            leaks.delete(a.device.code);
          }
        }
      }
    } catch {
      /* aborted */
    }
  })();

  const rss: { t: number; mb: number }[] = [];
  const throughput: { t: number; processed: number; queue: number; batches: number; lastBatchSize: number; lastBatchMs: number }[] = [];
  const t0 = Date.now();
  const sampler = setInterval(() => {
    rss.push({ t: Math.round((Date.now() - t0) / 1000), mb: rssOf(platform.pid!) });
    void stats().then((s) => throughput.push({ t: Math.round((Date.now() - t0) / 1000), processed: s.applied + s.late + s.duplicate, queue: s.queueDepth, batches: s.batches, lastBatchSize: s.lastBatchSize, lastBatchMs: s.lastBatchMs }));
  }, 1000);

  const publisher = fork(path.join(here, 'monitoring-publisher.ts'), ['--url', values.mqtt!, '--devices', String(N), '--rate', values.rate!, '--duration', values.duration!, '--leak-from', String(Math.floor(N / 2))], {
    execArgv: ['--import', 'tsx'],
  });
  let leaksSent = 0;
  const done = await new Promise<{ published: number; acked: number; durationMs: number }>((resolve, reject) => {
    publisher.on('message', (m: { leak?: { code: string; at: number }; done?: { published: number; acked: number; durationMs: number }; progress?: unknown; error?: string }) => {
      if (m.leak) {
        leaks.set(m.leak.code, m.leak.at);
        leaksSent++;
      }
      if (m.progress) console.log('publisher', JSON.stringify(m.progress));
      if (m.done) resolve(m.done);
      if (m.error) reject(new Error(m.error));
    });
    publisher.on('exit', (code) => code && reject(new Error(`publisher exited ${code}`)));
  });
  const publishEnd = Date.now();
  // Wait for the platform to store everything the broker acknowledged.
  let s = await stats();
  while (s.applied + s.late + s.duplicate + s.rejected < done.acked && Date.now() - publishEnd < 120_000) {
    await sleep(250);
    s = await stats();
  }
  const drainedAt = Date.now();
  await sleep(2000); // the last alarms reach the board
  clearInterval(sampler);
  ac.abort();
  const check = createDb(databaseUrl, 1);
  const rows = Number((await check.$client.query<{ n: string }>('SELECT count(*) AS n FROM telemetry')).rows[0]!.n);
  const openLeakAlarms = Number((await check.$client.query<{ n: string }>(`SELECT count(*) AS n FROM alarms WHERE condition = 'ch4' AND closed_at IS NULL`)).rows[0]!.n);
  const machine = await machineInfo(check);
  await check.$client.end();
  platform.kill('SIGTERM');

  const processed = s.applied + s.late + s.duplicate;
  const lat = summarise(latencies);
  const steady = rss.filter((r) => r.t >= 10);
  const result = {
    target: { devices: N, ratePerSec: Number(values.rate), durationSec: Number(values.duration), alarmP99Ms: 2000 },
    settings: { mqttConnections: Number(values.connections), batch: Number(values.batch), flushMs: Number(values['flush-ms']), protocol: 'MQTT 5 shared subscription ($share) on Mosquitto' },
    messages: { published: done.published, ackedByBroker: done.acked, processedByPlatform: processed, rejected: s.rejected, rowsStored: rows, lost: done.acked - rows },
    rates: {
      publishedPerSec: Math.round(done.published / (done.durationMs / 1000)),
      storedPerSecEndToEnd: Math.round(rows / ((drainedAt - t0) / 1000)),
      drainAfterPublishEndMs: drainedAt - publishEnd,
    },
    leakToBoard: { leaksPublished: leaksSent, alarmsSeenOnBoard: latencies.length, openCh4AlarmsInDb: openLeakAlarms, ...lat },
    memory: {
      rssMbFirst: rss[0]?.mb ?? null,
      rssMbAt10s: steady[0]?.mb ?? null,
      rssMbMax: Math.max(...rss.map((r) => r.mb)),
      rssMbLast: rss.at(-1)?.mb ?? null,
      samples: rss,
    },
    throughputSamples: throughput,
    machine: { ...machine, loadAverage1m5m15m: os.loadavg().map((x) => Math.round(x * 100) / 100) },
  };
  const file = writeResults('monitoring-ingest', result);
  console.log(
    table([
      ['figure', 'value'],
      ['published / acked', `${done.published} / ${done.acked}`],
      ['processed / rows stored / lost', `${processed} / ${rows} / ${done.acked - rows}`],
      ['published msg/s', result.rates.publishedPerSec],
      ['stored msg/s (end to end)', result.rates.storedPerSecEndToEnd],
      ['drain after publishing ended (ms)', result.rates.drainAfterPublishEndMs],
      ['leak → board p50 / p99 / max (ms)', `${lat.p50Ms} / ${lat.p99Ms} / ${lat.maxMs} (n=${lat.n} of ${leaksSent})`],
      ['RSS MB at 10 s / max / last', `${result.memory.rssMbAt10s} / ${result.memory.rssMbMax} / ${result.memory.rssMbLast}`],
    ]),
  );
  console.log(`written ${file}`);
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
