/**
 * `npx tsx bench/registry-import.ts [-- --rows 100000]`: Excel import of residential users (R2.9)
 * end to end through the HTTP API. Generates a valid household xlsx with the streaming writer
 * (addresses in 大足区 communities), uploads it as the 大足区 task force, polls the job until it
 * is done, and measures the wall time and the peak RSS of the server process (a child process,
 * so the generator's memory does not count). Uses DATABASE_URL's server when set (in a fresh
 * database created and dropped there), else an embedded PostgreSQL in a temp folder.
 * Target: 100,000 rows in under 60 s with the server under 1 GiB. Writes
 * bench/results/registry-import.json. Not part of `npm test`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { createDb, migrateDb } from '../src/db/db.js';
import { DEMO_PASSWORD, seedDemo, seedPlatform } from '../src/demo/seed.js';
import { startEmbeddedPostgres } from '../src/embedded/postgres.js';
import { idNumberCheckChar } from '../src/shared/codes.js';
import { writeWorkbook, XLSX_TYPE } from '../src/shared/excel.js';
import { KINDS } from '../src/registry/kinds.js';
import { kindColumns } from '../src/registry/registry.excel.js';
import { login, machineInfo, startApp, writeResults } from './lib.js';

const TARGET_SECONDS = 60;
const TARGET_RSS_MIB = 1024;
const here = fileURLToPath(import.meta.url);

/** Child mode: the server alone, reporting its peak RSS on request. */
async function serve(databaseUrl: string) {
  const app = await startApp(databaseUrl, { poolSize: 10 });
  let sampled = 0;
  const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 100);
  process.on('message', (m) => {
    if (m === 'stats') {
      const status = fs.existsSync('/proc/self/status') ? fs.readFileSync('/proc/self/status', 'utf8') : '';
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      process.send!({ type: 'stats', peakRss: hwm ? Number(hwm[1]) * 1024 : sampled, sampledRss: sampled });
    }
    if (m === 'stop') {
      clearInterval(timer);
      void app.close().then(() => process.exit(0));
    }
  });
  process.send!({ type: 'ready', baseUrl: app.baseUrl });
}

function idNumber(n: number): string {
  const year = 1950 + (Math.floor(n / 336_000) % 50);
  const month = String(1 + (Math.floor(n / 28_000) % 12)).padStart(2, '0');
  const day = String(1 + (Math.floor(n / 1_000) % 28)).padStart(2, '0');
  const body = `500111${year}${month}${day}${String(n % 1_000).padStart(3, '0')}`;
  return body + idNumberCheckChar(body)!;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '欧阳'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰'];
const COMMUNITIES = [
  { code: '500111001001', name: '五星社区' },
  { code: '500111001002', name: '北山社区' },
  { code: '500111001003', name: '西禅社区' },
];
const GAS = ['管道天然气', '瓶装液化石油气'];

/** A valid household row n: unique address (building/unit/room), ID number and phone. */
function householdRow(n: number): Record<string, unknown> {
  const c = COMMUNITIES[n % COMMUNITIES.length]!;
  const building = 1 + Math.floor(n / 600);
  const unit = 1 + (Math.floor(n / 100) % 6);
  const room = `${1 + (Math.floor(n / 4) % 25)}0${1 + (n % 4)}`;
  return {
    address: `重庆市大足区龙岗街道${c.name}${building}栋${unit}单元${room}室（${n}）`,
    building: `${building}栋`,
    unit: `${unit}单元`,
    room,
    holderName: `${SURNAMES[n % SURNAMES.length]}${GIVEN[n % GIVEN.length]}`,
    holderIdNumber: idNumber(n),
    phone: `13${String(100_000_000 + n).slice(0, 9)}`,
    gasSource: GAS[n % 2],
    oldCommunity: n % 5 === 0 ? '是' : '否',
    hardship: n % 50 === 0 ? '低保' : '无',
    highRise100m: '否',
    status: '在册',
    regionId: c.code,
  };
}

async function generate(file: string, rows: number) {
  const out = fs.createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => out.on('finish', () => resolve()).on('error', reject));
  function* pages() {
    for (let i = 0; i < rows; i += 5_000) yield Array.from({ length: Math.min(5_000, rows - i) }, (_, j) => householdRow(i + j + 1));
  }
  await writeWorkbook(out, { sheetName: '居民用户', columns: kindColumns(KINDS.household), rows: pages() });
  await done;
}

function request<T>(child: ChildProcess, message: string, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type === type) {
        child.off('message', on);
        resolve(m as T);
      }
    };
    child.on('message', on);
    if (message) child.send(message);
  });
}

