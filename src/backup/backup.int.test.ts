import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../../test/harness.js';
import { testServers } from '../../test/db.js';
import { createDb, migrateDb, type Db } from '../db/db.js';
import { backupDatabase, restoreDatabase, verifyWithin } from './backup.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gg-backup-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every public table's rows, as one digest per table: equal digests = identical contents (byte order, so no collation ties). */
async function digest(db: Db): Promise<Record<string, string>> {
  const tables = (await db.$client.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.t);
  const out: Record<string, string> = {};
  for (const t of tables) {
    const r = await db.$client.query<{ d: string; n: string }>(`SELECT count(*) AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text COLLATE "C"), '')) AS d FROM "${t}" x`);
    out[t] = `${r.rows[0]!.n}:${r.rows[0]!.d}`;
  }
  return out;
}

async function emptyMigratedDatabase(): Promise<{ db: Db; drop(): Promise<void> }> {
  const server = testServers()[0]!;
  const name = `gg_restore_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), 3);
  await migrateDb(db);
  return {
    db,
    drop: async () => {
      await db.$client.end();
      const a = new pg.Client({ connectionString: server.adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

describeOnEachDatabase('backup and restore', (ctx) => {
  it('restores to an identical state, checked by counts, contents and the audit chain', async () => {
    const c = await ctx().login('zhuanban');
    const grid = (await c.get(`/api/v1/regions?q=${encodeURIComponent('第一网格')}`)).body.items[0].id;
    const householdsBefore = Number((await ctx().db.$client.query<{ n: string }>('SELECT count(*) AS n FROM households')).rows[0]!.n);
    await c.post('/api/v1/registry/household', { address: '备份测试 1 号', regionId: grid, phone: '13900001111' });
    const file = path.join(dir, 'a.ggbak');
    const manifest = await backupDatabase(ctx().db.$client, file);
    expect(manifest.tables.find((t) => t.name === 'households')?.rows).toBe(householdsBefore + 1);
    expect(manifest.auditHead).not.toBeNull();

    const target = await emptyMigratedDatabase();
    try {
      await restoreDatabase(target.db.$client, file, verifyWithin);
      expect(await digest(target.db)).toEqual(await digest(ctx().db));
      // Sequences continue where they were: the next hazard code does not collide.
      const seq = await target.db.$client.query<{ v: string }>(`SELECT last_value AS v FROM audit_log_id_seq`);
      expect(Number(seq.rows[0]!.v)).toBe(manifest.auditHead!.id);
    } finally {
      await target.drop();
    }
  });

  it('refuses to restore over a database that has data, and changes nothing', async () => {
    const file = path.join(dir, 'b.ggbak');
    await backupDatabase(ctx().db.$client, file);
    const before = await digest(ctx().db);
    await expect(restoreDatabase(ctx().db.$client, file, verifyWithin)).rejects.toThrow(/not empty/);
    expect(await digest(ctx().db)).toEqual(before);
  });

  it('refuses a damaged backup without leaving a half restore', async () => {
    const file = path.join(dir, 'c.ggbak');
    await backupDatabase(ctx().db.$client, file);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(path.join(dir, 'd.ggbak'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const target = await emptyMigratedDatabase();
    try {
      await expect(restoreDatabase(target.db.$client, path.join(dir, 'd.ggbak'), verifyWithin)).rejects.toThrow();
      const n = await target.db.$client.query<{ n: string }>(`SELECT count(*) AS n FROM regions`);
      expect(Number(n.rows[0]!.n)).toBe(0);
    } finally {
      await target.drop();
    }
  });
});
