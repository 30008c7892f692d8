/**
 * 一扫一充 (R6.2). The fill check is the scales' hot path: one indexed look-up of the cylinder
 * (a prepared statement), the station's licence facts from the instance cache, the pure decision,
 * and a queued log entry — no transaction, no audit lock. Recording a filling re-reads the
 * station and re-decides inside the filling transaction with the cylinder row locked, so a denied
 * cylinder can never be recorded as filled.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { cylinderEvents, cylinders, enterprises, licences, personnel } from '../db/schema/index.js';
import { AppError, forbidden, invalidField, notFound } from '../shared/errors.js';
import { t, type Locale } from '../shared/i18n.js';
import type { Principal } from '../shared/principal.js';
import { licenceState } from '../registry/registry.rules.js';
import { normaliseCode } from './codes.js';
import { custodyActor } from './custody.rules.js';
import { eventActor, eventTime } from './custody.service.js';
import { loadCylinder } from './cylinders.service.js';
import { chinaDate } from './dates.js';
import { decideFill, isOverfill, type FillCylinderFacts, type FillDecision } from './fill-check.rules.js';
import { CYLINDER_MODELS, type CylinderModelKey, type CylinderState } from './models.js';
import { loadStation, type CylinderRuntime, type StationFacts } from './runtime.js';
import type { CylinderSettings } from './settings.js';

/** The station a caller fills at: its own enterprise (a station token or a station account). */
export function stationOf(p: Principal, requested: string | undefined): string {
  const actor = custodyActor(p);
  if (actor !== 'station_token' && actor !== 'filling_operator' && actor !== 'owner_admin') throw forbidden('cylinder.fill.notStation');
  if (!p.enterpriseId) throw forbidden('cylinder.fill.notStation');
  if (requested && requested !== p.enterpriseId) throw forbidden('cylinder.fill.notYourStation');
  return p.enterpriseId;
}

/** The columns the decision and the answer need, by code: one index look-up. */
function lookupStatement(db: Db) {
  return db
    .select({
      id: cylinders.id,
      code: cylinders.code,
      state: cylinders.state,
      ownerEnterpriseId: cylinders.ownerEnterpriseId,
      ownerName: enterprises.name,
      model: cylinders.model,
      allowableFillKg: cylinders.allowableFillKg,
      manufactureDate: cylinders.manufactureDate,
      designLifeYears: cylinders.designLifeYears,
      nextInspectionDate: cylinders.nextInspectionDate,
      refurbished: cylinders.refurbished,
      lastFilledAt: cylinders.lastFilledAt,
    })
    .from(cylinders)
    .innerJoin(enterprises, eq(enterprises.id, cylinders.ownerEnterpriseId))
    .where(eq(cylinders.code, sql.placeholder('code')))
    .prepare('cylinder_fill_lookup');
}
type Lookup = NonNullable<Awaited<ReturnType<ReturnType<typeof lookupStatement>['execute']>>[number]>;

const statements = new WeakMap<Db, ReturnType<typeof lookupStatement>>();

function facts(c: Lookup): FillCylinderFacts {
  return { ...c, state: c.state as CylinderState };
}

export function presentDecision(d: FillDecision, c: Lookup | null, locale: Locale) {
  return {
    allowed: d.allowed,
    reasons: d.reasons,
    messages: d.reasons.map((r) => t(locale, `cylinder.reason.${r}`)),
    warnings: d.warnings,
    warningMessages: d.warnings.map((w) => t(locale, `cylinder.warning.${w}`)),
    cylinder: c
      ? {
          code: c.code,
          model: c.model,
          modelLabel: CYLINDER_MODELS[c.model as CylinderModelKey]?.label.zh ?? c.model,
          ownerName: c.ownerName,
          state: c.state,
          allowableFillKg: c.allowableFillKg,
          nextInspectionDate: c.nextInspectionDate,
          designLifeEnds: d.designLifeEnds,
          lastFilledAt: c.lastFilledAt,
        }
      : null,
  };
}

/** One scan before filling (R6.2): decide, queue the log entry, answer. */
export async function fillCheck(rt: CylinderRuntime, p: Principal, input: { code: string; stationId?: string | undefined }, locale: Locale) {
  const stationId = stationOf(p, input.stationId);
  const code = normaliseCode(input.code);
  let stmt = statements.get(rt.db);
  if (!stmt) statements.set(rt.db, (stmt = lookupStatement(rt.db)));
  const [settings, station, rows] = await Promise.all([rt.settings(), rt.station(stationId), stmt.execute({ code })]);
  if (!station) throw notFound('entity.enterprise');
  const now = rt.clock.now();
  const c = rows[0] ?? null;
  const decision = decideFill(c ? facts(c) : null, station, chinaDate(now), settings);
  rt.fillLog.add({ at: now, stationId, stationRegionId: station.regionId, cylinderId: c?.id ?? null, code: code.slice(0, 60), allowed: decision.allowed, reasons: decision.reasons, ...eventActor(p) });
  return presentDecision(decision, c, locale);
}

export interface FillingInput {
  code: string;
  stationId?: string | undefined;
  netWeightKg: number;
  filledAt?: string | undefined;
  operatorId?: string | undefined;
  scaleId?: string | undefined;
  preFillCheck: { passed: boolean; note?: string | undefined; items?: Record<string, boolean> | undefined };
  postFillCheck: { leakOk: boolean; note?: string | undefined };
  lat?: number | undefined;
  lng?: number | undefined;
}

