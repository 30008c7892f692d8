import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm start` as users run it: the platform as a child process on a fresh data folder, with its own
 * embedded PostgreSQL and MQTT broker. Proves first start, a second start keeping the data, a clean
 * stop on SIGINT, and recovery after SIGKILL (orphaned database server / stale lock file).
 */
const root = path.resolve(import.meta.dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gasguard-platform-'));
fs.chmodSync(dataDir, 0o755);
const base = 21000 + Math.floor(Math.random() * 9000);
const env = {
  ...process.env,
  GASGUARD_DATA_DIR: dataDir,
  PORT: String(base),
  MQTT_PORT: String(base + 1),
  GASGUARD_EMBEDDED_PG_PORT: String(base + 2),
  GASGUARD_LOG_LEVEL: 'warn',
};
const url = `http://127.0.0.1:${base}`;
const children: ChildProcess[] = [];

function start(extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start in time:\n${out}`)), 150_000);
    const check = setInterval(() => {
      if (out.includes('is running')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code}:\n${out}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (c) => resolve(c))));
}

async function login(username: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'GasGuard@2026' }) });
  return res;
}

function postmasterPid(): number | null {
  const f = path.join(dataDir, 'pg', 'postmaster.pid');
  return fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8').split('\n')[0]) : null;
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  const pid = postmasterPid();
  if (pid && alive(pid)) process.kill(pid, 'SIGINT');
  await new Promise((r) => setTimeout(r, 1000));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Each test starts the whole platform (initdb, migrations, seeding) as a child process: allow minutes.
describe('npm start on the embedded defaults', { timeout: 180_000 }, () => {
  it('first start seeds the demo region and prints the URL and demo logins', async () => {
    const { child, output } = await start();
    expect(output()).toContain(url);
    expect(output()).toMatch(/admin\s+platform_admin/);
    expect(output()).toContain('GasGuard@2026');
    const res = await login('zhuanban');
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = /gg_csrf=([^;]+)/.exec(cookie)![1]!;
    const regions = await (await fetch(`${url}/api/v1/regions?q=${encodeURIComponent('龙岗街道')}`, { headers: { cookie } })).json();
    const created = await fetch(`${url}/api/v1/registry/venue`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '重启测试饭店', kind: 'restaurant', address: '龙岗街道 9 号', regionId: regions.items[0].id }),
    });
    expect(created.status).toBe(201);

    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    // A clean stop leaves no database server behind.
    const pid = postmasterPid();
    expect(pid === null || !alive(pid)).toBe(true);
  });

  it('a second start keeps the data', async () => {
    const { child, output } = await start();
    expect(output()).not.toContain('initialising embedded PostgreSQL');
    const res = await login('zhuanban');
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const list = await (await fetch(`${url}/api/v1/registry/venue?q=${encodeURIComponent('重启测试')}`, { headers: { cookie } })).json();
    expect(list.total).toBe(1);
    child.kill('SIGKILL');
    await exited(child);
  });

  it('recovers after a crash: the orphaned database server and its lock file do not block the next start', async () => {
    const orphan = postmasterPid();
    expect(orphan && alive(orphan)).toBeTruthy(); // SIGKILL left PostgreSQL running on its own
    const { child } = await start();
    const res = await login('zhuanban');
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const list = await (await fetch(`${url}/api/v1/registry/venue?q=${encodeURIComponent('重启测试')}`, { headers: { cookie } })).json();
    expect(list.total).toBe(1);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
  });

  it('refuses to start with a wrong setting and names it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { ...env, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    expect(await exited(child)).toBe(2);
    expect(out).toContain('PORT');
  });
});
