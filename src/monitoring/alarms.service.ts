/**
 * Alarm handling by people (R7.4): acknowledge, dispatch to a responder, arrive, handle with a
 * result and photos, close. Each step is decided by alarm.rules.ts, timed, attributed
 * (alarm_events), audited, and announced to live boards. A real leak puts a hazard on the ledger
 * (source "alarm", R4.1).
 */
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { accounts, alarmEvents, alarms, regions } from '../db/schema/index.js';
import type { HazardCategory } from '../departments/taxonomy.js';
import { claimFiles } from '../files/files.service.js';
import { createHazard } from '../hazards/hazards.service.js';
import { defaultTaskKind } from '../hazards/routing.rules.js';
import { loadSubject, type SubjectType } from '../registry/subjects.js';
import { AppError } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { ALARM_CHANNEL } from './alarm.bus.js';
import { decideAlarm, type AlarmAction, type AlarmState } from './alarm.rules.js';
import { alarmActor, getAlarm, loadAlarm } from './alarms.repository.js';
import { CONDITION_LABELS, type Condition } from './devices.types.js';

export interface AlarmActInput {
  responderId?: string | undefined;
  result?: 'real_leak' | 'false_alarm' | 'device_fault' | undefined;
  note?: string | undefined;
  photos?: string[] | undefined;
  /** For a real leak: the hazard category on the ledger (default 问题管网). */
  hazardCategory?: HazardCategory | undefined;
}

/** The responder must be an active person who can see the alarm (not a venue's own user). */
async function checkResponder(tx: Executor, responderId: string, alarm: { regionPath: string; enterpriseId: string | null }): Promise<void> {
  const [r] = await tx
    .select({ role: accounts.role, status: accounts.status, enterpriseId: accounts.enterpriseId, path: regions.path })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .where(eq(accounts.id, responderId));
  const ok =
    r &&
    r.status === 'active' &&
    r.role !== 'venue_user' &&
    (r.role === 'platform_admin' || alarm.regionPath.startsWith(r.path)) &&
    (r.enterpriseId === null || r.enterpriseId === alarm.enterpriseId);
  if (!ok) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'responderId', key: 'alarm.responder.invalid' }]);
}

export async function actOnAlarm(db: Db, p: Principal, id: string, action: AlarmAction, input: AlarmActInput, now: Date) {
  await db.transaction(async (tx) => {
    const j = await loadAlarm(tx, p, id, true);
    const a = j.a;
    const photos = input.photos ?? [];
    const d = decideAlarm(action, alarmActor(p), { state: a.state as AlarmState, regionPath: j.regionPath, enterpriseId: a.enterpriseId, venueId: a.venueId, responderId: a.responderId }, {
      responderId: input.responderId ?? null,
      result: input.result ?? null,
      photoCount: photos.length,
    });
    if (!d.ok) {
      if (d.code === 'STATE') throw new AppError('CONFLICT', d.key, { state: a.state });
      if (d.code === 'INPUT') throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: d.field ?? '', key: d.key }]);
      throw new AppError('FORBIDDEN', d.key);
    }
    const actor = actorOf(p);
    const changes: Partial<typeof alarms.$inferInsert> = { state: d.to, updatedAt: now };
    const data: Record<string, unknown> = {};
    switch (action) {
      case 'acknowledge':
        Object.assign(changes, { acknowledgedAt: now, acknowledgedBy: actor.id });
        break;
      case 'dispatch':
        await checkResponder(tx, input.responderId!, { regionPath: j.regionPath, enterpriseId: a.enterpriseId });
        Object.assign(changes, { dispatchedAt: now, responderId: input.responderId! });
        data.responderId = input.responderId;
        break;
      case 'arrive':
        Object.assign(changes, { arrivedAt: now });
        break;
      case 'handle': {
        if (photos.length) await claimFiles(tx, p, photos, a.regionId);
        Object.assign(changes, { handledAt: now, result: input.result!, resultNote: input.note ?? null, photos });
        Object.assign(data, { result: input.result, photos });
        if (input.result === 'real_leak') {
          const subject = await loadSubject(tx, null, j.subjectType as SubjectType, j.subjectId);
          const label = CONDITION_LABELS[a.condition as Condition]?.zh ?? a.condition;
          const hazard = await createHazard(tx, actor, {
            subject,
            category: input.hazardCategory ?? 'problem_pipeline',
            taskKind: defaultTaskKind(subject.type, subject.kind),
            severity: 'major',
            description: `燃气泄漏报警 ${a.code}：${label}（设备 ${j.deviceCode}${j.location ? `，${j.location}` : ''}，峰值 ${a.peakValue ?? a.value ?? '—'}）经现场核实为真实泄漏。${input.note ?? ''}`.trim(),
            source: 'alarm',
            sourceRef: a.code,
            photos,
            foundAt: now,
          });
          changes.hazardId = hazard.id;
          data.hazardId = hazard.id;
        }
        break;
      }
      case 'close':
        Object.assign(changes, { closedAt: now, closedBy: actor.id });
        break;
    }
    await tx.update(alarms).set(changes).where(eq(alarms.id, id));
    await tx.insert(alarmEvents).values({ alarmId: id, action, fromState: a.state, toState: d.to, actorId: actor.id, actorLabel: actor.label, at: now, data: { ...data, note: input.note ?? null } });
    await recordAudit(tx, actor, { action: `alarm.${action}`, entityType: 'alarm', entityId: id, regionId: a.regionId, before: { state: a.state }, after: { state: d.to, ...data } });
    await tx.execute(sql`SELECT pg_notify(${ALARM_CHANNEL}, ${id})`);
  });
  return getAlarm(db, p, id);
}

/** Accounts the caller may dispatch this alarm to (for the dispatch dialog). */
export async function responderCandidates(db: Db, p: Principal, id: string) {
  const j = await loadAlarm(db, p, id);
  // People whose home region contains the alarm's (they can see it); company people of its company only.
  const rows = await db
    .select({ id: accounts.id, displayName: accounts.displayName, role: accounts.role })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .where(
      and(
        eq(accounts.status, 'active'),
        sql`${accounts.role} IN ('town_officer','grid_worker','enterprise_admin','enterprise_staff','dept_officer','task_force')`,
        sql`${j.regionPath} LIKE ${regions.path} || '%'`,
        j.a.enterpriseId ? sql`(${accounts.enterpriseId} IS NULL OR ${accounts.enterpriseId} = ${j.a.enterpriseId})` : sql`${accounts.enterpriseId} IS NULL`,
      ),
    )
    .orderBy(accounts.displayName)
    .limit(200);
  return rows
    .map((r) => ({ id: r.id, displayName: r.displayName, role: r.role }));
}