/** The certified operator of a filling: a station token names one; a station account is one (or names one). */
async function operatorOf(db: Db, p: Principal, station: StationFacts, operatorId: string | undefined, today: string) {
  if (!operatorId) {
    if (p.kind === 'token') throw invalidField('operatorId', 'field.required');
    return { id: null, name: p.label };
  }
  const [person] = await db
    .select({ id: personnel.id, name: personnel.name, enterpriseId: personnel.enterpriseId, status: personnel.status })
    .from(personnel)
    .where(eq(personnel.id, operatorId));
  if (!person || person.enterpriseId !== station.id || person.status !== 'active') throw invalidField('operatorId', 'cylinder.operator.unknown');
  const certs = await db.select({ status: licences.status, validUntil: licences.validUntil }).from(licences).where(and(eq(licences.personId, person.id), eq(licences.kind, 'special_equipment_cert')));
  const ok = certs.some((c) => ['valid', 'due', 'no_expiry'].includes(licenceState(c.status, c.validUntil, today)));
  if (!ok) throw invalidField('operatorId', 'cylinder.operator.notCertified');
  return { id: person.id, name: person.name };
}

/**
 * Record a filling after an allowed scan (R6.2): re-decided inside the transaction; pre-fill
 * check must have passed; an overfill (net weight above allowable fill + tolerance) or a leak is
 * a failed post-fill check and the cylinder may not leave the station until a passing re-check.
 */
export async function recordFilling(db: Db, rt: CylinderRuntime, p: Principal, input: FillingInput, locale: Locale, s: CylinderSettings) {
  const stationId = stationOf(p, input.stationId);
  const now = rt.clock.now();
  const at = eventTime(input.filledAt, now);
  const today = chinaDate(now);
  const station = await loadStation(db, stationId);
  if (!station) throw notFound('entity.enterprise');
  const operator = await operatorOf(db, p, station, input.operatorId, today);
  if (!input.preFillCheck.passed) throw invalidField('preFillCheck.passed', 'cylinder.filling.preCheckFailed');
  const code = normaliseCode(input.code);
  const outcome = await db.transaction(async (tx) => {
    const found = await loadCylinder(tx, null, code, true).catch(() => null);
    const c = found?.c ?? null;
    const decision = decideFill(c ? { ...c, state: c.state as CylinderState } : null, station, today, s);
    if (!decision.allowed || !c) return { denied: decision, c, event: null };
    const overfill = isOverfill(input.netWeightKg, c.allowableFillKg, s.overfillToleranceKg);
    const postOk = !overfill && input.postFillCheck.leakOk;
    const [event] = await tx
      .insert(cylinderEvents)
      .values({
        cylinderId: c.id,
        type: 'filling',
        at,
        regionId: station.regionId,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        enterpriseId: c.ownerEnterpriseId,
        stationId: station.id,
        ...eventActor(p),
        flags: [...(overfill ? ['OVERFILL'] : []), ...(input.postFillCheck.leakOk ? [] : ['LEAK'])],
        data: {
          stationName: station.name,
          netWeightKg: input.netWeightKg,
          allowableFillKg: c.allowableFillKg,
          toleranceKg: s.overfillToleranceKg,
          overfill,
          preFillCheck: input.preFillCheck,
          postFillCheck: { ...input.postFillCheck, overfill, passed: postOk },
          operatorId: operator.id,
          operatorName: operator.name,
          scaleId: input.scaleId ?? null,
          stationLicence: decision.licence,
        },
      })
      .returning();
    const moveHolder = !c.lastEventAt || at >= c.lastEventAt;
    await tx
      .update(cylinders)
      .set({
        lastFillingEventId: event!.id,
        lastFilledAt: at,
        lastFillingStationId: station.id,
        lastFillingStationName: station.name,
        lastNetWeightKg: input.netWeightKg,
        mayLeaveStation: postOk,
        ...(moveHolder ? { holderType: 'station', holderId: station.id, holderName: station.name, locationRegionId: station.regionId, lastLat: event!.lat, lastLng: event!.lng, lastEventAt: at } : {}),
        updatedAt: now,
      })
      .where(eq(cylinders.id, c.id));
    return { denied: null, c, event: event!, overfill, postOk };
  });
  if (outcome.denied || !outcome.event) {
    const denied = outcome.denied ?? decideFill(null, station, today, s);
    // A refused filling is a refused scan too: logged and counted like one.
    rt.fillLog.add({ at: now, stationId, stationRegionId: station.regionId, cylinderId: outcome.c?.id ?? null, code: code.slice(0, 60), allowed: false, reasons: denied.reasons, ...eventActor(p) });
    const messages = denied.reasons.map((r) => t(locale, `cylinder.reason.${r}`));
    throw new AppError('CONFLICT', 'cylinder.filling.denied', { reasons: messages.join('；') }, denied.reasons.map((r) => ({ path: 'code', key: `cylinder.reason.${r}` })));
  }
  const problems = [...(outcome.overfill ? ['OVERFILL'] : []), ...(input.postFillCheck.leakOk ? [] : ['LEAK'])];
  return {
    filling: outcome.event,
    postFillCheckPassed: outcome.postOk,
    mayLeaveStation: outcome.postOk,
    problems,
    messages: problems.map((x) => t(locale, `cylinder.filling.${x}`)),
  };
}
