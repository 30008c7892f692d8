import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { campaigns, departments, regions } from '../db/schema/index.js';
import { AppError, forbidden, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope, loadRegionVisible, type RegionRef } from '../shared/scope.js';
import { CALENDAR_PRESETS, CAMPAIGN_PRESETS, dueDates, findCalendarPreset, findCampaignPreset, phaseProblems, type CampaignCalendar, type CampaignPhase } from './calendar.rules.js';

export type CampaignRow = typeof campaigns.$inferSelect;

/** Who sets campaigns up: the task force of the region (and the platform admin). */
const MANAGERS = new Set(['platform_admin', 'task_force']);

export function presets() {
  return { campaigns: CAMPAIGN_PRESETS, calendars: CALENDAR_PRESETS };
}

/**
 * A campaign the caller may read: one of its region subtree, or of a region above it (a town
 * reports under the district's campaign). 404 otherwise.
 */
export async function loadCampaignVisible(db: Executor, p: Principal, id: string): Promise<CampaignRow> {
  const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!c) throw notFound('entity.campaign');
  await loadRegionVisible(db, p, c.regionId).catch(() => {
    throw notFound('entity.campaign');
  });
  return c;
}

async function loadCampaignManaged(db: Executor, p: Principal, id: string): Promise<CampaignRow> {
  if (p.role === 'machine' || !MANAGERS.has(p.role)) throw forbidden();
  const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!c) throw notFound('entity.campaign');
  await loadRegionInScope(db, p, c.regionId);
  return c;
}

export async function listCampaigns(db: Executor, p: Principal, regionId?: string) {
  const region = await loadRegionVisible(db, p, regionId ?? p.regionId);
  // The region's own campaigns and those of every region above it.
  const ids = region.path.split('/').filter(Boolean);
  const rows = await db.select().from(campaigns).where(inArray(campaigns.regionId, ids)).orderBy(desc(campaigns.startDate));
  return { items: rows };
}

export interface CampaignInput {
  regionId: string;
  presetKey?: string | undefined;
  name?: string | undefined;
  phases?: CampaignPhase[] | undefined;
  calendar?: { key?: string | undefined; rules?: CampaignCalendar['rules'] | undefined; startsOn?: string | null | undefined } | undefined;
  /** First due date collected in the platform; default today. */
  reportingFrom?: string | undefined;
}

function calendarOf(input: CampaignInput['calendar'], fallbackKey: string | undefined): CampaignCalendar {
  if (input?.rules) return { key: input.key ?? 'custom', rules: input.rules, startsOn: input.startsOn ?? null };
  const key = input?.key ?? fallbackKey;
  const preset = key ? findCalendarPreset(key) : undefined;
  if (!preset) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'calendar', key: 'campaign.calendarMissing' }]);
  return { key: preset.key, rules: preset.rules, startsOn: input?.startsOn !== undefined ? input.startsOn : preset.startsOn };
}

function checkPhases(phases: CampaignPhase[]) {
  if (phases.length === 0) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'phases', key: 'field.required' }]);
  const problems = phaseProblems(phases);
  if (problems.length) throw new AppError('UNPROCESSABLE', 'error.validation', {}, problems.map((path) => ({ path, key: 'campaign.phaseOrder' })));
}

/** Create a campaign from a preset of the seeds (phases and calendar) or from given phases (R5.4). */
export async function createCampaign(db: Db, p: Principal, input: CampaignInput, today: string) {
  if (p.role === 'machine' || !MANAGERS.has(p.role)) throw forbidden();
  const preset = input.presetKey ? findCampaignPreset(input.presetKey) : undefined;
  if (input.presetKey && !preset) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'presetKey', key: 'field.invalidValue' }]);
  const phases = input.phases ?? preset?.phases;
  if (!phases) throw new AppError('UNPROCESSABLE', 'error.validation', {}, [{ path: 'phases', key: 'field.required' }]);
  checkPhases(phases);
  const calendar = calendarOf(input.calendar, preset?.calendarKey);
  return db.transaction(async (tx) => {
    const region = await loadRegionInScope(tx, p, input.regionId);
    const [row] = await tx
      .insert(campaigns)
      .values({
        regionId: region.id,
        name: input.name ?? `${region.name}${preset?.name ?? '燃气安全专项整治'}`,
        presetKey: preset?.key ?? null,
        calendar,
        phases,
        startDate: phases[0]!.start,
        endDate: phases[phases.length - 1]!.end,
        reportingFrom: input.reportingFrom ?? today,
        createdBy: p.kind === 'account' ? p.id : null,
      })
      .returning();
    await recordAudit(tx, actorOf(p), { action: 'campaign.create', entityType: 'campaign', entityId: row!.id, regionId: region.id, after: row });
    return row!;
  });
}

export interface CampaignPatch {
  name?: string | undefined;
  phases?: CampaignPhase[] | undefined;
  calendar?: CampaignInput['calendar'];
  status?: 'active' | 'archived' | undefined;
  reportingFrom?: string | undefined;
}

/** Edit a campaign's name, phases, calendar or status (phases and dates are configurable, R5.4). */
export async function updateCampaign(db: Db, p: Principal, id: string, patch: CampaignPatch) {
  return db.transaction(async (tx) => {
    const before = await loadCampaignManaged(tx, p, id);
    const phases = patch.phases ?? before.phases;
    checkPhases(phases);
    const calendar = patch.calendar ? calendarOf(patch.calendar, before.calendar.key) : before.calendar;
    const [after] = await tx
      .update(campaigns)
      .set({ name: patch.name ?? before.name, phases, calendar, status: patch.status ?? before.status, reportingFrom: patch.reportingFrom ?? before.reportingFrom, startDate: phases[0]!.start, endDate: phases[phases.length - 1]!.end, updatedAt: new Date() })
      .where(eq(campaigns.id, id))
      .returning();
    await recordAudit(tx, actorOf(p), { action: 'campaign.update', entityType: 'campaign', entityId: id, regionId: before.regionId, before, after });
    return after!;
  });
}

export interface Unit {
  type: 'region' | 'department';
  id: string;
  name: string;
  /** The town itself, or the department's region. */
  regionId: string;
  regionPath: string;
}

/** The units that report under a campaign: the regions directly below it and its departments. */
export async function campaignUnits(db: Executor, c: Pick<CampaignRow, 'regionId'>): Promise<Unit[]> {
  const [region] = await db.select({ path: regions.path }).from(regions).where(eq(regions.id, c.regionId));
  const children = await db
    .select({ id: regions.id, name: regions.name, path: regions.path })
    .from(regions)
    .where(and(eq(regions.parentId, c.regionId), eq(regions.status, 'active')))
    .orderBy(asc(regions.code));
  const depts = await db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(and(eq(departments.regionId, c.regionId), eq(departments.status, 'active')))
    .orderBy(asc(departments.name));
  return [
    ...children.map((r) => ({ type: 'region' as const, id: r.id, name: r.name, regionId: r.id, regionPath: r.path })),
    ...depts.map((d) => ({ type: 'department' as const, id: d.id, name: d.name, regionId: c.regionId, regionPath: region?.path ?? '/' })),
  ];
}

export async function getCampaign(db: Executor, p: Principal, id: string, today: string) {
  const c = await loadCampaignVisible(db, p, id);
  const units = await campaignUnits(db, c);
  const upcoming = dueDates(c.calendar, c, today, `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`).slice(0, 6);
  return { campaign: c, units: units.map(({ regionPath: _path, ...u }) => u), upcomingDueDates: upcoming };
}

export type { RegionRef };
