import { and, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { departments, regions, responsibilityRules } from '../db/schema/index.js';
import { AppError, conflict, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope, loadRegionVisible } from '../shared/scope.js';
import { resolveRule, selfAndAncestors } from './matrix.rules.js';
import { findPreset, MATRIX_PRESETS } from './presets/index.js';
import type { HazardCategory, TaskKind } from './taxonomy.js';

export type RuleRow = typeof responsibilityRules.$inferSelect;

const presentRule = (r: RuleRow) => ({
  id: r.id,
  regionId: r.regionId,
  category: r.category,
  taskKind: r.taskKind,
  leadKey: r.leadKey,
  cooperatingKeys: r.cooperatingKeys,
  basis: r.basis,
  presetKey: r.presetKey,
});

/** The region whose matrix applies at `path`: the nearest one, itself or above, that has rules. */
async function effectiveMatrixRegion(tx: Executor, path: string): Promise<string | null> {
  const ids = selfAndAncestors(path);
  if (ids.length === 0) return null;
  const rows = await tx
    .selectDistinct({ regionId: responsibilityRules.regionId })
    .from(responsibilityRules)
    .where(inArray(responsibilityRules.regionId, ids));
  const have = new Set(rows.map((r) => r.regionId));
  return ids.find((id) => have.has(id)) ?? null;
}

/** Department names by key as seen from a region: the nearest department with that key wins. */
async function departmentsByKey(tx: Executor, path: string) {
  const ids = selfAndAncestors(path);
  const rows = await tx
    .select({ d: departments, depth: regions.depth })
    .from(departments)
    .innerJoin(regions, eq(regions.id, departments.regionId))
    .where(and(inArray(departments.regionId, ids), eq(departments.status, 'active')));
  rows.sort((a, b) => b.depth - a.depth);
  const map = new Map<string, { id: string; name: string; key: string }>();
  for (const r of rows) if (!map.has(r.d.key)) map.set(r.d.key, { id: r.d.id, name: r.d.name, key: r.d.key });
  return map;
}

export async function getMatrix(db: Executor, p: Principal, regionId: string) {
  const region = await loadRegionVisible(db, p, regionId);
  const ownerId = await effectiveMatrixRegion(db, region.path);
  if (!ownerId) return { regionId, definedAt: null, inherited: false, presetKey: null, rules: [] };
  const rules = await db.select().from(responsibilityRules).where(eq(responsibilityRules.regionId, ownerId));
  const depts = await departmentsByKey(db, region.path);
  const name = (k: string) => depts.get(k)?.name ?? null;
  rules.sort((a, b) => (a.taskKind + a.category).localeCompare(b.taskKind + b.category));
  return {
    regionId,
    definedAt: ownerId,
    inherited: ownerId !== regionId,
    presetKey: rules.find((r) => r.presetKey)?.presetKey ?? null,
    rules: rules.map((r) => ({ ...presentRule(r), leadName: name(r.leadKey), cooperatingNames: r.cooperatingKeys.map((k) => name(k) ?? k) })),
  };
}

export function listPresets() {
  return MATRIX_PRESETS.map((p) => ({ key: p.key, name: p.name, source: p.source, departmentCount: p.departments.length, ruleCount: p.rules.length }));
}

/**
 * Apply a preset to a region: create the departments it names that the region lacks (by key) and
 * replace the region's rules with the preset's. One transaction, one audit entry per change.
 */
export async function applyPreset(db: Db, p: Principal, regionId: string, presetKey: string) {
  const preset = findPreset(presetKey);
  if (!preset) throw notFound('entity.preset');
  return db.transaction(async (tx) => {
    await loadRegionInScope(tx, p, regionId);
    const existing = await tx.select().from(departments).where(and(eq(departments.regionId, regionId), eq(departments.status, 'active')));
    const haveKeys = new Set(existing.map((d) => d.key));
    for (const d of preset.departments) {
      if (haveKeys.has(d.key)) continue;
      const [row] = await tx.insert(departments).values({ regionId, key: d.key, name: d.name, isGasAuthority: d.isGasAuthority ?? false }).returning();
      await recordAudit(tx, actorOf(p), { action: 'department.create', entityType: 'department', entityId: row!.id, regionId, after: row });
    }
    // One gas authority per region (R1.2): the one the preset names, flag cleared on the others.
    const gasKey = preset.departments.find((d) => d.isGasAuthority)?.key;
    if (gasKey) {
      for (const d of await tx.select().from(departments).where(eq(departments.regionId, regionId))) {
        const should = d.key === gasKey && d.status === 'active';
        if (d.isGasAuthority === should) continue;
        const [after] = await tx.update(departments).set({ isGasAuthority: should, updatedAt: new Date() }).where(eq(departments.id, d.id)).returning();
        await recordAudit(tx, actorOf(p), { action: 'department.update', entityType: 'department', entityId: d.id, regionId, before: d, after });
      }
    }
    const oldRules = await tx.select().from(responsibilityRules).where(eq(responsibilityRules.regionId, regionId));
    await tx.delete(responsibilityRules).where(eq(responsibilityRules.regionId, regionId));
    const inserted = await tx
      .insert(responsibilityRules)
      .values(preset.rules.map((r) => ({ regionId, category: r.category, taskKind: r.taskKind, leadKey: r.lead, cooperatingKeys: r.cooperating, basis: r.basis, presetKey: preset.key })))
      .returning();
    await recordAudit(tx, actorOf(p), {
      action: 'matrix.apply_preset',
      entityType: 'matrix',
      entityId: regionId,
      regionId,
      before: oldRules.map(presentRule),
      after: { presetKey: preset.key, rules: inserted.length },
    });
    return { presetKey: preset.key, rules: inserted.length };
  });
}

export interface RuleInput {
  category: string;
  taskKind: string;
  leadKey: string;
  cooperatingKeys: string[];
  basis?: string | undefined;
}

/** Every key names an active department here or above; a missing one is reported on its own field. */
async function assertDepartmentKeysExist(tx: Executor, path: string, leadKey: string, cooperatingKeys: string[]) {
  const depts = await departmentsByKey(tx, path);
  const named = [{ path: 'leadKey', key: leadKey }, ...cooperatingKeys.map((key, i) => ({ path: `cooperatingKeys.${i}`, key }))];
  const fields = named
    .filter((n) => !depts.has(n.key))
    .map((n) => ({ path: n.path, key: 'matrix.department.missing', params: { key: n.key } }));
  if (fields.length) throw new AppError('UNPROCESSABLE', 'error.validation', {}, fields);
}

export async function createRule(db: Db, p: Principal, regionId: string, input: RuleInput) {
  return db.transaction(async (tx) => {
    const region = await loadRegionInScope(tx, p, regionId);
    await assertDepartmentKeysExist(tx, region.path, input.leadKey, input.cooperatingKeys);
    const [dup] = await tx
      .select({ id: responsibilityRules.id })
      .from(responsibilityRules)
      .where(and(eq(responsibilityRules.regionId, regionId), eq(responsibilityRules.category, input.category), eq(responsibilityRules.taskKind, input.taskKind)));
    if (dup) throw conflict('matrix.rule.duplicate', { category: input.category, taskKind: input.taskKind });
    const [row] = await tx.insert(responsibilityRules).values({ regionId, ...input, basis: input.basis ?? '' }).returning();
    await recordAudit(tx, actorOf(p), { action: 'matrix.rule.create', entityType: 'responsibility_rule', entityId: row!.id, regionId, after: presentRule(row!) });
    return presentRule(row!);
  });
}

async function loadRule(tx: Executor, p: Principal, id: string) {
  const [rule] = await tx.select().from(responsibilityRules).where(eq(responsibilityRules.id, id));
  if (!rule) throw notFound('entity.rule');
  const region = await loadRegionInScope(tx, p, rule.regionId);
  return { rule, region };
}

export async function updateRule(db: Db, p: Principal, id: string, input: Partial<RuleInput>) {
  return db.transaction(async (tx) => {
    const { rule: before, region } = await loadRule(tx, p, id);
    const leadKey = input.leadKey ?? before.leadKey;
    const cooperatingKeys = input.cooperatingKeys ?? before.cooperatingKeys;
    await assertDepartmentKeysExist(tx, region.path, leadKey, cooperatingKeys);
    const [after] = await tx
      .update(responsibilityRules)
      .set({ leadKey, cooperatingKeys, basis: input.basis ?? before.basis, updatedAt: new Date() })
      .where(eq(responsibilityRules.id, id))
      .returning();
    await recordAudit(tx, actorOf(p), { action: 'matrix.rule.update', entityType: 'responsibility_rule', entityId: id, regionId: before.regionId, before: presentRule(before), after: presentRule(after!) });
    return presentRule(after!);
  });
}

export async function deleteRule(db: Db, p: Principal, id: string) {
  return db.transaction(async (tx) => {
    const { rule } = await loadRule(tx, p, id);
    await tx.delete(responsibilityRules).where(eq(responsibilityRules.id, id));
    await recordAudit(tx, actorOf(p), { action: 'matrix.rule.delete', entityType: 'responsibility_rule', entityId: id, regionId: rule.regionId, before: presentRule(rule) });
  });
}

export interface Routing {
  lead: { key: string; departmentId: string | null; name: string | null };
  cooperating: { key: string; departmentId: string | null; name: string | null }[];
  territorial: { regionId: string; name: string } | null;
  basis: string;
}

/**
 * Route a hazard of `category` / `taskKind` at a subject in `regionId` (R1.3): lead and
 * cooperating departments from the effective matrix, and the territorial town/street always.
 */
export async function routeHazard(tx: Executor, regionId: string, category: HazardCategory, taskKind: TaskKind): Promise<Routing | null> {
  const [region] = await tx.select({ path: regions.path }).from(regions).where(eq(regions.id, regionId));
  if (!region) throw notFound('entity.region');
  const ownerId = await effectiveMatrixRegion(tx, region.path);
  if (!ownerId) return null;
  const rules = await tx.select().from(responsibilityRules).where(eq(responsibilityRules.regionId, ownerId));
  const rule = resolveRule(
    rules.map((r) => ({ ...r, category: r.category as HazardCategory | '*', taskKind: r.taskKind as TaskKind | '*' })),
    category,
    taskKind,
  );
  if (!rule) return null;
  const depts = await departmentsByKey(tx, region.path);
  const ref = (key: string) => ({ key, departmentId: depts.get(key)?.id ?? null, name: depts.get(key)?.name ?? null });
  const ancestorIds = selfAndAncestors(region.path);
  const [town] = await tx
    .select({ regionId: regions.id, name: regions.name })
    .from(regions)
    .where(and(inArray(regions.id, ancestorIds), eq(regions.level, 'town')));
  return { lead: ref(rule.leadKey), cooperating: rule.cooperatingKeys.map(ref), territorial: town ?? null, basis: rule.basis };
}

