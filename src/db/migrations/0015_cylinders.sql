CREATE TABLE "cylinder_anomalies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"cylinder_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"region_id" uuid NOT NULL,
	"enterprise_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cylinder_entrustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_enterprise_id" uuid NOT NULL,
	"station_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date,
	"status" text DEFAULT 'active' NOT NULL,
	"contract_no" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cylinder_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cylinder_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"region_id" uuid,
	"lat" double precision,
	"lng" double precision,
	"enterprise_id" uuid,
	"station_id" uuid,
	"vehicle_id" uuid,
	"worker_id" uuid,
	"user_type" text,
	"user_id" uuid,
	"account_id" uuid,
	"token_id" uuid,
	"actor_label" text NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cylinder_fill_checks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"station_id" uuid NOT NULL,
	"station_region_id" uuid NOT NULL,
	"cylinder_id" uuid,
	"code" text NOT NULL,
	"allowed" boolean NOT NULL,
	"reasons" text[] NOT NULL,
	"account_id" uuid,
	"token_id" uuid,
	"actor_label" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cylinders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"grai" text,
	"region_id" uuid NOT NULL,
	"owner_enterprise_id" uuid NOT NULL,
	"maker" text NOT NULL,
	"serial_number" text NOT NULL,
	"model" text NOT NULL,
	"water_volume_l" double precision NOT NULL,
	"allowable_fill_kg" double precision NOT NULL,
	"manufacture_date" date NOT NULL,
	"design_life_years" integer NOT NULL,
	"registration_no" text,
	"last_inspection_date" date,
	"next_inspection_date" date NOT NULL,
	"state" text DEFAULT 'in_service' NOT NULL,
	"state_reason" text,
	"refurbished" boolean DEFAULT false NOT NULL,
	"holder_type" text DEFAULT 'enterprise' NOT NULL,
	"holder_id" uuid,
	"holder_name" text,
	"location_region_id" uuid,
	"last_lat" double precision,
	"last_lng" double precision,
	"last_event_at" timestamp with time zone,
	"last_filling_event_id" bigint,
	"last_filled_at" timestamp with time zone,
	"last_filling_station_id" uuid,
	"last_filling_station_name" text,
	"last_net_weight_kg" double precision,
	"may_leave_station" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cylinder_entrustments" ADD CONSTRAINT "cylinder_entrustments_owner_enterprise_id_enterprises_id_fk" FOREIGN KEY ("owner_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "cylinder_entrustments" ADD CONSTRAINT "cylinder_entrustments_station_id_enterprises_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "cylinder_entrustments" ADD CONSTRAINT "cylinder_entrustments_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "cylinder_events" ADD CONSTRAINT "cylinder_events_cylinder_id_cylinders_id_fk" FOREIGN KEY ("cylinder_id") REFERENCES "public"."cylinders"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "cylinders" ADD CONSTRAINT "cylinders_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "cylinders" ADD CONSTRAINT "cylinders_owner_enterprise_id_enterprises_id_fk" FOREIGN KEY ("owner_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "cylinder_anomalies_kind_event_uq" ON "cylinder_anomalies" USING btree ("kind","event_id");
