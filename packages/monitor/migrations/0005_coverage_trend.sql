ALTER TABLE "coverage_snapshots" ADD COLUMN "percent" real;--> statement-breakpoint
ALTER TABLE "coverage_snapshots" ADD COLUMN "covered" integer;--> statement-breakpoint
ALTER TABLE "coverage_snapshots" ADD COLUMN "denominator" integer;--> statement-breakpoint
-- Snapshots stored before this release: their figures, read once from the report.
UPDATE "coverage_snapshots" SET "percent" = ("report"->>'percent')::real, "covered" = ("report"->>'covered')::integer, "denominator" = ("report"->>'denominator')::integer;
