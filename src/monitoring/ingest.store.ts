/**
 * The database side of ingestion: one transaction per batch. Lock the devices' state rows, run the
 * rules (device.rules.ts) over each device's messages in time order, insert the raw rows that are
 * new (one multi-row INSERT … SELECT FROM unnest), write the new states (one UPDATE … FROM
 * unnest), apply alarm actions, publish alarm changes (NOTIFY, delivered at commit), commit.
 */
import type pg from 'pg';
import type { Db } from '../db/db.js';
import { applyAlarmActions, publishAlarmChanges } from './alarm.apply.js';
import { notifyAlarmsRaised } from './alarm.notify.js';
import { evaluate, type DeviceState, type RuleAction } from './device.rules.js';
import { lockDeviceStates, writeDeviceStates, type LockedDevice } from './device-state.repository.js';
import type { BatchStore, DeviceRef, StoreItem, StoreStatus } from './ingest.pipeline.js';
import type { RuleCache } from './rules.repository.js';
import { codeArray, numArray, uuidArray } from './sql.arrays.js';

const INSERT_TELEMETRY = `
  INSERT INTO telemetry (device_id, ts, received_at, seq, ch4, co, valve, battery, fault)
  SELECT u.d, to_timestamp(u.t / 1000.0), to_timestamp(u.r / 1000.0), u.s, u.ch4, u.co, u.v, u.b, u.f
  FROM unnest($1::uuid[], $2::float8[], $3::float8[], $4::int[], $5::real[], $6::real[], $7::smallint[], $8::real[], $9::text[]) AS u(d, t, r, s, ch4, co, v, b, f)`;

/** Cache of device codes (immutable once registered): positive for a minute, negative for 5 s. */
class CodeCache {
  private hits = new Map<string, { ref: DeviceRef | null; at: number }>();
  get(code: string, now: number): DeviceRef | null | undefined {
    const e = this.hits.get(code);
    if (!e) return undefined;
    if (now - e.at > (e.ref ? 60_000 : 5_000)) {
      this.hits.delete(code);
      return undefined;
    }
    return e.ref;
  }
  set(code: string, ref: DeviceRef | null, now: number): void {
    if (this.hits.size > 500_000) this.hits.clear();
    this.hits.set(code, { ref, at: now });
  }
}

export interface StoreHooks {
  /** Alarms changed in a committed batch (the live board of this instance hears it via NOTIFY too). */
  log(m: string): void;
  now(): Date;
}

export class PgBatchStore implements BatchStore {
  private codes = new CodeCache();

  constructor(
    private readonly db: Db,
    private readonly rules: RuleCache,
    private readonly hooks: StoreHooks,
  ) {}

  async resolve(codes: string[]): Promise<Map<string, DeviceRef>> {
    const now = Date.now();
    const out = new Map<string, DeviceRef>();
    const missing: string[] = [];
    for (const c of codes) {
      const hit = this.codes.get(c, now);
      if (hit) out.set(c, hit);
      else if (hit === undefined) missing.push(c);
    }
    if (missing.length === 0) return out;
    const res = await this.db.$client.query<{ id: string; code: string; status: string; enterprise_id: string | null; path: string }>({
      name: 'gg_mon_resolve_codes',
      text: `SELECT d.id, d.code, d.status, d.enterprise_id, r.path FROM devices d JOIN regions r ON r.id = d.region_id WHERE d.code = ANY($1::text[])`,
      values: [codeArray(missing)],
    });
    for (const r of res.rows) {
      const ref: DeviceRef = { id: r.id, code: r.code, status: r.status, enterpriseId: r.enterprise_id, regionPath: r.path };
      this.codes.set(r.code, ref, now);
      out.set(r.code, ref);
    }
    for (const c of missing) if (!out.has(c)) this.codes.set(c, null, now);
    return out;
  }

  async store(items: StoreItem[]): Promise<StoreStatus[]> {
    const rules = await this.rules.get();
    const client = await this.db.$client.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const devices = await lockDeviceStates(client, [...new Set(items.map((i) => i.deviceId))]);
      const statuses = new Array<StoreStatus>(items.length);
      // Each device's messages in time order (then sequence), so a batch never applies them backwards.
      const byDevice = new Map<string, number[]>();
      items.forEach((it, idx) => byDevice.set(it.deviceId, [...(byDevice.get(it.deviceId) ?? []), idx]));
      const rows: number[] = [];
      const states: { id: string; state: DeviceState }[] = [];
      const work: { device: LockedDevice; actions: RuleAction[] }[] = [];
      for (const [deviceId, idxs] of byDevice) {
        const device = devices.get(deviceId);
        if (!device || device.status !== 'active') {
          for (const i of idxs) statuses[i] = 'retired';
          continue;
        }
        idxs.sort((a, b) => items[a]!.reading.ts - items[b]!.reading.ts || (items[a]!.reading.seq ?? 0) - (items[b]!.reading.seq ?? 0));
        let state = device.state;
        const actions: RuleAction[] = [];
        const facts = { type: device.type, binding: device.binding };
        for (const i of idxs) {
          const it = items[i]!;
          const ev = evaluate(state, facts, { kind: 'telemetry', reading: it.reading, receivedAt: it.receivedAt }, rules[device.type]);
          statuses[i] = ev.disposition;
          if (ev.disposition === 'applied' || ev.disposition === 'late') rows.push(i);
          state = ev.state;
          actions.push(...ev.actions);
        }
        if (state !== device.state) states.push({ id: deviceId, state });
        work.push({ device, actions });
      }
      await this.insertRows(client, items, rows);
      await writeDeviceStates(client, states);
      const applied = await applyAlarmActions(client, work);
      await notifyAlarmsRaised(client, applied.raised, this.hooks.now(), this.hooks.log);
      await publishAlarmChanges(client, applied.changed);
      await client.query('COMMIT');
      return statuses;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw e;
    } finally {
      client.release(broken);
    }
  }

  private async insertRows(client: pg.PoolClient, items: StoreItem[], idxs: number[]): Promise<void> {
    if (idxs.length === 0) return;
    const r = idxs.map((i) => items[i]!);
    await client.query({
      name: 'gg_mon_insert_telemetry',
      text: INSERT_TELEMETRY,
      values: [
        uuidArray(r.map((x) => x.deviceId)),
        numArray(r.map((x) => x.reading.ts)),
        numArray(r.map((x) => x.receivedAt)),
        numArray(r.map((x) => x.reading.seq)),
        numArray(r.map((x) => x.reading.ch4)),
        numArray(r.map((x) => x.reading.co)),
        numArray(r.map((x) => (x.reading.valve === null ? null : x.reading.valve === 'open' ? 1 : 0))),
        numArray(r.map((x) => x.reading.battery)),
        r.map((x) => x.reading.fault),
      ],
    });
  }
}
