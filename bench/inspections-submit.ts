/**
 * `npm run bench:inspections-submit [-- --requests 60 --warmup 5 --photos 5 --photo-kb 1024]`:
 * submitting an inspection (R3.7) through the real HTTP API as a grid worker (网格员) of the
 * benchmark city 渝州市 (`npm run gen:city -- --scale 1`), the way the mobile form does it:
 *   1. GET  /api/v1/checklists/for-subject   (the form: a pipeline-gas household has 31 items)
 *   2. POST /api/v1/files × 5 photos of ≈ 1 MB (real PNG files) + 2 signatures (small PNGs)
 *   3. POST /api/v1/inspections              (31 answers, the 5 photos on 5 answers, both signatures)
 * each step timed on its own, one submission at a time, a different household each time.
 * Two series: every item passes (no hazard), and 2 failed items (hazards are created in the same
 * transaction, incl. the Art. 9 operator hazard). Target: p95 of the inspection POST < 300 ms.
 * Writes bench/results/inspections-submit.json. Uploaded bytes go to a temporary data folder,
 * deleted at the end; the inspections and hazards stay in the database (records are immutable).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { seedChecklistLibrary } from '../src/checklists/checklists.service.js';
import { loadConfig } from '../src/config.js';
import { migrateDb } from '../src/db/db.js';
import { openCliDatabase } from '../src/embedded/postgres.js';
import { CITY, CITY_ADMIN } from '../scripts/gen-city-lib.js';
import { call, gridWorkerSession, makePng, upload } from './inspections-lib.js';
import { login, machineInfo, startApp, summarise, table, writeResults, type LatencySummary } from './lib.js';

const TARGET_P95_MS = 300;
const traced = new Map<string, { n: number; ms: number; max: number }>();
const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '5' },
    photos: { type: 'string', default: '5' },
    'photo-kb': { type: 'string', default: '1024' },
    /** Print the slowest SQL statements of the run (times every pg query of the process). */
    trace: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
const warmup = Number(values.warmup);
const photoCount = Number(values.photos);
const photoBytes = Number(values['photo-kb']) * 1024;

/** Time every query of node-postgres in this process, by statement text (for --trace). */
function traceQueries() {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const orig = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = (typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').slice(0, 140);
    const t0 = performance.now();
    const r = orig.apply(this, args);
    if (r && typeof (r as Promise<unknown>).then === 'function') {
      (r as Promise<unknown>).then(
        () => {
          const ms = performance.now() - t0;
          const e = traced.get(text) ?? { n: 0, ms: 0, max: 0 };
          traced.set(text, { n: e.n + 1, ms: e.ms + ms, max: Math.max(e.max, ms) });
        },
        () => undefined,
      );
    }
    return r;
  };
}

interface Item {
  id: string;
  code: string;
  measured?: { failWhen: '>' | '>=' | '<' | '<=' | 'outside'; limit: number; upper?: number };
}

/** A value the rule passes (or fails, for a finding). */
function measuredValue(m: NonNullable<Item['measured']>, fail: boolean): number {
  const { limit, upper } = m;
  switch (m.failWhen) {
    case '>':
      return fail ? limit + 1 : limit;
    case '>=':
      return fail ? limit : Math.max(0, limit / 2);
    case '<':
      return fail ? Math.max(0, limit / 2) : limit;
    case '<=':
      return fail ? Math.max(0, limit / 2) : limit + 1;
    case 'outside':
      return fail ? (upper ?? limit) + 1 : (limit + (upper ?? limit)) / 2;
  }
}

