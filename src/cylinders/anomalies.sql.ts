/**
 * The anomaly scan as ONE set-based statement per slice of cylinders (R6.4). The events of the
 * selected cylinders are read in timeline order (cylinder, time, id) — straight from the timeline
 * index — through two window passes, and every event with an id in (after, upTo] is tested:
 *
 * - NO_LICENSED_FILLING   a delivery with no filling at a station licensed at that time
 *                         (气瓶充装许可证 valid on the filling day) since the previous delivery
 * - DELIVERY_UNBOUND_WORKER a delivery whose worker is not the vehicle's bound worker, or with no vehicle
 * - DELIVERY_OUTSIDE_AREA a delivery to a user outside the vehicle's fixed delivery area
 * - TWO_PHASE_AT_RESTAURANT a YSP118-Ⅱ delivered to a restaurant (or canteen)
 * - FOREIGN_FILLING       a filling at a station other than the owner without a valid entrustment
 * - IMPOSSIBLE_SPEED      two consecutive scans farther apart than `maxSpeedKmh` allows (≥ `minJumpKm`)
 *
 * Rows go in with ON CONFLICT (kind, event_id) DO NOTHING: a re-run stores nothing twice.
 */
import { sql, type SQL } from 'drizzle-orm';
import { RESTAURANT_KINDS } from './models.js';

