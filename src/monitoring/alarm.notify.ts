/**
 * THE notification hook of monitoring (R7.4 raised → notified): the one place alarms reach people.
 * Called inside the transaction that raised the alarms; it writes the bell notifications and the
 * 企业微信/钉钉 outbox rows through the notifications module (src/notifications/emit.ts) for the venue's
 * user, the gas company (admins and safety managers) and the town's officers, then moves the alarms
 * to `notified`. It runs under a savepoint: if notifying fails, the alarms stay `raised` (and are on
 * the live board) and ingestion goes on.
 *
 * NOTE for the notifications module: `alarm.raised` is not yet one of its EVENT_KINDS, so group
 * robots cannot subscribe to it until it is added there; the in-app bell works already.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Executor } from '../db/db.js';
import * as schema from '../db/schema/index.js';
import { emit, type PlatformEvent } from '../notifications/emit.js';
import type { MessageKind } from '../notifications/events.js';
import { t, type Locale } from '../shared/i18n.js';
import { CONDITION_LABELS, DEVICE_TYPE_LABELS, SEVERITY_LABELS, type Condition, type DeviceType, type Severity } from './devices.types.js';
import { uuidArray } from './sql.arrays.js';

const ALARM_RAISED = 'alarm.raised' as unknown as MessageKind;

interface Facts {
  id: string;
  code: string;
  condition: Condition;
  severity: Severity;
  value: number | null;
  region_id: string;
  device_code: string;
  device_type: DeviceType;
  subject_type: string;
  subject_name: string;
  location: string | null;
  town_name: string | null;
}

export const alarmLink = (id: string) => `/alarms/${id}`;

function params(f: Facts, locale: Locale, forGroup: boolean) {
  const zh = locale === 'zh-CN';
  const label = (l: { zh: string; en: string }) => (zh ? l.zh : l.en);
  return {
    code: f.code,
    subject: forGroup && f.subject_type === 'household' ? t(locale, 'notify.household') : f.subject_name,
    device: `${label(DEVICE_TYPE_LABELS[f.device_type])} ${f.device_code}`,
    condition: label(CONDITION_LABELS[f.condition]),
    severity: label(SEVERITY_LABELS[f.severity]),
    value: f.value === null ? '' : f.condition === 'ch4' ? ` ${f.value} %LEL` : f.condition === 'co' ? ` ${f.value} ppm` : '',
    location: forGroup || !f.location ? '' : ` (${f.location})`,
    town: f.town_name ?? '—',
  };
}

async function recipients(tx: pg.PoolClient, alarmIds: string[]) {
  const res = await tx.query<{ alarm_id: string; account_id: string; locale: string }>(
    `WITH al AS (
       SELECT a.id, a.venue_id, a.enterprise_id, r.path, string_to_array(trim(both '/' from r.path), '/')::uuid[] AS ancestors
       FROM alarms a JOIN regions r ON r.id = a.region_id WHERE a.id = ANY($1::uuid[]))
     SELECT DISTINCT al.id AS alarm_id, acc.id AS account_id, acc.locale
     FROM al
     JOIN regions ar ON ar.id = ANY(al.ancestors)
     JOIN accounts acc ON acc.region_id = ar.id AND acc.status = 'active'
     WHERE (acc.role = 'venue_user' AND acc.venue_id = al.venue_id)
        OR (acc.role = 'enterprise_admin' AND acc.enterprise_id = al.enterprise_id)
        OR (acc.role = 'enterprise_staff' AND acc.staff_kind = 'safety_manager' AND acc.enterprise_id = al.enterprise_id)
        OR (acc.role = 'town_officer' AND ar.level IN ('town', 'community', 'grid'))
     ORDER BY 1, 2`,
    [uuidArray(alarmIds)],
  );
  const out = new Map<string, { id: string; locale: Locale }[]>();
  for (const r of res.rows) out.set(r.alarm_id, [...(out.get(r.alarm_id) ?? []), { id: r.account_id, locale: r.locale === 'en' ? 'en' : 'zh-CN' }]);
  return out;
}

/** Notify about newly raised alarms and mark them notified; never throws (see above). */
export async function notifyAlarmsRaised(client: pg.PoolClient, alarmIds: string[], now: Date, log: (m: string) => void): Promise<void> {
  if (alarmIds.length === 0) return;
  await client.query('SAVEPOINT gg_alarm_notify');
  try {
    const facts = await client.query<Facts>(
      `SELECT a.id, a.code, a.condition, a.severity, a.value, a.region_id, d.code AS device_code, d.type AS device_type, d.subject_type, d.subject_name, d.location,
              (SELECT t.name FROM regions t WHERE t.level = 'town' AND r.path LIKE t.path || '%' LIMIT 1) AS town_name
       FROM alarms a JOIN devices d ON d.id = a.device_id JOIN regions r ON r.id = a.region_id WHERE a.id = ANY($1::uuid[])`,
      [uuidArray(alarmIds)],
    );
    const who = await recipients(client, alarmIds);
    const events: PlatformEvent[] = facts.rows.map((f) => {
      const group = params(f, 'zh-CN', true);
      return {
        key: `alarm:${f.id}:raised`,
        kind: ALARM_RAISED,
        entity: { type: 'alarm', id: f.id },
        link: alarmLink(f.id),
        regionId: f.region_id,
        departmentIds: [],
        recipients: who.get(f.id) ?? [],
        inApp: (locale: Locale) => {
          const p = params(f, locale, false);
          return { title: t(locale, 'alarm.notify.title', p), body: t(locale, 'alarm.notify.body', p) };
        },
        robot: { title: t('zh-CN', 'alarm.notify.title', group), lines: [t('zh-CN', 'alarm.notify.body', group), t('zh-CN', 'notify.robot.town', group)], link: alarmLink(f.id) },
      };
    });
    const tx = drizzle(client, { schema }) as unknown as Executor;
    await emit(tx, events);
    await client.query(
      `WITH n AS (UPDATE alarms SET state = 'notified', notified_at = $2, updated_at = now() WHERE id = ANY($1::uuid[]) AND state = 'raised' RETURNING id)
       INSERT INTO alarm_events (alarm_id, action, from_state, to_state, actor_id, actor_label, at, data)
       SELECT n.id, 'notify', 'raised', 'notified', NULL, 'system', $2, jsonb_build_object('recipients', $3::jsonb -> n.id::text) FROM n`,
      [uuidArray(alarmIds), now, JSON.stringify(Object.fromEntries(alarmIds.map((id) => [id, (who.get(id) ?? []).length])))],
    );
    await client.query('RELEASE SAVEPOINT gg_alarm_notify');
  } catch (e) {
    await client.query('ROLLBACK TO SAVEPOINT gg_alarm_notify');
    log(`alarm notification failed (alarms stay raised): ${e instanceof Error ? e.message : String(e)}`);
  }
}