async function main() {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
  const rows = Number(values.rows);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gasguard-bench-'));
  fs.chmodSync(tmp, 0o755); // embedded PostgreSQL runs as `postgres` and must enter it
  const cleanups: (() => Promise<void>)[] = [async () => fs.rmSync(tmp, { recursive: true, force: true })];
  try {
    // A fresh database: on DATABASE_URL's server, or on an embedded one.
    let adminUrl = process.env.DATABASE_URL;
    if (!adminUrl) {
      const embedded = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: 20000 + Math.floor(Math.random() * 20000), database: 'postgres' });
      cleanups.unshift(embedded.stop);
      adminUrl = embedded.url;
    }
    const name = `gg_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    cleanups.unshift(async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    });
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = createDb(url.toString(), 2);
    cleanups.unshift(() => db.$client.end());
    await migrateDb(db);
    await seedPlatform(db, { adminPassword: undefined, demo: true });
    await seedDemo(db);
    const machine = await machineInfo(db);

    const file = path.join(tmp, 'households.xlsx');
    const g0 = performance.now();
    await generate(file, rows);
    const generateSeconds = (performance.now() - g0) / 1000;
    const bytes = fs.readFileSync(file);
    console.log(`generated ${rows} rows, ${(bytes.length / 2 ** 20).toFixed(1)} MiB in ${generateSeconds.toFixed(1)} s`);

    const child = fork(here, ['--server'], { env: { ...process.env, BENCH_DB_URL: url.toString() }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    cleanups.unshift(async () => {
      child.send('stop');
      await new Promise((r) => child.once('exit', r));
    });
    const { baseUrl } = await request<{ baseUrl: string }>(child, '', 'ready');
    const session = await login(baseUrl, 'zhuanban', DEMO_PASSWORD);

    const t0 = performance.now();
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: XLSX_TYPE }), 'households.xlsx');
    const res = await fetch(`${baseUrl}/api/v1/registry/household/imports`, { method: 'POST', body: form, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
    const accepted = (await res.json()) as { id: string; status: string };
    const acceptedSeconds = (performance.now() - t0) / 1000;
    if (res.status !== 202 && res.status !== 201) throw new Error(`upload refused: ${res.status} ${JSON.stringify(accepted)}`);
    type JobView = { status: string; progress: Record<string, number>; failure: unknown; errors: unknown[] };
    let job: JobView;
    let validatedAt = 0;
    for (;;) {
      job = (await (await session.get(`/api/v1/registry/imports/${accepted.id}`)).json()) as JobView;
      if (!validatedAt && job.status !== 'validating' && job.status !== 'queued') validatedAt = performance.now();
      if (!['queued', 'validating', 'importing'].includes(job.status)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const totalSeconds = (performance.now() - t0) / 1000;
    const stats = await request<{ peakRss: number; sampledRss: number }>(child, 'stats', 'stats');
    const stored = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM households`);
    const audits = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'household.import'`);
    const peakRssMiB = Math.round(stats.peakRss / 2 ** 20);
    const result = {
      rows,
      fileMiB: Math.round((bytes.length / 2 ** 20) * 10) / 10,
      generateSeconds: Math.round(generateSeconds * 10) / 10,
      uploadAnsweredSeconds: Math.round(acceptedSeconds * 10) / 10,
      validatedSeconds: Math.round(((validatedAt - t0) / 1000) * 10) / 10,
      totalSeconds: Math.round(totalSeconds * 10) / 10,
      rowsPerSecond: Math.round(rows / totalSeconds),
      serverPeakRssMiB: peakRssMiB,
      serverSampledPeakRssMiB: Math.round(stats.sampledRss / 2 ** 20),
      job: { status: job.status, progress: job.progress, failure: job.failure, errors: job.errors.slice(0, 3) },
      householdsStored: Number(stored.rows[0]?.n),
      auditEntries: Number(audits.rows[0]?.n),
      target: { totalSeconds: TARGET_SECONDS, serverPeakRssMiB: TARGET_RSS_MIB },
      meetsTarget: job.status === 'done' && totalSeconds < TARGET_SECONDS && peakRssMiB < TARGET_RSS_MIB,
      database: process.env.DATABASE_URL ? 'DATABASE_URL server (fresh database)' : 'embedded PostgreSQL (temp folder)',
      /** Other work on the machine during the run (1, 5, 15 minutes). */
      loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
      machine,
    };
    const out = writeResults('registry-import', result);
    console.log(JSON.stringify(result, null, 2));
    console.log(`written to ${out}`);
    if (!result.meetsTarget) process.exitCode = 1;
  } finally {
    for (const c of cleanups) await c().catch((e: unknown) => console.error('cleanup failed:', e));
  }
}

if (process.argv.includes('--server')) await serve(process.env.BENCH_DB_URL!);
else await main();
