CREATE TABLE "facilities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"enterprise_id" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"pressure_class" text,
	"material" text,
	"laid_year" integer,
	"length_m" double precision,
	"diameter_mm" integer,
	"occupied" boolean DEFAULT false NOT NULL,
	"crosses_enclosed_space" boolean DEFAULT false NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"end_lat" double precision,
	"end_lng" double precision,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"address" text NOT NULL,
	"building" text,
	"unit" text,
	"room" text,
	"holder_name" text,
	"holder_id_number" text,
	"phone" text,
	"gas_source" text,
	"supplier_id" uuid,
	"old_community" boolean DEFAULT false NOT NULL,
	"hardship" text DEFAULT 'none' NOT NULL,
	"high_rise_100m" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "licences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"person_id" uuid,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"issuer" text,
	"issued_on" date,
	"valid_until" date,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "personnel" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"name" text NOT NULL,
	"id_number" text NOT NULL,
	"phone" text,
	"role" text NOT NULL,
	"labour_contract" boolean DEFAULT false NOT NULL,
	"social_insurance" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unqualified_products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"brand" text,
	"model" text DEFAULT '' NOT NULL,
	"maker" text DEFAULT '' NOT NULL,
	"batch" text DEFAULT '' NOT NULL,
	"problem" text NOT NULL,
	"source" text,
	"published_on" date,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vehicles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"plate_number" text NOT NULL,
	"kind" text NOT NULL,
	"permit_no" text,
	"permit_valid_until" date,
	"bound_worker_id" uuid,
	"delivery_area_id" uuid,
	"registered" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_blacklist" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"person_name" text NOT NULL,
	"id_number" text NOT NULL,
	"enterprise_name" text,
	"reason" text NOT NULL,
	"listed_on" date NOT NULL,
	"until" date,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "enterprises_region_idx";--> statement-breakpoint
DROP INDEX "venues_region_idx";--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "legal_representative" text;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "storage_volume_m3" double precision;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "lat" double precision;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "lng" double precision;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "operator_name" text;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "contact_name" text;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "gas_source" text;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "crowded" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "basement_use" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "nine_small" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "supplier_id" uuid;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "supply_contract_no" text;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "supply_contract_until" date;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "lat" double precision;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "lng" double precision;--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_supplier_id_enterprises_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_person_id_personnel_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."personnel"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personnel" ADD CONSTRAINT "personnel_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personnel" ADD CONSTRAINT "personnel_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unqualified_products" ADD CONSTRAINT "unqualified_products_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicles" ADD CONSTRAINT "vehicles_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicles" ADD CONSTRAINT "vehicles_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicles" ADD CONSTRAINT "vehicles_bound_worker_id_personnel_id_fk" FOREIGN KEY ("bound_worker_id") REFERENCES "public"."personnel"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicles" ADD CONSTRAINT "vehicles_delivery_area_id_regions_id_fk" FOREIGN KEY ("delivery_area_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_blacklist" ADD CONSTRAINT "worker_blacklist_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "facilities_code_uq" ON "facilities" USING btree ("code");--> statement-breakpoint
CREATE INDEX "facilities_region_idx" ON "facilities" USING btree ("region_id","kind");--> statement-breakpoint
CREATE INDEX "facilities_enterprise_idx" ON "facilities" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "facilities_name_trgm" ON "facilities" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "households_address_uq" ON "households" USING btree ("address");--> statement-breakpoint
CREATE INDEX "households_region_idx" ON "households" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "households_address_trgm" ON "households" USING gin ("address" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "licences_kind_number_uq" ON "licences" USING btree ("kind","number");--> statement-breakpoint
CREATE INDEX "licences_enterprise_idx" ON "licences" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "licences_region_valid_idx" ON "licences" USING btree ("region_id","valid_until");--> statement-breakpoint
CREATE UNIQUE INDEX "personnel_id_number_uq" ON "personnel" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "personnel_enterprise_idx" ON "personnel" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "personnel_region_idx" ON "personnel" USING btree ("region_id");--> statement-breakpoint
CREATE UNIQUE INDEX "unqualified_products_key_uq" ON "unqualified_products" USING btree ("maker","model","batch","name");--> statement-breakpoint
CREATE UNIQUE INDEX "vehicles_plate_uq" ON "vehicles" USING btree ("plate_number");--> statement-breakpoint
CREATE INDEX "vehicles_enterprise_idx" ON "vehicles" USING btree ("enterprise_id");--> statement-breakpoint
CREATE UNIQUE INDEX "worker_blacklist_id_uq" ON "worker_blacklist" USING btree ("id_number");--> statement-breakpoint
ALTER TABLE "venues" ADD CONSTRAINT "venues_supplier_id_enterprises_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enterprises_name_trgm" ON "enterprises" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "venues_name_address_uq" ON "venues" USING btree ("name","address");--> statement-breakpoint
CREATE INDEX "venues_name_trgm" ON "venues" USING gin (("name" || ' ' || "address") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "enterprises_region_idx" ON "enterprises" USING btree ("region_id","kind");--> statement-breakpoint
CREATE INDEX "venues_region_idx" ON "venues" USING btree ("region_id","kind");