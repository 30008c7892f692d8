/**
 * Region boundaries for the map (conventions.md, "ECharts maps"): a GeoJSON FeatureCollection
 * whose features carry `properties.adcode` (the region code) and `properties.name`; data is
 * joined by code, never by name. Pure validation of an uploaded collection.
 */

export interface BoundaryProblem {
  path: string;
  key: string;
  params?: Record<string, unknown>;
}

export interface CheckedBoundaries {
  problems: BoundaryProblem[];
  adcodes: string[];
  featureCount: number;
}

export const MAX_FEATURES = 5000;
const GEOMETRIES = new Set(['Polygon', 'MultiPolygon']);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every position is [lng, lat] within range, nested as the geometry type requires. */
function positionsOk(coords: unknown, depth: number): boolean {
  if (!Array.isArray(coords)) return false;
  if (depth === 0) {
    const [lng, lat] = coords as unknown[];
    return typeof lng === 'number' && typeof lat === 'number' && Math.abs(lng) <= 180 && Math.abs(lat) <= 90;
  }
  return coords.length > 0 && coords.every((c) => positionsOk(c, depth - 1));
}

export function checkFeatureCollection(fc: unknown): CheckedBoundaries {
  const problems: BoundaryProblem[] = [];
  if (!isObj(fc) || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    return { problems: [{ path: 'type', key: 'geo.notFeatureCollection' }], adcodes: [], featureCount: 0 };
  }
  const features = fc.features as unknown[];
  if (features.length === 0 || features.length > MAX_FEATURES) problems.push({ path: 'features', key: 'geo.featureCount', params: { max: MAX_FEATURES } });
  const seen = new Map<string, number>();
  features.slice(0, MAX_FEATURES).forEach((f, i) => {
    const at = `features.${i}`;
    if (!isObj(f) || f.type !== 'Feature') return void problems.push({ path: at, key: 'geo.notFeature' });
    const props = isObj(f.properties) ? f.properties : {};
    const adcode = typeof props.adcode === 'number' ? String(props.adcode) : props.adcode;
    if (typeof adcode !== 'string' || !/^\d{6,12}$/.test(adcode)) problems.push({ path: `${at}.properties.adcode`, key: 'geo.adcode' });
    else if (seen.has(adcode)) problems.push({ path: `${at}.properties.adcode`, key: 'geo.duplicate', params: { adcode, first: seen.get(adcode) } });
    else seen.set(adcode, i);
    if (typeof props.name !== 'string' || !props.name.trim()) problems.push({ path: `${at}.properties.name`, key: 'field.required' });
    const g = f.geometry;
    if (!isObj(g) || typeof g.type !== 'string' || !GEOMETRIES.has(g.type) || !positionsOk(g.coordinates, g.type === 'Polygon' ? 2 : 3)) {
      problems.push({ path: `${at}.geometry`, key: 'geo.geometry' });
    }
  });
  return { problems: problems.slice(0, 50), adcodes: [...seen.keys()], featureCount: features.length };
}
