ALTER TABLE "marketplace_health" ADD COLUMN "previously_active" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "marketplace_health" ADD COLUMN "delisted_evidence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "marketplace_health" ADD COLUMN "held" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "marketplace_health" ADD COLUMN "released_at" timestamp with time zone;