--> statement-breakpoint
CREATE INDEX "cylinder_anomalies_region_idx" ON "cylinder_anomalies" USING btree ("region_id","at");
--> statement-breakpoint
CREATE INDEX "cylinder_anomalies_cylinder_idx" ON "cylinder_anomalies" USING btree ("cylinder_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "cylinder_entrustments_pair_uq" ON "cylinder_entrustments" USING btree ("owner_enterprise_id","station_id");
--> statement-breakpoint
CREATE INDEX "cylinder_entrustments_station_idx" ON "cylinder_entrustments" USING btree ("station_id");
--> statement-breakpoint
CREATE INDEX "cylinder_events_timeline_idx" ON "cylinder_events" USING btree ("cylinder_id","at","id");
--> statement-breakpoint
CREATE INDEX "cylinder_events_inspection_idx" ON "cylinder_events" USING btree (("data"->>'inspectionId')) WHERE type = 'deliver';
--> statement-breakpoint
CREATE INDEX "cylinder_fill_checks_station_idx" ON "cylinder_fill_checks" USING btree ("station_id","at");
--> statement-breakpoint
CREATE INDEX "cylinder_fill_checks_region_idx" ON "cylinder_fill_checks" USING btree ("station_region_id","at");
--> statement-breakpoint
CREATE UNIQUE INDEX "cylinders_code_uq" ON "cylinders" USING btree ("code");
--> statement-breakpoint
CREATE INDEX "cylinders_region_state_idx" ON "cylinders" USING btree ("region_id","state");
--> statement-breakpoint
CREATE INDEX "cylinders_owner_idx" ON "cylinders" USING btree ("owner_enterprise_id","state");
--> statement-breakpoint
CREATE INDEX "cylinders_next_inspection_idx" ON "cylinders" USING btree ("next_inspection_date");
--> statement-breakpoint
CREATE INDEX "cylinders_maker_serial_idx" ON "cylinders" USING btree ("maker","serial_number");
--> statement-breakpoint
CREATE INDEX "cylinders_created_idx" ON "cylinders" USING btree ("created_at" DESC NULLS LAST,"id");
--> statement-breakpoint
-- ---- Custom SQL (cylinder traceability, R6) ----
-- Platform-issued cylinder codes (QP + district + serial + check): one sequence, never reset, so no code is issued twice.
CREATE SEQUENCE IF NOT EXISTS cylinder_code_seq START 1;
--> statement-breakpoint
-- Codes as stored: upper case 0-9 A-Z and '-', 4–40 characters (src/cylinders/codes.ts).
ALTER TABLE "cylinders" ADD CONSTRAINT "cylinders_code_format" CHECK (code ~ '^[0-9A-Z][0-9A-Z-]{3,39}$');
--> statement-breakpoint
-- Custody events and fill checks are append-only: UPDATE, DELETE and TRUNCATE are refused, except in a
-- maintenance session that sets gasguard.purge = 'on' (retention purge after the 2-year minimum, benchmark data).
CREATE OR REPLACE FUNCTION cylinder_log_refuse_change() RETURNS trigger AS $$
BEGIN
  IF current_setting('gasguard.purge', true) = 'on' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; ELSIF TG_OP = 'UPDATE' THEN RETURN NEW; ELSE RETURN NULL; END IF;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER cylinder_events_append_only BEFORE UPDATE OR DELETE ON "cylinder_events" FOR EACH ROW EXECUTE FUNCTION cylinder_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER cylinder_events_no_truncate BEFORE TRUNCATE ON "cylinder_events" FOR EACH STATEMENT EXECUTE FUNCTION cylinder_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER cylinder_fill_checks_append_only BEFORE UPDATE OR DELETE ON "cylinder_fill_checks" FOR EACH ROW EXECUTE FUNCTION cylinder_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER cylinder_fill_checks_no_truncate BEFORE TRUNCATE ON "cylinder_fill_checks" FOR EACH STATEMENT EXECUTE FUNCTION cylinder_log_refuse_change();
--> statement-breakpoint
-- Change announcements for the fill check's per-instance caches (src/cylinders/runtime.ts): a filling
-- licence, a station's status or name, an entrustment or the settings changed. Payload: 'station:<id>' or 'settings'.
CREATE OR REPLACE FUNCTION cylinder_notify() RETURNS trigger AS $$
DECLARE r jsonb;
BEGIN
  IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); ELSE r := to_jsonb(NEW); END IF;
  PERFORM pg_notify('gasguard_cylinders', TG_ARGV[0] || coalesce(r ->> TG_ARGV[1], ''));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER licences_cylinder_notify_ins AFTER INSERT ON "licences" FOR EACH ROW WHEN (NEW.kind = 'cylinder_filling') EXECUTE FUNCTION cylinder_notify('station:', 'enterprise_id');
--> statement-breakpoint
CREATE TRIGGER licences_cylinder_notify_upd AFTER UPDATE ON "licences" FOR EACH ROW WHEN (NEW.kind = 'cylinder_filling' OR OLD.kind = 'cylinder_filling') EXECUTE FUNCTION cylinder_notify('station:', 'enterprise_id');
--> statement-breakpoint
CREATE TRIGGER licences_cylinder_notify_del AFTER DELETE ON "licences" FOR EACH ROW WHEN (OLD.kind = 'cylinder_filling') EXECUTE FUNCTION cylinder_notify('station:', 'enterprise_id');
--> statement-breakpoint
CREATE TRIGGER enterprises_cylinder_notify AFTER UPDATE ON "enterprises" FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.name IS DISTINCT FROM NEW.name OR OLD.region_id IS DISTINCT FROM NEW.region_id)
  EXECUTE FUNCTION cylinder_notify('station:', 'id');
--> statement-breakpoint
CREATE TRIGGER cylinder_entrustments_notify AFTER INSERT OR UPDATE OR DELETE ON "cylinder_entrustments" FOR EACH ROW EXECUTE FUNCTION cylinder_notify('station:', 'station_id');
--> statement-breakpoint
CREATE TRIGGER settings_cylinder_notify AFTER INSERT OR UPDATE ON "settings" FOR EACH ROW WHEN (NEW.key = 'cylinders.settings') EXECUTE FUNCTION cylinder_notify('settings', '-');
