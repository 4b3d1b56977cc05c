ALTER TABLE "run_controls" ADD COLUMN "kind" text DEFAULT 'positive' NOT NULL;--> statement-breakpoint
ALTER TABLE "run_controls" ADD COLUMN "answer" text;