/**
 * `npm run simulate -- --devices N --rate R [--leak-rate p] [--silent-rate p] [--url mqtt://…] [--duration s]`
 * publishes realistic telemetry (R7.2) to a running platform over MQTT (QoS 1, topic
 * gasguard/v1/devices/{code}/telemetry): low methane and CO noise, a slowly draining battery,
 * occasional leaks (a device's methane rises to 20–60 %LEL for about 30 s) and devices that go
 * silent (they stop sending, so the offline sweep raises them). Bounded by --duration.
 *
 * The simulated devices (codes SIM-000001 …) must exist on the platform:
 *   --register                     insert them straight into the database (DATABASE_URL, or the
 *                                  embedded one in GASGUARD_DATA_DIR), bound to --venue (default 老街火锅)
 *   --api http://127.0.0.1:3000    register them through the API as --user/--password (≤ 2,000)
 */
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/db.js';
import { DEMO_PASSWORD } from '../src/demo/seed.js';
import { openCliDatabase } from '../src/embedded/postgres.js';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '100' },
    rate: { type: 'string', default: '50' },
    'leak-rate': { type: 'string', default: '0.001' },
    'silent-rate': { type: 'string', default: '0.01' },
    url: { type: 'string', default: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1884' },
    duration: { type: 'string', default: '60' },
    prefix: { type: 'string', default: 'SIM-' },
    register: { type: 'boolean', default: false },
    venue: { type: 'string', default: '老街火锅' },
    api: { type: 'string' },
    user: { type: 'string', default: 'zhuanban' },
    password: { type: 'string', default: DEMO_PASSWORD },
  },
});
const N = Number(values.devices);
const RATE = Number(values.rate);
const LEAK = Number(values['leak-rate']);
const SILENT = Number(values['silent-rate']);
const DURATION_MS = Math.min(Number(values.duration), 24 * 3600) * 1000;
const code = (i: number) => `${values.prefix}${String(i + 1).padStart(6, '0')}`;

async function registerInDatabase(): Promise<void> {
  const db = await openCliDatabase(loadConfig());
  const pool = createDb(db.url, 2);
  try {
    const venue = await pool.$client.query<{ id: string; name: string; region_id: string; supplier_id: string | null }>(`SELECT id, name, region_id, supplier_id FROM venues WHERE name = $1 LIMIT 1`, [values.venue]);
    const v = venue.rows[0];
    if (!v) throw new Error(`no venue named ${values.venue}; pass --venue`);
    const res = await pool.$client.query(
      `WITH d AS (
         INSERT INTO devices (code, type, subject_type, subject_id, subject_name, region_id, enterprise_id, venue_id, location, model, vendor)
         SELECT $1 || lpad(g::text, 6, '0'), CASE WHEN g % 10 = 0 THEN 'combined_detector' ELSE 'methane_detector' END, 'venue', $2, $3, $4, $5, $2, '模拟设备', 'SIM-1', 'GasGuard simulator'
         FROM generate_series(1, $6) g ON CONFLICT (code) DO NOTHING RETURNING id)
       INSERT INTO device_state (device_id) SELECT id FROM d`,
      [values.prefix, v.id, v.name, v.region_id, v.supplier_id, N],
    );
    console.log(`registered ${res.rowCount} new devices on ${v.name} (${N - (res.rowCount ?? 0)} existed)`);
  } finally {
    await pool.$client.end();
    await db.close();
  }
}

async function registerThroughApi(base: string): Promise<void> {
  if (N > 2000) throw new Error('--api registers at most 2,000 devices; use --register for more');
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: values.user, password: values.password }) });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const venues = (await (await fetch(`${base}/api/v1/registry/venue?q=${encodeURIComponent(values.venue!)}`, { headers })).json()) as { items: { id: string }[] };
  const venueId = venues.items[0]?.id;
  if (!venueId) throw new Error(`no venue ${values.venue} in scope of ${values.user}`);
  let created = 0;
  for (let i = 0; i < N; i++) {
    const res = await fetch(`${base}/api/v1/devices`, { method: 'POST', headers, body: JSON.stringify({ code: code(i), type: 'methane_detector', subjectType: 'venue', subjectId: venueId, location: '模拟设备' }) });
    if (res.status === 201) created++;
    else if (res.status !== 409) throw new Error(`registering ${code(i)}: ${res.status} ${await res.text()}`);
  }
  console.log(`registered ${created} devices through the API`);
}

interface Sim {
  seq: number;
  battery: number;
  leakUntil: number;
  silentFrom: number;
}

async function publish(): Promise<void> {
  const client = await mqtt.connectAsync(values.url!, { clientId: `gasguard-sim-${process.pid}`, protocolVersion: 4 });
  const t0 = Date.now();
  const sims: Sim[] = Array.from({ length: N }, () => ({
    seq: 0,
    battery: 60 + Math.random() * 40,
    leakUntil: 0,
    silentFrom: Math.random() < SILENT ? t0 + Math.random() * DURATION_MS : Infinity,
  }));
  let slots = 0;
  let sent = 0;
  let leaks = 0;
  let cursor = 0;
  const report = setInterval(() => console.log(`${Math.round((Date.now() - t0) / 1000)} s: ${sent} published, ${leaks} leaks started, ${sims.filter((s) => s.silentFrom < Date.now()).length} devices silent`), 5000);
  while (Date.now() - t0 < DURATION_MS) {
    const now = Date.now();
    const due = Math.floor((RATE * (now - t0)) / 1000) - slots;
    const batch: Promise<unknown>[] = [];
    for (let k = 0; k < due; k++) {
      const i = cursor;
      cursor = (cursor + 1) % N;
      const s = sims[i]!;
      slots++;
      if (now >= s.silentFrom) continue; // gone quiet: publishes nothing from now on
      if (s.leakUntil < now && Math.random() < LEAK) {
        s.leakUntil = now + 30_000;
        leaks++;
      }
      s.seq++;
      sent++;
      s.battery = Math.max(5, s.battery - 0.001);
      const leaking = s.leakUntil >= now;
      const payload = {
        ts: now,
        seq: s.seq,
        ch4: leaking ? Math.round((20 + Math.random() * 40) * 10) / 10 : Math.round(Math.random() * 30) / 10,
        co: Math.round(Math.random() * 100) / 10,
        valve: 'open',
        battery: Math.round(s.battery),
      };
      batch.push(client.publishAsync(`gasguard/v1/devices/${code(i)}/telemetry`, JSON.stringify(payload), { qos: 1 }));
    }
    await Promise.all(batch);
    await new Promise((r) => setTimeout(r, 20));
  }
  clearInterval(report);
  await client.endAsync();
  console.log(`done: ${sent} messages in ${Math.round((Date.now() - t0) / 1000)} s, ${leaks} leaks`);
}

async function main() {
  if (values.register) await registerInDatabase();
  else if (values.api) await registerThroughApi(values.api);
  await publish();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
