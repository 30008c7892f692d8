-- Campaigns keep their reporting calendar as data (rules copied from a preset, editable) and the
-- day from which progress reports are collected. Defaults only for rows that already exist.
ALTER TABLE "campaigns" ADD COLUMN "calendar" jsonb NOT NULL DEFAULT jsonb_build_object('key', 'custom', 'rules', '[]'::jsonb, 'startsOn', NULL);--> statement-breakpoint
ALTER TABLE "campaigns" ALTER COLUMN "calendar" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "reporting_from" date NOT NULL DEFAULT CURRENT_DATE;--> statement-breakpoint
ALTER TABLE "campaigns" ALTER COLUMN "reporting_from" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "campaigns" DROP COLUMN "calendar_key";
