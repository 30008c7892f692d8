/**
 * Shared benchmark helpers: start the real app on loopback against a database, log in over
 * HTTP, run a bounded request loop, summarise latencies, describe the machine, write results.
 * Benchmarks only ever talk to 127.0.0.1 and stop after a fixed number of requests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb, type Db } from '../src/db/db.js';
import { systemClock } from '../src/shared/clock.js';

export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

export interface RunningApp {
  app: FastifyInstance;
  db: Db;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  close(): Promise<void>;
}

/** The app as `npm start` builds it (no request logging), listening on 127.0.0.1 on a free port. */
export async function startApp(databaseUrl: string, opts: { poolSize?: number } = {}): Promise<RunningApp> {
  const db = createDb(databaseUrl, opts.poolSize ?? 10);
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, GASGUARD_LOG_LEVEL: 'silent' });
  const app = await buildApp({ db, config, clock: systemClock }, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr !== 'object') throw new Error('the app did not report its address');
  return {
    app,
    db,
    baseUrl: `http://127.0.0.1:${addr.port}`,
    close: async () => {
      await app.close();
      await db.$client.end();
    },
  };
}

/** A logged-in HTTP client: the session cookie and the CSRF token of one account. */
export interface Session {
  baseUrl: string;
  cookie: string;
  csrf: string;
  get(pathAndQuery: string): Promise<Response>;
}

function assertLoopback(baseUrl: string): void {
  const host = new URL(baseUrl).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') throw new Error(`benchmarks talk to loopback only, not ${host}`);
}

/** Log in through POST /api/v1/auth/login and keep the cookies it sets. */
export async function login(baseUrl: string, username: string, password: string): Promise<Session> {
  assertLoopback(baseUrl);
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  return {
    baseUrl,
    cookie,
    csrf: body.csrfToken,
    get: (pathAndQuery) => fetch(`${baseUrl}${pathAndQuery}`, { headers: { cookie } }),
  };
}

/** Nearest-rank percentile of ascending samples (p in 0–100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface LatencySummary {
  n: number;
  minMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function summarise(samples: readonly number[]): LatencySummary {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return {
    n: s.length,
    minMs: round2(s[0] ?? Number.NaN),
    p50Ms: round2(percentile(s, 50)),
    p95Ms: round2(percentile(s, 95)),
    p99Ms: round2(percentile(s, 99)),
    maxMs: round2(s[s.length - 1] ?? Number.NaN),
    meanMs: round2(mean),
  };
}

/**
 * A bounded load loop: `warmup` unmeasured calls, then `requests` measured ones, `concurrency`
 * at a time. `call` returns when the response has been read; it throws on a wrong answer.
 */
export async function measure(opts: { requests: number; warmup: number; concurrency?: number; call: (i: number) => Promise<void> }): Promise<LatencySummary> {
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  for (let i = 0; i < opts.warmup; i++) await opts.call(i);
  const samples: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < opts.requests) {
      const i = next++;
      const t0 = performance.now();
      await opts.call(i);
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarise(samples);
}

export interface MachineInfo {
  hostname: string;
  platform: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews the figures. */
  loadAverage: number[];
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
}

/** What the figures were measured on: cores, memory, Node and PostgreSQL versions and key settings. */
export async function machineInfo(db: Db): Promise<MachineInfo> {
  const v = await db.execute<{ v: string }>(sql`SELECT version() AS v`);
  const s = await db.execute<{ name: string; setting: string; unit: string | null }>(
    sql`SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', 'jit', 'max_parallel_workers_per_gather')`,
  );
  return {
    hostname: os.hostname(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
    postgres: v.rows[0]?.v ?? 'unknown',
    postgresSettings: Object.fromEntries(s.rows.map((r) => [r.name, r.unit ? `${r.setting} ${r.unit}` : r.setting])),
  };
}

/** Write bench/results/<name>.json (with the time of the run) and return its path. */
export function writeResults(name: string, data: Record<string, unknown>): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ benchmark: name, timestamp: new Date().toISOString(), ...data }, null, 2)}\n`);
  return file;
}

/** A fixed-width table for the console. */
export function table(rows: readonly (readonly (string | number)[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...String(r[c] ?? '')].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0))));
  return rows
    .map((r) =>
      r
        .map((cell, c) => {
          const s = String(cell);
          const w = [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
          return typeof cell === 'number' ? ' '.repeat(widths[c]! - w) + s : s + ' '.repeat(widths[c]! - w);
        })
        .join('  '),
    )
    .join('\n');
}
