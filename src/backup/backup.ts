/**
 * Logical backup and restore of the whole platform database, with no external tools (the embedded
 * PostgreSQL ships no pg_dump): every table of the public schema is copied with COPY inside one
 * read-only snapshot into a gzip'd file, with a manifest (migration level, row counts, sequence
 * values, the audit chain's head). Restore loads it into an empty, migrated database in foreign-key
 * order, sets the sequences, and checks counts and the audit chain before committing.
 */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

export interface Manifest {
  format: 'gasguard-backup';
  version: 1;
  createdAt: string;
  migration: { count: number; last: string | null };
  tables: { name: string; rows: number }[];
  sequences: { name: string; value: string; called: boolean }[];
  auditHead: { id: number; hash: string } | null;
}

async function tableOrder(client: pg.PoolClient | pg.Client): Promise<string[]> {
  const tables = (await client.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows.map((r) => r.t);
  const deps = await client.query<{ child: string; parent: string }>(`
    SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE k.contype = 'f' AND n.nspname = 'public' AND c.relname <> p.relname`);
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const d of deps.rows) parents.get(d.child)?.add(d.parent);
  // Parents first (Kahn's algorithm; ties alphabetical so the order is stable).
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t) && [...parents.get(t)!].every((p) => done.has(p)));
    if (ready.length === 0) throw new Error('foreign keys form a cycle; cannot order tables');
    for (const t of ready) {
      order.push(t);
      done.add(t);
    }
  }
  return order;
}

async function migrationLevel(client: pg.PoolClient | pg.Client) {
  const r = await client.query<{ n: string; last: string | null }>(
    `SELECT count(*) AS n, max(hash) FILTER (WHERE created_at = (SELECT max(created_at) FROM drizzle.__drizzle_migrations)) AS last FROM drizzle.__drizzle_migrations`,
  );
  return { count: Number(r.rows[0]?.n ?? 0), last: r.rows[0]?.last ?? null };
}

