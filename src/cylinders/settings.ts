/**
 * Deployment settings of cylinder traceability, stored as data in the `settings` table (key
 * `cylinders.settings`) so an administrator corrects them without a release: the inspection
 * interval (GB/T 8334-2022: 4 years), the default design life (8 years), the overfill tolerance,
 * the repeated-denial rule, the anomaly thresholds and the public base URL of the QR labels.
 */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.js';
import { DEFAULT_LIMITS } from '../checklists/library/limits.js';
import type { Db, Executor } from '../db/db.js';
import { settings } from '../db/schema/index.js';
import { forbidden } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';

export const SETTINGS_KEY = 'cylinders.settings';

export const settingsSchema = z.object({
  /** Years between periodic inspections (GB/T 8334-2022: 4). */
  inspectionIntervalYears: z.number().int().min(1).max(10),
  /** Design life of a cylinder registered without one (GB 5842-2006: 8); stored per cylinder. */
  defaultDesignLifeYears: z.number().int().min(1).max(30),
  /** Net weight above allowable fill + this is an overfill (reference/cylinders.md: 0.5 kg). */
  overfillToleranceKg: z.number().min(0).max(5),
  /** A fill check warns this many days before the next inspection or the end of design life. */
  dueSoonDays: z.number().int().min(0).max(365),
  /** Refuse to fill two-phase (YSP118-Ⅱ) cylinders (GB 5842-2023 bans them); false: only warn. */
  denyTwoPhase: z.boolean(),
  /** This many denials at a station within the window raise one hazard for the station. */
  denialHazardThreshold: z.number().int().min(1).max(100_000),
  denialHazardWindowHours: z.number().int().min(1).max(24 * 31),
  /** Two scans of one cylinder farther apart than this speed allows are an anomaly … */
  maxSpeedKmh: z.number().min(10).max(2000),
  /** … when they are at least this far apart (GPS noise stays below it). */
  minJumpKm: z.number().min(0).max(1000),
  /** The anomaly scan leaves events younger than this for the next run (transactions still committing). */
  scanSettleSeconds: z.number().int().min(0).max(3600),
  /** How long a filling station's licence state is cached by each instance (also invalidated on change). */
  stationCacheSeconds: z.number().int().min(0).max(600),
  /** Absolute base of the public check page the QR labels link to: `<base>/c/<code>`. */
  publicBaseUrl: z.url().max(200),
});
export type CylinderSettings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: CylinderSettings = {
  inspectionIntervalYears: 4,
  defaultDesignLifeYears: 8,
  overfillToleranceKg: DEFAULT_LIMITS.overfillToleranceKg,
  dueSoonDays: 30,
  denyTwoPhase: true,
  denialHazardThreshold: 5,
  denialHazardWindowHours: 24,
  maxSpeedKmh: 120,
  minJumpKm: 2,
  scanSettleSeconds: 30,
  stationCacheSeconds: 30,
  publicBaseUrl: 'https://gasguard.example',
};

/** The stored settings over the defaults (a stored value that no longer validates falls back to its default). */
export async function readSettings(db: Executor): Promise<CylinderSettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SETTINGS_KEY));
  const stored = (row?.value ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const shape = settingsSchema.shape as Record<string, z.ZodType>;
  for (const [k, v] of Object.entries(stored)) {
    const field = shape[k];
    if (field?.safeParse(v).success) out[k] = v;
  }
  return out as CylinderSettings;
}

/** Change some settings (platform admin only; audited). */
export async function updateSettings(db: Db, p: Principal, patch: Partial<CylinderSettings>): Promise<CylinderSettings> {
  if (p.role !== 'platform_admin') throw forbidden();
  return db.transaction(async (tx) => {
    const before = await readSettings(tx);
    const after = { ...before, ...patch };
    await tx
      .insert(settings)
      .values({ key: SETTINGS_KEY, value: after })
      .onConflictDoUpdate({ target: settings.key, set: { value: after, updatedAt: sql`now()` } });
    await recordAudit(tx, actorOf(p), { action: 'cylinder.settings.update', entityType: 'settings', entityId: SETTINGS_KEY, before, after });
    return after;
  });
}
