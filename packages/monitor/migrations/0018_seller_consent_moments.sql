ALTER TABLE "seller_consents" ADD COLUMN "authorised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "seller_consents" ADD COLUMN "invited_by" text;--> statement-breakpoint
ALTER TABLE "seller_consents" ADD COLUMN "ended_by" text;
