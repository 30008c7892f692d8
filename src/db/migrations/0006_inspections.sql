CREATE TABLE "checklist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"revision" integer NOT NULL,
	"region_id" uuid,
	"origin" text NOT NULL,
	"library_version" text NOT NULL,
	"def" jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"item_code" text NOT NULL,
	"result" text NOT NULL,
	"value" double precision,
	"flags" jsonb,
	"photos" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"note" text,
	"hazard_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"department_id" uuid,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"interval_months" integer,
	"open_hazard_interval_days" integer,
	"assignee_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid,
	"region_id" uuid NOT NULL,
	"department_id" uuid,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"subject_name" text NOT NULL,
	"due_from" date NOT NULL,
	"due_to" date NOT NULL,
	"assignee_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"joint_visit_id" uuid,
	"inspection_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"client_uuid" uuid NOT NULL,
	"kind" text NOT NULL,
	"region_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"subject_name" text NOT NULL,
	"enterprise_id" uuid,
	"venue_id" uuid,
	"task_id" uuid,
	"joint_visit_id" uuid,
	"inspector_ids" uuid[] NOT NULL,
	"inspector_names" text[] NOT NULL,
	"started_at" timestamp with time zone,
	"submitted_at" timestamp with time zone NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"gps_accuracy_m" double precision,
	"notes" text,
	"inspector_signatures" uuid[] NOT NULL,
	"representative_name" text,
	"representative_signature" uuid,
	"written_notice_issued" boolean DEFAULT false NOT NULL,
	"findings" integer NOT NULL,
	"library_version" text NOT NULL,
	"corrects_id" uuid,
	"created_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "joint_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"subject_name" text NOT NULL,
	"window_from" date NOT NULL,
	"window_to" date NOT NULL,
	"department_ids" uuid[] NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_answers" ADD CONSTRAINT "inspection_answers_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_answers" ADD CONSTRAINT "inspection_answers_item_id_checklist_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."checklist_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_plans" ADD CONSTRAINT "inspection_plans_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_plans" ADD CONSTRAINT "inspection_plans_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_plans" ADD CONSTRAINT "inspection_plans_assignee_id_accounts_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_plans" ADD CONSTRAINT "inspection_plans_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD CONSTRAINT "inspection_tasks_plan_id_inspection_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."inspection_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD CONSTRAINT "inspection_tasks_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD CONSTRAINT "inspection_tasks_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_tasks" ADD CONSTRAINT "inspection_tasks_assignee_id_accounts_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_task_id_inspection_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."inspection_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_joint_visit_id_joint_visits_id_fk" FOREIGN KEY ("joint_visit_id") REFERENCES "public"."joint_visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_visits" ADD CONSTRAINT "joint_visits_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_items_code_rev_uq" ON "checklist_items" USING btree ("code","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_items_active_uq" ON "checklist_items" USING btree ("code") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "inspection_answers_inspection_idx" ON "inspection_answers" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "inspection_tasks_subject_idx" ON "inspection_tasks" USING btree ("subject_type","subject_id","due_from");--> statement-breakpoint
CREATE INDEX "inspection_tasks_assignee_idx" ON "inspection_tasks" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "inspection_tasks_region_idx" ON "inspection_tasks" USING btree ("region_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_tasks_plan_subject_uq" ON "inspection_tasks" USING btree ("plan_id","subject_id","due_from");--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_client_uuid_uq" ON "inspections" USING btree ("client_uuid");--> statement-breakpoint
CREATE INDEX "inspections_subject_idx" ON "inspections" USING btree ("subject_type","subject_id","submitted_at");--> statement-breakpoint
CREATE INDEX "inspections_region_time_idx" ON "inspections" USING btree ("region_id","submitted_at");--> statement-breakpoint
-- A submitted inspection is immutable (R3.7): corrections are new records referencing the old one.
CREATE OR REPLACE FUNCTION refuse_change_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is immutable once submitted', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER inspections_immutable BEFORE UPDATE OR DELETE ON inspections FOR EACH ROW EXECUTE FUNCTION refuse_change_immutable();
--> statement-breakpoint
CREATE TRIGGER inspection_answers_immutable BEFORE UPDATE OR DELETE ON inspection_answers FOR EACH ROW EXECUTE FUNCTION refuse_change_immutable();
--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS inspection_code_seq;