export const ANOMALY_KINDS = ['NO_LICENSED_FILLING', 'DELIVERY_UNBOUND_WORKER', 'DELIVERY_OUTSIDE_AREA', 'TWO_PHASE_AT_RESTAURANT', 'FOREIGN_FILLING', 'IMPOSSIBLE_SPEED'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** Which cylinders a statement reads: those touched by the new events, or an id range of all cylinders. */
export type Selection = { kind: 'touched' } | { kind: 'range'; from: string; to: string | null };

export interface ScanParams {
  after: number;
  upTo: number;
  maxSpeedKmh: number;
  minJumpKm: number;
  now: Date;
}

function selection(sel: Selection, p: ScanParams): SQL {
  if (sel.kind === 'touched') {
    return sql`e.cylinder_id IN (SELECT DISTINCT cylinder_id FROM cylinder_events WHERE id > ${p.after} AND id <= ${p.upTo})`;
  }
  return sel.to ? sql`e.cylinder_id >= ${sel.from}::uuid AND e.cylinder_id < ${sel.to}::uuid` : sql`e.cylinder_id >= ${sel.from}::uuid`;
}

const KM = (lat1: string, lng1: string, lat2: string, lng2: string) =>
  `(2 * 6371 * asin(least(1, sqrt(power(sin(radians(${lat2} - ${lat1}) / 2), 2) + cos(radians(${lat1})) * cos(radians(${lat2})) * power(sin(radians(${lng2} - ${lng1}) / 2), 2)))))`;

export function scanStatement(sel: Selection, p: ScanParams): SQL {
  const restaurants = sql.raw(RESTAURANT_KINDS.map((k) => `'${k}'`).join(', '));
  const km = sql.raw(KM('x.prev_lat', 'x.prev_lng', 'x.lat', 'x.lng'));
  const inRange = (t: string) => sql.raw(`${t}.id > ${Number(p.after)} AND ${t}.id <= ${Number(p.upTo)}`);
  return sql`
WITH lic AS MATERIALIZED (
  SELECT enterprise_id AS station_id, range_agg(daterange(issued_on, valid_until, '[]')) AS valid
  FROM licences WHERE kind = 'cylinder_filling' AND person_id IS NULL AND status = 'active' GROUP BY enterprise_id
),
ent AS MATERIALIZED (
  SELECT owner_enterprise_id, station_id, range_agg(daterange(valid_from, valid_until, '[]')) AS valid
  FROM cylinder_entrustments WHERE status = 'active' GROUP BY owner_enterprise_id, station_id
),
ev AS (
  SELECT e.id, e.cylinder_id, e.type, e.at, e.region_id, e.lat, e.lng, e.enterprise_id, e.station_id, e.vehicle_id, e.worker_id, e.user_type, e.user_id,
         e.data->>'userName' AS user_name, e.data->>'stationName' AS station_name,
         (e.type = 'filling' AND coalesce(l.valid @> (e.at AT TIME ZONE 'Asia/Shanghai')::date, false))::int AS lic_fill
  FROM cylinder_events e LEFT JOIN lic l ON l.station_id = e.station_id
  WHERE ${selection(sel, p)}
),
-- One pass in timeline order: licensed fillings and deliveries so far, and the previous scan.
x AS MATERIALIZED (
  SELECT ev.*, sum(lic_fill) OVER w AS cum_fill, count(*) FILTER (WHERE type = 'deliver') OVER w AS cum_del,
         lag(at) OVER w AS prev_at, lag(lat) OVER w AS prev_lat, lag(lng) OVER w AS prev_lng, lag(id) OVER w AS prev_id
  FROM ev WINDOW w AS (PARTITION BY cylinder_id ORDER BY at, id)
),
d AS MATERIALIZED (SELECT * FROM x WHERE type = 'deliver'),
found AS (
  -- A delivery with no licensed filling since the previous delivery (its cum_del is one less).
  SELECT 'NO_LICENSED_FILLING' AS kind, x.id, x.cylinder_id, x.region_id, x.enterprise_id, x.at,
         jsonb_build_object('userName', x.user_name, 'prevDeliveryAt', pd.at) AS details
  FROM d x LEFT JOIN d pd ON pd.cylinder_id = x.cylinder_id AND pd.cum_del = x.cum_del - 1
  WHERE ${inRange('x')} AND x.cum_fill - coalesce(pd.cum_fill, 0) = 0
  UNION ALL
  SELECT k.kind, x.id, x.cylinder_id, x.region_id, x.enterprise_id, x.at, k.details
  FROM d x
  LEFT JOIN vehicles v ON v.id = x.vehicle_id
  LEFT JOIN regions ar ON ar.id = v.delivery_area_id
  LEFT JOIN regions ur ON ur.id = x.region_id
  LEFT JOIN venues vn ON x.user_type = 'venue' AND vn.id = x.user_id
  CROSS JOIN LATERAL (
    SELECT 'DELIVERY_UNBOUND_WORKER' AS kind,
           jsonb_build_object('vehiclePlate', v.plate_number, 'workerId', x.worker_id, 'boundWorkerId', v.bound_worker_id, 'noVehicle', v.id IS NULL,
                              'workerName', (SELECT name FROM personnel WHERE id = x.worker_id)) AS details
    WHERE v.id IS NULL OR v.bound_worker_id IS DISTINCT FROM x.worker_id
    UNION ALL
    SELECT 'DELIVERY_OUTSIDE_AREA', jsonb_build_object('vehiclePlate', v.plate_number, 'areaName', ar.name, 'regionName', ur.name, 'userName', x.user_name)
    WHERE v.id IS NOT NULL AND (ar.path IS NULL OR ur.path IS NULL OR left(ur.path, length(ar.path)) <> ar.path)
    UNION ALL
    SELECT 'TWO_PHASE_AT_RESTAURANT', jsonb_build_object('venueName', vn.name, 'venueKind', vn.kind)
    WHERE vn.kind IN (${restaurants}) AND EXISTS (SELECT 1 FROM cylinders c WHERE c.id = x.cylinder_id AND c.model = 'YSP118-II')
  ) k
  WHERE ${inRange('x')}
  UNION ALL
  SELECT 'FOREIGN_FILLING', x.id, x.cylinder_id, x.region_id, x.enterprise_id, x.at,
         jsonb_build_object('stationId', x.station_id, 'stationName', coalesce(x.station_name, (SELECT name FROM enterprises WHERE id = x.station_id)),
                            'ownerName', (SELECT name FROM enterprises WHERE id = x.enterprise_id))
  FROM x LEFT JOIN ent ON ent.owner_enterprise_id = x.enterprise_id AND ent.station_id = x.station_id
  WHERE ${inRange('x')} AND x.type = 'filling' AND x.station_id IS DISTINCT FROM x.enterprise_id
    AND NOT coalesce(ent.valid @> (x.at AT TIME ZONE 'Asia/Shanghai')::date, false)
  UNION ALL
  SELECT 'IMPOSSIBLE_SPEED', x.id, x.cylinder_id, x.region_id, x.enterprise_id, x.at,
         jsonb_build_object('km', round(${km}::numeric, 1), 'minutes', round((extract(epoch FROM x.at - x.prev_at) / 60)::numeric, 1),
                            'kmh', round((${km} / greatest(extract(epoch FROM x.at - x.prev_at) / 3600, 1.0 / 3600))::numeric), 'maxKmh', ${p.maxSpeedKmh}::float8, 'previousEventId', x.prev_id)
  FROM x
  WHERE ${inRange('x')} AND x.lat IS NOT NULL AND x.prev_lat IS NOT NULL AND ${km} >= ${p.minJumpKm}::float8
    AND ${km} / greatest(extract(epoch FROM x.at - x.prev_at) / 3600, 1.0 / 3600) > ${p.maxSpeedKmh}::float8
)
INSERT INTO cylinder_anomalies (kind, cylinder_id, event_id, region_id, enterprise_id, at, details, detected_at)
SELECT f.kind, f.cylinder_id, f.id, coalesce(f.region_id, (SELECT c.region_id FROM cylinders c WHERE c.id = f.cylinder_id)), f.enterprise_id, f.at, f.details, ${p.now.toISOString()}::timestamptz
FROM found f
ON CONFLICT (kind, event_id) DO NOTHING`;
}
