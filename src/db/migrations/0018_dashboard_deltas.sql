CREATE TABLE "dash_delta" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region_id" uuid NOT NULL,
	"day" date NOT NULL,
	"found" integer NOT NULL,
	"found_major" integer NOT NULL,
	"found_closed" integer NOT NULL,
	"rebounds" integer NOT NULL,
	"found_public" integer NOT NULL,
	"closed" integer NOT NULL,
	"closed_major" integer NOT NULL,
	"closed_on_time" integer NOT NULL,
	"due_open" integer NOT NULL,
	"due_open_major" integer NOT NULL
);
--> statement-breakpoint
-- What one hazard row adds to dash_hazard_daily, signed: by day found (not voided), by day closed,
-- by deadline while open. The twin of recomputeHazardDays() in src/dashboard/summary.refresh.ts.
CREATE OR REPLACE FUNCTION dash_contributions(p_region uuid, p_state text, p_severity text, p_found timestamptz, p_closed timestamptz, p_deadline date, p_rebound uuid, p_source text, s int)
RETURNS TABLE (region_id uuid, day date, found int, found_major int, found_closed int, rebounds int, found_public int, closed int, closed_major int, closed_on_time int, due_open int, due_open_major int)
LANGUAGE sql STABLE AS $$
  SELECT p_region, (p_found AT TIME ZONE 'Asia/Shanghai')::date, s, s * (p_severity = 'major')::int, s * (p_state = 'closed')::int, s * (p_rebound IS NOT NULL)::int,
         s * (p_source = 'public_report')::int, 0, 0, 0, 0, 0
  WHERE p_state <> 'voided'
  UNION ALL
  SELECT p_region, (p_closed AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, 0, 0, s, s * (p_severity = 'major')::int,
         s * (p_deadline IS NULL OR (p_closed AT TIME ZONE 'Asia/Shanghai')::date <= p_deadline)::int, 0, 0
  WHERE p_state = 'closed' AND p_closed IS NOT NULL
  UNION ALL
  SELECT p_region, p_deadline, 0, 0, 0, 0, 0, 0, 0, 0, s, s * (p_severity = 'major')::int
  WHERE p_state IN ('reported', 'assigned', 'rectifying', 'awaiting_review') AND p_deadline IS NOT NULL
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_hazards_inserted() RETURNS trigger AS $$
BEGIN
  INSERT INTO dash_delta (region_id, day, found, found_major, found_closed, rebounds, found_public, closed, closed_major, closed_on_time, due_open, due_open_major)
  SELECT c.* FROM dash_new n
  CROSS JOIN LATERAL dash_contributions(n.region_id, n.state, n.severity, n.found_at, n.closed_at, n.deadline, n.rebound_of, n.source, 1) c;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_hazards_updated() RETURNS trigger AS $$
BEGIN
  INSERT INTO dash_delta (region_id, day, found, found_major, found_closed, rebounds, found_public, closed, closed_major, closed_on_time, due_open, due_open_major)
  SELECT c.* FROM dash_old o JOIN dash_new n ON n.id = o.id
  CROSS JOIN LATERAL (
    SELECT * FROM dash_contributions(o.region_id, o.state, o.severity, o.found_at, o.closed_at, o.deadline, o.rebound_of, o.source, -1)
    UNION ALL
    SELECT * FROM dash_contributions(n.region_id, n.state, n.severity, n.found_at, n.closed_at, n.deadline, n.rebound_of, n.source, 1)
  ) c
  WHERE (o.state, o.severity, o.region_id, o.found_at, o.closed_at, o.deadline, o.rebound_of, o.source)
        IS DISTINCT FROM (n.state, n.severity, n.region_id, n.found_at, n.closed_at, n.deadline, n.rebound_of, n.source);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_hazards_deleted() RETURNS trigger AS $$
BEGIN
  INSERT INTO dash_delta (region_id, day, found, found_major, found_closed, rebounds, found_public, closed, closed_major, closed_on_time, due_open, due_open_major)
  SELECT c.* FROM dash_old o
  CROSS JOIN LATERAL dash_contributions(o.region_id, o.state, o.severity, o.found_at, o.closed_at, o.deadline, o.rebound_of, o.source, -1) c;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Day markers of the first feed are no longer read; rebuild once from the hazards themselves.
DELETE FROM dash_dirty WHERE kind = 'hazard';
--> statement-breakpoint
INSERT INTO dash_dirty (kind) VALUES ('rebuild');
