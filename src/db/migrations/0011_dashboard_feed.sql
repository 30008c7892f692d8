-- Dashboard feed (R11.1): statement triggers append what changed to dash_dirty, so the dashboard
-- job refreshes only the days concerned; writers append and never wait on each other.
-- Not in the Drizzle schema: indexes the refresh and the coverage figures read by.
CREATE INDEX IF NOT EXISTS "hazards_found_at_idx" ON "hazards" USING btree ("found_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "hazards_closed_at_idx" ON "hazards" USING btree ("closed_at") WHERE "closed_at" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "inspections_type_time_idx" ON "inspections" USING btree ("subject_type", "submitted_at") INCLUDE ("subject_id", "region_id", "kind");
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_hazards_inserted() RETURNS trigger AS $$
BEGIN
  INSERT INTO dash_dirty (kind, day)
  SELECT DISTINCT 'hazard', v.d
  FROM dash_new n
  CROSS JOIN LATERAL (VALUES ((n.found_at AT TIME ZONE 'Asia/Shanghai')::date), ((n.closed_at AT TIME ZONE 'Asia/Shanghai')::date), (n.deadline)) AS v(d)
  WHERE v.d IS NOT NULL;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_hazards_updated() RETURNS trigger AS $$
BEGIN
  INSERT INTO dash_dirty (kind, day)
  SELECT DISTINCT 'hazard', v.d
  FROM dash_old o JOIN dash_new n ON n.id = o.id
  CROSS JOIN LATERAL (VALUES
    ((o.found_at AT TIME ZONE 'Asia/Shanghai')::date), ((n.found_at AT TIME ZONE 'Asia/Shanghai')::date),
    ((o.closed_at AT TIME ZONE 'Asia/Shanghai')::date), ((n.closed_at AT TIME ZONE 'Asia/Shanghai')::date),
    (o.deadline), (n.deadline)) AS v(d)
  WHERE v.d IS NOT NULL
    AND (o.state, o.severity, o.region_id, o.found_at, o.closed_at, o.deadline, o.rebound_of, o.source)
        IS DISTINCT FROM (n.state, n.severity, n.region_id, n.found_at, n.closed_at, n.deadline, n.rebound_of, n.source);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_hazards_deleted() RETURNS trigger AS $$
BEGIN
  INSERT INTO dash_dirty (kind, day)
  SELECT DISTINCT 'hazard', v.d
  FROM dash_old o
  CROSS JOIN LATERAL (VALUES ((o.found_at AT TIME ZONE 'Asia/Shanghai')::date), ((o.closed_at AT TIME ZONE 'Asia/Shanghai')::date), (o.deadline)) AS v(d)
  WHERE v.d IS NOT NULL;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER hazards_dash_insert AFTER INSERT ON hazards REFERENCING NEW TABLE AS dash_new FOR EACH STATEMENT EXECUTE FUNCTION dash_hazards_inserted();
--> statement-breakpoint
CREATE TRIGGER hazards_dash_update AFTER UPDATE ON hazards REFERENCING OLD TABLE AS dash_old NEW TABLE AS dash_new FOR EACH STATEMENT EXECUTE FUNCTION dash_hazards_updated();
--> statement-breakpoint
CREATE TRIGGER hazards_dash_delete AFTER DELETE ON hazards REFERENCING OLD TABLE AS dash_old FOR EACH STATEMENT EXECUTE FUNCTION dash_hazards_deleted();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_mark(kind text) RETURNS void AS $$
  INSERT INTO dash_dirty (kind) VALUES (kind);
$$ LANGUAGE sql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dash_subjects_changed() RETURNS trigger AS $$
BEGIN
  PERFORM dash_mark('subjects');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER venues_dash AFTER INSERT OR UPDATE OR DELETE ON venues FOR EACH STATEMENT EXECUTE FUNCTION dash_subjects_changed();
--> statement-breakpoint
CREATE TRIGGER households_dash AFTER INSERT OR UPDATE OR DELETE ON households FOR EACH STATEMENT EXECUTE FUNCTION dash_subjects_changed();
--> statement-breakpoint
CREATE TRIGGER enterprises_dash AFTER INSERT OR UPDATE OR DELETE ON enterprises FOR EACH STATEMENT EXECUTE FUNCTION dash_subjects_changed();
--> statement-breakpoint
CREATE TRIGGER facilities_dash AFTER INSERT OR UPDATE OR DELETE ON facilities FOR EACH STATEMENT EXECUTE FUNCTION dash_subjects_changed();
--> statement-breakpoint
-- A moved or retired region changes every roll-up above it: rebuild everything.
CREATE OR REPLACE FUNCTION dash_regions_changed() RETURNS trigger AS $$
BEGIN
  PERFORM dash_mark('rebuild');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER regions_dash AFTER UPDATE OF path, parent_id, status ON regions FOR EACH STATEMENT EXECUTE FUNCTION dash_regions_changed();
--> statement-breakpoint
-- A database that already holds hazards gets its summaries built by the first refresh.
INSERT INTO dash_dirty (kind) VALUES ('rebuild');
