import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/db.js';
import { geoBoundaries } from '../db/schema/index.js';
import { AppError, notFound } from '../shared/errors.js';
import { actorOf } from '../shared/http.js';
import type { Principal } from '../shared/principal.js';
import { loadRegionInScope } from '../shared/scope.js';
import { checkFeatureCollection } from './geo.rules.js';
import { requireOfficial } from './dashboard.service.js';

/**
 * Store the boundaries the deployment loads for a region's map (its children's outlines, and its
 * own). Replaces what was there. Codes that match neither the region nor a region below it are
 * reported back (they will not join any figure), not refused.
 */
export async function putBoundaries(db: Db, p: Principal, regionId: string, fc: unknown) {
  const checked = checkFeatureCollection(fc);
  if (checked.problems.length) throw new AppError('UNPROCESSABLE', 'error.validation', {}, checked.problems);
  return db.transaction(async (tx) => {
    const region = await loadRegionInScope(tx, p, regionId);
    const known = await tx.execute<{ code: string }>(
      sql`SELECT code FROM regions WHERE status = 'active' AND path LIKE ${region.path + '%'} AND code = ANY(${`{${checked.adcodes.join(',')}}`}::text[])`,
    );
    const matched = new Set(known.rows.map((r) => r.code));
    const row = { regionId: region.id, featureCollection: fc, featureCount: checked.featureCount, adcodes: checked.adcodes, uploadedBy: p.kind === 'account' ? p.id : null, uploadedAt: new Date() };
    await tx.insert(geoBoundaries).values(row).onConflictDoUpdate({ target: geoBoundaries.regionId, set: row });
    await recordAudit(tx, actorOf(p), { action: 'geo.boundaries.put', entityType: 'region', entityId: region.id, regionId: region.id, after: { featureCount: checked.featureCount, adcodes: checked.adcodes.length } });
    return { regionId: region.id, featureCount: checked.featureCount, matched: matched.size, unmatched: checked.adcodes.filter((c) => !matched.has(c)) };
  });
}

/** The stored FeatureCollection of a region (served from the platform; no tiles from the internet). */
export async function getBoundaries(db: Executor, p: Principal, regionId: string) {
  requireOfficial(p);
  const region = await loadRegionInScope(db, p, regionId);
  const [row] = await db.select().from(geoBoundaries).where(eq(geoBoundaries.regionId, region.id));
  if (!row) throw notFound('entity.boundaries');
  return row.featureCollection;
}