// Uploads go to a temporary data folder, not into the repository's ./data; the field-encryption
// key is copied from the configured data folder so encrypted registry fields still read.
if (values.trace) traceQueries();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gg-bench-submit-'));
const keys = path.join(path.resolve(process.env.GASGUARD_DATA_DIR ?? './data'), 'keys');
if (fs.existsSync(keys)) fs.cpSync(keys, path.join(dataDir, 'keys'), { recursive: true });
process.env.GASGUARD_DATA_DIR = dataDir;
const config = loadConfig();
const conn = await openCliDatabase(config);
const running = await startApp(conn.url, { poolSize: 10 });
try {
  const { db } = running;
  await migrateDb(db);
  // The checklist library, as `npm start` seeds it, but only into an empty table: seeding again
  // supersedes every item (seedChecklistLibrary compares the jsonb read back with JSON.stringify,
  // and jsonb reorders keys), adding 227 revisions per run.
  const active = (await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM checklist_items WHERE status = 'active'`)).rows[0]!.n;
  if (active === 0) await seedChecklistLibrary(db);
  const city = (await db.execute<{ id: string; path: string }>(sql`SELECT id, path FROM regions WHERE code = ${CITY.code} AND status = 'active'`)).rows[0];
  if (!city) throw new Error(`no ${CITY.name}: run \`npm run gen:city -- --scale 1\` first`);
  // The grid with most pipeline-gas households; the worker inspects distinct households of it.
  const grid = (
    await db.execute<{ id: string; name: string; n: number }>(sql`
      SELECT r.id, r.name, count(*)::int AS n FROM households h JOIN regions r ON r.id = h.region_id
      WHERE r.level = 'grid' AND r.path LIKE ${city.path + '%'} AND h.status = 'active' AND h.gas_source = 'pipeline_ng'
      GROUP BY r.id, r.name ORDER BY count(*) DESC, r.id LIMIT 1`)
  ).rows[0]!;
  const needed = 2 * (requests + warmup);
  const subjects = (
    await db.execute<{ id: string }>(sql`
      SELECT h.id FROM households h WHERE h.region_id = ${grid.id} AND h.status = 'active' AND h.gas_source = 'pipeline_ng'
      ORDER BY (SELECT count(*) FROM inspections i WHERE i.subject_id = h.id), h.id LIMIT ${needed}`)
  ).rows.map((r) => r.id);
  if (subjects.length < needed) console.warn(`only ${subjects.length} households in ${grid.name}; some are inspected twice`);
  const machine = await machineInfo(db);
  console.log(`${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.postgres.split(' on ')[0]}; load average ${machine.loadAverage.join(' ')}`);

  const admin = await login(running.baseUrl, CITY_ADMIN.username, CITY_ADMIN.password);
  const worker = await gridWorkerSession(admin, 'bench_grid_worker', grid.id);
  const photos = Array.from({ length: photoCount }, (_, i) => makePng(photoBytes, i + 1));
  const signature = makePng(6 * 1024, 99);
  console.log(`grid ${grid.name} (${grid.n} pipeline-gas households); photos ${photos.map((p) => p.length.toLocaleString('en')).join(', ')} bytes (PNG); ${requests} submissions per series after ${warmup} warm-up, one at a time\n`);

  const series: Record<string, unknown>[] = [];
  let s = 0;
  for (const failures of [0, 2]) {
    const t = { form: [] as number[], photo: [] as number[], photos: [] as number[], signatures: [] as number[], post: [] as number[], total: [] as number[] };
    let items = 0;
    let hazards = 0;
    for (let i = 0; i < warmup + requests; i++) {
      const subjectId = subjects[s++ % subjects.length]!;
      const t0 = performance.now();
      const form = await call<{ items: Item[] }>(worker, 'GET', `/api/v1/checklists/for-subject?subjectType=household&subjectId=${subjectId}`);
      const t1 = performance.now();
      const photoIds: string[] = [];
      const perPhoto: number[] = [];
      for (const [k, bytes] of photos.entries()) {
        const p0 = performance.now();
        photoIds.push(await upload(worker, bytes, `photo-${k + 1}.png`, 'photo'));
        perPhoto.push(performance.now() - p0);
      }
      const t2 = performance.now();
      const sigInspector = await upload(worker, signature, 'sign-inspector.png', 'signature');
      const sigRep = await upload(worker, signature, 'sign-resident.png', 'signature');
      const t3 = performance.now();
      const list = form.body.items;
      // Failures on the last plain items; photos on the failed items first, then on the first items.
      const plain = list.filter((it) => !it.measured).map((it) => it.id);
      const failing = new Set(failures > 0 ? plain.slice(-failures) : []);
      const photoOn = [...failing, ...list.map((it) => it.id).filter((id) => !failing.has(id))].slice(0, photoIds.length);
      const answers = list.map((it) => {
        const fail = failing.has(it.id);
        const photosHere = photoOn.includes(it.id) ? [photoIds[photoOn.indexOf(it.id)]!] : undefined;
        return it.measured
          ? { itemId: it.id, value: measuredValue(it.measured, false), ...(photosHere ? { photos: photosHere } : {}) }
          : { itemId: it.id, result: fail ? 'fail' : 'pass', ...(fail ? { note: '基准测试：现场发现问题' } : {}), ...(photosHere ? { photos: photosHere } : {}) };
      });
      const res = await call<{ inspection: { id: string }; hazards: unknown[]; duplicate: boolean }>(worker, 'POST', '/api/v1/inspections', {
        clientUuid: randomUUID(),
        subjectType: 'household',
        subjectId,
        startedAt: new Date(Date.now() - 15 * 60_000).toISOString(),
        lat: 29.56,
        lng: 106.55,
        gpsAccuracyM: 8,
        inspectorSignatures: [sigInspector],
        representativeName: '住户代表',
        representativeSignature: sigRep,
        answers,
      });
      const t4 = performance.now();
      if (res.status !== 201 || res.body.duplicate) throw new Error(`inspection not stored: ${res.status}`);
      if (failures > 0 && res.body.hazards.length < failures) throw new Error(`expected ≥ ${failures} hazards, got ${res.body.hazards.length}`);
      if (i < warmup) continue;
      items = list.length;
      hazards += res.body.hazards.length;
      t.form.push(t1 - t0);
      t.photo.push(...perPhoto);
      t.photos.push(t2 - t1);
      t.signatures.push(t3 - t2);
      t.post.push(t4 - t3);
      t.total.push(t4 - t0);
    }
    const post = summarise(t.post);
    const row = {
      name: failures ? `${failures} failed items (hazards created)` : 'all items pass',
      items,
      failedItems: failures,
      hazardsPerInspection: Math.round((hazards / requests) * 100) / 100,
      inspectionPost: post,
      photoUpload: summarise(t.photo),
      fivePhotoUploads: summarise(t.photos),
      twoSignatureUploads: summarise(t.signatures),
      form: summarise(t.form),
      wholeSubmission: summarise(t.total),
      pass: post.p95Ms < TARGET_P95_MS,
    };
    series.push(row);
    console.log(`${row.pass ? 'ok  ' : 'MISS'} ${row.name}: ${items} answers, ${photoCount} photos; inspection POST p50 ${post.p50Ms} ms, p95 ${post.p95Ms} ms`);
  }
  const fmt = (l: LatencySummary) => `${l.p50Ms} / ${l.p95Ms} / ${l.p99Ms}`;
  console.log(
    `\n${table([
      ['series (p50 / p95 / p99 ms)', 'inspection POST', 'one 1 MB photo', `${photoCount} photos`, '2 signatures', 'form GET', 'whole submission'],
      ...series.map((r) => [
        String(r.name),
        fmt(r.inspectionPost as LatencySummary),
        fmt(r.photoUpload as LatencySummary),
        fmt(r.fivePhotoUploads as LatencySummary),
        fmt(r.twoSignatureUploads as LatencySummary),
        fmt(r.form as LatencySummary),
        fmt(r.wholeSubmission as LatencySummary),
      ]),
    ])}`,
  );
  if (values.trace) {
    const top = [...traced.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15);
    console.log(`\nslowest statements (total ms, calls, max ms):\n${top.map(([q, v]) => `${v.ms.toFixed(0).padStart(8)} ${String(v.n).padStart(5)} ${v.max.toFixed(0).padStart(6)}  ${q}`).join('\n')}`);
  }
  const file = writeResults('inspections-submit', {
    target: { inspectionPostP95Ms: TARGET_P95_MS, note: 'the target concerns POST /api/v1/inspections; photo uploads (POST /api/v1/files) precede it and are reported separately' },
    settings: { requests, warmup, concurrency: 1, photos: photoCount, photoBytes: photos.map((p) => p.length), photoFormat: 'PNG (generated, RGB noise over a gradient)', signatureBytes: signature.length, transport: 'HTTP on 127.0.0.1 (client and server in one Node process)', account: 'grid_worker bench_grid_worker (created through the API)', subjects: `distinct pipeline-gas households of grid ${grid.name}` },
    machine: { ...machine, loadAverageAfter: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    series,
    allPass: series.every((r) => r.pass),
  });
  console.log(`\nwritten ${file}`);
  if (!series.every((r) => r.pass)) process.exitCode = 1;
} finally {
  await running.close();
  await conn.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
