/**
 * Per-region notice settings (R4.4, "template configurable per region"): the appeal bodies and the
 * document-number abbreviations of the region's issuing units, with the defaults they replace.
 */
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { departments, noticeSettings } from '../db/schema/index.js';
import { invalidFields, type FieldError } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope } from '../shared/scope.js';
import { abbreviationProblem, defaultAbbreviation, type IssuingUnit } from './notices.rules.js';
import { unitSettings } from './notices.service.js';

/** The issuing units of a region: its active departments, and the region itself when a town. */
async function unitsOfRegion(tx: Executor, region: { id: string; name: string; path: string; level: string }): Promise<IssuingUnit[]> {
  const depts = await tx
    .select({ id: departments.id, name: departments.name, isGasAuthority: departments.isGasAuthority })
    .from(departments)
    .where(and(eq(departments.regionId, region.id), eq(departments.status, 'active')))
    .orderBy(departments.name);
  const units: IssuingUnit[] = depts.map((d) => ({ type: 'department', ...d, regionId: region.id, regionPath: region.path, regionName: region.name }));
  if (region.level === 'town') units.push({ type: 'region', id: region.id, name: region.name, regionId: region.id, regionPath: region.path, regionName: region.name, level: region.level });
  return units;
}

/** The settings in force for a region: what it stores, what it inherits, and each unit's abbreviation. */
export async function getNoticeSettings(db: Executor, p: Principal, regionId: string) {
  const region = await loadRegionInScope(db, p, regionId);
  const [stored] = await db.select().from(noticeSettings).where(eq(noticeSettings.regionId, regionId));
  const units = await unitsOfRegion(db, region);
  const effective = await Promise.all(units.map(async (u) => ({ u, s: await unitSettings(db, u) })));
  const here = await unitSettings(db, { type: 'region', id: region.id, name: region.name, regionId: region.id, regionPath: region.path, regionName: region.name, level: region.level });
  return {
    regionId,
    reviewBody: here.reviewBody,
    court: here.court,
    stored: { reviewBody: stored?.reviewBody ?? null, court: stored?.court ?? null, abbreviations: stored?.abbreviations ?? {} },
    units: effective.map(({ u, s }) => ({ type: u.type, id: u.id, name: u.name, abbreviation: s.abbreviation, defaultAbbreviation: defaultAbbreviation(u) })),
  };
}

export interface NoticeSettingsInput {
  reviewBody?: string | null | undefined;
  court?: string | null | undefined;
  /** Unit id → abbreviation; null removes the setting (back to the default). */
  abbreviations?: Record<string, string | null> | undefined;
}

/** Edit a region's settings (its administrators: task force or platform admin, checked by the route). */
export async function updateNoticeSettings(db: Db, p: Principal, regionId: string, input: NoticeSettingsInput) {
  await db.transaction(async (tx) => {
    const region = await loadRegionInScope(tx, p, regionId);
    const [before] = await tx.select().from(noticeSettings).where(eq(noticeSettings.regionId, regionId)).for('update');
    const unitIds = new Set((await unitsOfRegion(tx, region)).map((u) => u.id));
    const abbreviations = { ...(before?.abbreviations ?? {}) };
    const errors: FieldError[] = [];
    for (const [unitId, abbr] of Object.entries(input.abbreviations ?? {})) {
      if (!unitIds.has(unitId)) errors.push({ path: `abbreviations.${unitId}`, key: 'notice.abbreviation.unknownUnit' });
      else if (abbr === null) delete abbreviations[unitId];
      else {
        const problem = abbreviationProblem(abbr);
        if (problem) errors.push({ path: `abbreviations.${unitId}`, key: problem });
        else abbreviations[unitId] = abbr.trim();
      }
    }
    if (errors.length) throw invalidFields(errors);
    const values = {
      reviewBody: input.reviewBody === undefined ? (before?.reviewBody ?? null) : input.reviewBody,
      court: input.court === undefined ? (before?.court ?? null) : input.court,
      abbreviations,
      updatedBy: p.id,
      updatedAt: new Date(),
    };
    const [after] = await tx
      .insert(noticeSettings)
      .values({ regionId, ...values })
      .onConflictDoUpdate({ target: noticeSettings.regionId, set: values })
      .returning();
    await recordAudit(tx, actorOf(p), { action: 'notice.settings.update', entityType: 'notice_settings', entityId: regionId, regionId, before: before ?? null, after });
  });
  return getNoticeSettings(db, p, regionId);
}