/** Write a consistent backup of the database to `file`. */
export async function backupDatabase(pool: pg.Pool, file: string): Promise<Manifest> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const order = await tableOrder(client);
    const tables: Manifest['tables'] = [];
    for (const t of order) tables.push({ name: t, rows: Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}"`)).rows[0]!.n) });
    const seqs = await client.query<{ name: string }>(`SELECT sequence_name AS name FROM information_schema.sequences WHERE sequence_schema = 'public' ORDER BY 1`);
    const sequences: Manifest['sequences'] = [];
    for (const s of seqs.rows) {
      const v = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value, is_called FROM "${s.name}"`);
      sequences.push({ name: s.name, value: String(v.rows[0]!.last_value), called: v.rows[0]!.is_called });
    }
    const head = await client.query<{ id: string; hash: string }>(`SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`);
    const manifest: Manifest = {
      format: 'gasguard-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      migration: await migrationLevel(client),
      tables,
      sequences,
      auditHead: head.rows[0] ? { id: Number(head.rows[0].id), hash: head.rows[0].hash } : null,
    };
    const gz = createGzip();
    const out = fs.createWriteStream(`${file}.partial`);
    const written = pipeline(gz, out);
    gz.write(`${JSON.stringify(manifest)}\n`);
    for (const t of order) {
      gz.write(`@@TABLE ${t}\n`);
      const stream = client.query(copyTo(`COPY "${t}" TO STDOUT`));
      for await (const chunk of stream) if (!gz.write(chunk)) await new Promise((r) => gz.once('drain', r));
      gz.write('@@END\n');
    }
    gz.end();
    await written;
    await client.query('COMMIT');
    fs.renameSync(`${file}.partial`, file); // a backup file exists only when complete
    return manifest;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    fs.rmSync(`${file}.partial`, { force: true });
    throw e;
  } finally {
    client.release();
  }
}

/**
 * The lines of a gzip'd file. Iterating the stream itself (not readline, whose iterator hangs when
 * its input fails) makes a damaged file throw.
 */
async function* gzLines(file: string): AsyncGenerator<string> {
  const input = fs.createReadStream(file).pipe(createGunzip());
  const src = fs.createReadStream(file);
  src.on('error', (e) => input.destroy(e));
  let carry = '';
  for await (const chunk of input) {
    const text = carry + (chunk as Buffer).toString('utf8');
    const parts = text.split('\n');
    carry = parts.pop() ?? '';
    for (const p of parts) yield p;
  }
  if (carry) yield carry;
}

export async function readManifest(file: string): Promise<Manifest> {
  for await (const line of gzLines(file)) return JSON.parse(line) as Manifest;
  throw new Error('empty backup file');
}

/**
 * Restore `file` into the database behind `pool`, which must be migrated to the same level and
 * hold no accounts (a fresh install). All or nothing: one transaction, checked before commit.
 */
export async function restoreDatabase(pool: pg.Pool, file: string, verify: (client: pg.PoolClient) => Promise<{ ok: boolean; head: string | null }>): Promise<Manifest> {
  const manifest = await readManifest(file);
  if (manifest.format !== 'gasguard-backup' || manifest.version !== 1) throw new Error('not a GasGuard backup');
  const client = await pool.connect();
  try {
    const level = await migrationLevel(client);
    if (level.count !== manifest.migration.count) {
      throw new Error(`backup is at migration ${manifest.migration.count}, this database at ${level.count}; restore with the same GasGuard version`);
    }
    await client.query('BEGIN');
    const used = (await client.query<{ n: string }>(`SELECT count(*) AS n FROM accounts`)).rows[0]!.n;
    if (Number(used) > 0) throw new Error('the target database is not empty (it has accounts); restore into a fresh database');
    const seen: string[] = [];
    let current: { table: string; stream: NodeJS.WritableStream & { end(): void; destroy(e?: Error): void }; done: Promise<void> } | null = null;
    let first = true;
    const lines = gzLines(file);
    try {
    for await (const line of lines) {
      if (first) {
        first = false;
        continue;
      }
      if (current === null) {
        const m = /^@@TABLE (\w+)$/.exec(line);
        if (!m) throw new Error(`corrupt backup near: ${line.slice(0, 40)}`);
        // Rows come back exactly as they were: no trigger may add or refuse anything meanwhile.
        await client.query(`ALTER TABLE "${m[1]}" DISABLE TRIGGER USER`);
        // Rows a migration seeded into the fresh database give way to the backup's.
        await client.query(`DELETE FROM "${m[1]}"`);
        const stream = client.query(copyFrom(`COPY "${m[1]}" FROM STDIN`));
        seen.push(m[1]!);
        current = { table: m[1]!, stream, done: new Promise((res, rej) => { stream.on('finish', () => res()); stream.on('error', rej); }) };
      } else if (line === '@@END') {
        current.stream.end();
        await current.done;
        await client.query(`ALTER TABLE "${current.table}" ENABLE TRIGGER USER`);
        current = null;
      } else if (!current.stream.write(`${line}\n`)) {
        await new Promise((r) => current!.stream.once('drain', r));
      }
    }
    } catch (e) {
      if (current !== null) {
        // Leave COPY mode (CopyFail) so the connection can roll back.
        const open = current as { stream: { destroy(e?: Error): void }; done: Promise<void> };
        open.stream.destroy(new Error('backup file damaged'));
        await open.done.catch(() => undefined);
      }
      throw new Error(`the backup file is damaged: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (current !== null || seen.length !== manifest.tables.length) throw new Error('the backup file is incomplete');
    for (const s of manifest.sequences) await client.query(`SELECT setval('"${s.name}"', $1, $2)`, [s.value, s.called]);
    for (const t of manifest.tables) {
      const n = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${t.name}"`)).rows[0]!.n);
      if (n !== t.rows) throw new Error(`restored ${n} rows into ${t.name}, the backup has ${t.rows}`);
    }
    const chain = await verify(client);
    if (!chain.ok || chain.head !== (manifest.auditHead?.hash ?? null)) throw new Error('the restored audit chain does not verify');
    await client.query('COMMIT');
    return manifest;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** The audit chain check used after a restore, run on the restoring transaction's connection. */
export async function verifyWithin(client: pg.PoolClient): Promise<{ ok: boolean; head: string | null }> {
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { verifyAuditChain } = await import('../audit/audit.js');
  const { schema } = await import('../db/db.js');
  const report = await verifyAuditChain(drizzle(client, { schema }));
  const head = await client.query<{ hash: string }>(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
  return { ok: report.ok, head: head.rows[0]?.hash ?? null };
}
