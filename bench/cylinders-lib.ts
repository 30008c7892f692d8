/**
 * Helpers of the cylinder benchmarks: the app in a child process (so the load generator does not
 * share the server's event loop), a lean keep-alive HTTP client on node:http, an open-loop
 * fixed-rate driver and a bounded closed-loop driver, and a filling-station API token.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/db.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Start the app (as `npm start` builds it) in a child process on a free loopback port. */
export async function spawnServer(databaseUrl: string, poolSize = 10): Promise<{ baseUrl: string; stop(): Promise<void>; cpu(): Promise<number>; child: ChildProcess }> {
  const child = fork(path.join(here, 'cylinders-server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: databaseUrl, BENCH_POOL: String(poolSize) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve(String((m as { baseUrl: string }).baseUrl)));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    baseUrl,
    child,
    /** The server process's CPU time so far, user + system, in µs. */
    cpu: () =>
      new Promise<number>((resolve) => {
        const on = (m: unknown) => {
          const cpu = (m as { cpu?: { user: number; system: number } }).cpu;
          if (!cpu) return;
          child.off('message', on);
          resolve(cpu.user + cpu.system);
        };
        child.on('message', on);
        child.send('cpu');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

/** A filling-station token of `stationId`, inserted straight into api_tokens (created by `createdBy`). */
export async function benchToken(db: Db, stationId: string, createdBy: string): Promise<string> {
  const token = `gg_${randomBytes(30).toString('base64url')}`;
  await db.execute(sql`
    INSERT INTO api_tokens (name, kind, token_hash, prefix, region_id, enterprise_id, created_by)
    SELECT ${'bench scale ' + new Date().toISOString()}, 'filling_station', ${createHash('sha256').update(token).digest('hex')}, ${token.slice(0, 10)}, e.region_id, e.id, ${createdBy}
    FROM enterprises e WHERE e.id = ${stationId}`);
  return token;
}

export interface HttpResult {
  status: number;
  body: string;
}

/** A keep-alive JSON client on node:http (lighter than fetch for a load loop). */
export function client(baseUrl: string, maxSockets: number, headers: Record<string, string> = {}) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const request = (method: string, p: string, body?: string) =>
    new Promise<HttpResult>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: p, method, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (body) req.write(body);
      req.end();
    });
  return { post: (p: string, body: unknown) => request('POST', p, JSON.stringify(body)), get: (p: string) => request('GET', p), close: () => agent.destroy() };
}

/**
 * Open loop at a fixed rate for `seconds`: request i is due at start + i/rate and its latency is
 * measured from that due time, so a slow server cannot hide queueing (no coordinated omission).
 */
export async function fixedRate(rate: number, seconds: number, call: (i: number) => Promise<void>): Promise<{ latencies: number[]; errors: number; achieved: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      call(i).then(
        () => void latencies.push(performance.now() - due),
        () => void errors++,
      ),
    );
    if (inflight.length > 5000) await Promise.all(inflight.splice(0, 1000));
  }
  await Promise.all(inflight);
  return { latencies, errors, achieved: latencies.length / ((performance.now() - start) / 1000) };
}

/** Closed loop: `concurrency` workers, each sending its next request when the last answered, for `seconds`. */
export async function closedLoop(concurrency: number, seconds: number, call: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const i = n++;
        const t0 = performance.now();
        try {
          await call(i);
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { latencies, errors, perSecond: latencies.length / ((performance.now() - start) / 1000) };
}

export const loadAverage = () => os.loadavg().map((x) => Math.round(x * 100) / 100);
