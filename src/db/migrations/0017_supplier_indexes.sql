CREATE INDEX "venues_supplier_idx" ON "venues" USING btree ("supplier_id");--> statement-breakpoint
CREATE INDEX "households_supplier_idx" ON "households" USING btree ("supplier_id");