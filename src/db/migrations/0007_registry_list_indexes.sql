DROP INDEX "regions_path_idx";--> statement-breakpoint
DROP INDEX "households_region_idx";--> statement-breakpoint
CREATE INDEX "regions_path_id_idx" ON "regions" USING btree ("path" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "households_region_gas_idx" ON "households" USING btree ("region_id","gas_source");--> statement-breakpoint
CREATE INDEX "households_created_idx" ON "households" USING btree ("created_at" DESC NULLS FIRST,"id");--> statement-breakpoint
-- Not in the Drizzle schema: LIKE '%…%' selectivity of the address search is estimated from this histogram (bench/README.md).
ALTER TABLE "households" ALTER COLUMN "address" SET STATISTICS 1000;
--> statement-breakpoint
ANALYZE "households";
