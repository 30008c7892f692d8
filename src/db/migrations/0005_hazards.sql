CREATE TABLE "hazard_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"hazard_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"comment" text,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "hazards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"region_id" uuid NOT NULL,
	"town_id" uuid,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"subject_name" text NOT NULL,
	"enterprise_id" uuid,
	"venue_id" uuid,
	"item_code" text,
	"library_version" text,
	"category" text NOT NULL,
	"task_kind" text NOT NULL,
	"severity" text NOT NULL,
	"description" text NOT NULL,
	"measure" text,
	"basis" text,
	"source" text NOT NULL,
	"source_ref" text,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"found_by" uuid,
	"found_at" timestamp with time zone NOT NULL,
	"lead_department_id" uuid,
	"lead_key" text,
	"cooperating_department_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"state" text NOT NULL,
	"fixed_on_spot" boolean DEFAULT false NOT NULL,
	"deadline" date,
	"responsible_person" text,
	"control_measures" text,
	"watcher" text,
	"review_requested_by" uuid,
	"review_requested_at" timestamp with time zone,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"escalated_at" timestamp with time zone,
	"supply_suspended" boolean DEFAULT false NOT NULL,
	"rebound_of" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hazard_events" ADD CONSTRAINT "hazard_events_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_events" ADD CONSTRAINT "hazard_events_actor_id_accounts_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_town_id_regions_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_found_by_accounts_id_fk" FOREIGN KEY ("found_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_lead_department_id_departments_id_fk" FOREIGN KEY ("lead_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_review_requested_by_accounts_id_fk" FOREIGN KEY ("review_requested_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_closed_by_accounts_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hazard_events_hazard_idx" ON "hazard_events" USING btree ("hazard_id","id");--> statement-breakpoint
CREATE INDEX "hazards_region_state_idx" ON "hazards" USING btree ("region_id","state");--> statement-breakpoint
CREATE INDEX "hazards_open_deadline_idx" ON "hazards" USING btree ("deadline") WHERE state IN ('reported','assigned','rectifying','awaiting_review');--> statement-breakpoint
CREATE INDEX "hazards_subject_idx" ON "hazards" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "hazards_lead_idx" ON "hazards" USING btree ("lead_department_id","state");--> statement-breakpoint
CREATE INDEX "hazards_enterprise_idx" ON "hazards" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "hazards_created_idx" ON "hazards" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "hazards_code_idx" ON "hazards" USING btree ("code");--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS hazard_code_seq;
