CREATE TABLE "run_controls" (
	"run_id" bigint NOT NULL,
	"marketplace" text NOT NULL,
	"url" text NOT NULL,
	"verdict" text NOT NULL,
	"reason" text NOT NULL,
	"matched_rule" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "run_controls_run_id_url_pk" PRIMARY KEY("run_id","url")
);
--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "seen_evidence_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "marketplace_health" ADD COLUMN "held_why" text;--> statement-breakpoint
ALTER TABLE "marketplace_health" ADD COLUMN "active_reads" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "marketplace_health" ADD COLUMN "controls_on_sale" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "marketplace_health" ADD COLUMN "alert_id" bigint;--> statement-breakpoint
ALTER TABLE "run_controls" ADD CONSTRAINT "run_controls_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
UPDATE "marketplace_health" SET "held_why" = 'mass' WHERE "held";--> statement-breakpoint
-- A run held by an earlier version belongs to the mass-delisting alert of its marketplace that was live when it ran.
UPDATE "marketplace_health" h SET "alert_id" = (
  SELECT a."id" FROM "alerts" a JOIN "runs" r ON r."id" = h."run_id"
  WHERE a."type" = 'marketplace_mass_delisting' AND a."marketplace" = h."marketplace"
    AND a."opened_at" <= r."run_at" AND (a."resolved_at" IS NULL OR a."resolved_at" >= r."run_at")
  ORDER BY a."opened_at" DESC LIMIT 1)
WHERE h."held";
