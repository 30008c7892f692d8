CREATE TABLE "enforcement_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hazard_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"enterprise_id" uuid,
	"venue_id" uuid,
	"kind" text NOT NULL,
	"action_date" date NOT NULL,
	"officer" text NOT NULL,
	"document_no" text,
	"amount_yuan" numeric(14, 2),
	"files" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"note" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lookback_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"requested_size" integer NOT NULL,
	"size" integer NOT NULL,
	"available" integer NOT NULL,
	"unit_type" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"unit_name" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lookback_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"hazard_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"note" text,
	"photos" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"checked_by" uuid,
	"checked_at" timestamp with time zone,
	"rebound_hazard_id" uuid
);
--> statement-breakpoint
CREATE TABLE "notice_counters" (
	"unit_type" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "notice_counters_unit_type_unit_id_year_pk" PRIMARY KEY("unit_type","unit_id","year")
);
--> statement-breakpoint
CREATE TABLE "notice_settings" (
	"region_id" uuid PRIMARY KEY NOT NULL,
	"review_body" text,
	"court" text,
	"abbreviations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"unit_type" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"issuer_name" text NOT NULL,
	"issuer_abbr" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"region_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"subject_name" text NOT NULL,
	"subject_address" text,
	"enterprise_id" uuid,
	"venue_id" uuid,
	"hazard_ids" uuid[] NOT NULL,
	"items" jsonb NOT NULL,
	"officers" jsonb NOT NULL,
	"representative_name" text,
	"representative_signature" uuid,
	"review_body" text NOT NULL,
	"court" text NOT NULL,
	"verification_code" text NOT NULL,
	"issued_on" date NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supply_suspensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"supplier_id" uuid,
	"hazard_id" uuid NOT NULL,
	"suspension_action_id" uuid NOT NULL,
	"restoration_action_id" uuid,
	"suspended_at" timestamp with time zone NOT NULL,
	"suspended_by" uuid NOT NULL,
	"restored_at" timestamp with time zone,
	"restored_by" uuid
);
--> statement-breakpoint
ALTER TABLE "enforcement_actions" ADD CONSTRAINT "enforcement_actions_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_actions" ADD CONSTRAINT "enforcement_actions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_actions" ADD CONSTRAINT "enforcement_actions_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_actions" ADD CONSTRAINT "enforcement_actions_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_actions" ADD CONSTRAINT "enforcement_actions_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lookback_batches" ADD CONSTRAINT "lookback_batches_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lookback_batches" ADD CONSTRAINT "lookback_batches_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lookback_items" ADD CONSTRAINT "lookback_items_batch_id_lookback_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."lookback_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lookback_items" ADD CONSTRAINT "lookback_items_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lookback_items" ADD CONSTRAINT "lookback_items_checked_by_accounts_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lookback_items" ADD CONSTRAINT "lookback_items_rebound_hazard_id_hazards_id_fk" FOREIGN KEY ("rebound_hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_settings" ADD CONSTRAINT "notice_settings_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_settings" ADD CONSTRAINT "notice_settings_updated_by_accounts_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_representative_signature_files_id_fk" FOREIGN KEY ("representative_signature") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_issued_by_accounts_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_suspensions" ADD CONSTRAINT "supply_suspensions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_suspensions" ADD CONSTRAINT "supply_suspensions_supplier_id_enterprises_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_suspensions" ADD CONSTRAINT "supply_suspensions_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_suspensions" ADD CONSTRAINT "supply_suspensions_suspension_action_id_enforcement_actions_id_fk" FOREIGN KEY ("suspension_action_id") REFERENCES "public"."enforcement_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_suspensions" ADD CONSTRAINT "supply_suspensions_restoration_action_id_enforcement_actions_id_fk" FOREIGN KEY ("restoration_action_id") REFERENCES "public"."enforcement_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_suspensions" ADD CONSTRAINT "supply_suspensions_suspended_by_accounts_id_fk" FOREIGN KEY ("suspended_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_suspensions" ADD CONSTRAINT "supply_suspensions_restored_by_accounts_id_fk" FOREIGN KEY ("restored_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enforcement_actions_hazard_idx" ON "enforcement_actions" USING btree ("hazard_id","recorded_at");--> statement-breakpoint
CREATE INDEX "enforcement_actions_subject_idx" ON "enforcement_actions" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "lookback_batches_region_idx" ON "lookback_batches" USING btree ("region_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lookback_items_batch_hazard_uq" ON "lookback_items" USING btree ("batch_id","hazard_id");--> statement-breakpoint
CREATE INDEX "lookback_items_hazard_idx" ON "lookback_items" USING btree ("hazard_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notices_number_uq" ON "notices" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "notices_unit_year_seq_uq" ON "notices" USING btree ("unit_type","unit_id","year","seq");--> statement-breakpoint
CREATE INDEX "notices_subject_idx" ON "notices" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "notices_region_idx" ON "notices" USING btree ("region_id","issued_at");--> statement-breakpoint
CREATE INDEX "notices_hazards_idx" ON "notices" USING gin ("hazard_ids");--> statement-breakpoint
CREATE UNIQUE INDEX "supply_suspensions_active_uq" ON "supply_suspensions" USING btree ("subject_type","subject_id") WHERE restored_at IS NULL;--> statement-breakpoint
CREATE INDEX "supply_suspensions_hazard_idx" ON "supply_suspensions" USING btree ("hazard_id");