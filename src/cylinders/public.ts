/**
 * Public check of a cylinder (R6.5): anyone scanning the label sees whether the cylinder is
 * legitimate — registered, not scrapped/seized/blacklisted/recalled, inspection valid (and within
 * its design life, not a two-phase cylinder) — its owner, next inspection date and last filling
 * (station, date, net weight). Nothing personal: no user, worker or vehicle. One indexed read.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/db.js';
import { cylinders, enterprises } from '../db/schema/index.js';
import { t, type Locale } from '../shared/i18n.js';
import { normaliseCode } from './codes.js';
import { chinaDate } from './dates.js';
import { designLifeEnd } from './fill-check.rules.js';
import { CYLINDER_MODELS, isTwoPhase, STATE_LABELS, type CylinderModelKey, type CylinderState } from './models.js';

export const PUBLIC_PROBLEMS = ['NOT_REGISTERED', 'SCRAPPED', 'SEIZED', 'BLACKLISTED', 'RECALLED', 'INSPECTION_OVERDUE', 'DESIGN_LIFE_EXCEEDED', 'TWO_PHASE_CYLINDER'] as const;
export type PublicProblem = (typeof PUBLIC_PROBLEMS)[number];

const STATE_PROBLEM: Partial<Record<CylinderState, PublicProblem>> = { scrapped: 'SCRAPPED', seized: 'SEIZED', blacklisted: 'BLACKLISTED', recalled: 'RECALLED' };

export async function publicCheck(db: Executor, rawCode: string, today: string, locale: Locale) {
  const code = normaliseCode(rawCode).slice(0, 60);
  const reportUrl = `/report?cylinder=${encodeURIComponent(code)}`;
  const [c] = await db
    .select({
      code: cylinders.code,
      state: cylinders.state,
      model: cylinders.model,
      manufactureDate: cylinders.manufactureDate,
      designLifeYears: cylinders.designLifeYears,
      nextInspectionDate: cylinders.nextInspectionDate,
      lastFilledAt: cylinders.lastFilledAt,
      lastFillingStationName: cylinders.lastFillingStationName,
      lastNetWeightKg: cylinders.lastNetWeightKg,
      ownerName: enterprises.name,
    })
    .from(cylinders)
    .innerJoin(enterprises, eq(enterprises.id, cylinders.ownerEnterpriseId))
    .where(eq(cylinders.code, code));
  if (!c) {
    return { code, registered: false, legitimate: false, problems: ['NOT_REGISTERED'] as PublicProblem[], messages: [t(locale, 'cylinder.reason.NOT_REGISTERED')], reportUrl };
  }
  const problems: PublicProblem[] = [];
  const stateProblem = STATE_PROBLEM[c.state as CylinderState];
  if (stateProblem) problems.push(stateProblem);
  const inspectionValid = c.nextInspectionDate >= today;
  if (!inspectionValid) problems.push('INSPECTION_OVERDUE');
  const lifeEnds = designLifeEnd(c);
  if (lifeEnds < today) problems.push('DESIGN_LIFE_EXCEEDED');
  if (isTwoPhase(c.model)) problems.push('TWO_PHASE_CYLINDER');
  return {
    code: c.code,
    registered: true,
    legitimate: problems.length === 0,
    problems,
    messages: problems.map((x) => t(locale, `cylinder.reason.${x}`)),
    state: c.state,
    stateLabel: STATE_LABELS[c.state as CylinderState]?.zh ?? c.state,
    ownerName: c.ownerName,
    model: c.model,
    modelLabel: CYLINDER_MODELS[c.model as CylinderModelKey]?.label.zh ?? c.model,
    nextInspectionDate: c.nextInspectionDate,
    inspectionValid,
    designLifeEnds: lifeEnds,
    lastFilling: c.lastFilledAt ? { stationName: c.lastFillingStationName, date: chinaDate(c.lastFilledAt), netWeightKg: c.lastNetWeightKg } : null,
    reportUrl,
  };
}
