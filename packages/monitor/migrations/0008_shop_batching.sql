CREATE TABLE "run_shop_reads" (
	"run_id" bigint NOT NULL,
	"marketplace" text NOT NULL,
	"shop_url" text NOT NULL,
	"listings" integer NOT NULL,
	"from_cards" integer NOT NULL,
	"shop_pages" integer NOT NULL,
	"listing_pages" integer NOT NULL,
	"problem" text,
	CONSTRAINT "run_shop_reads_run_id_marketplace_shop_url_pk" PRIMARY KEY("run_id","marketplace","shop_url")
);
--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "shop_url" text;--> statement-breakpoint
ALTER TABLE "run_shop_reads" ADD CONSTRAINT "run_shop_reads_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;