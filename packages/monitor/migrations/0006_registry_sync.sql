CREATE TABLE "national_registry_records" (
	"national_id" text PRIMARY KEY NOT NULL,
	"in_province" boolean NOT NULL,
	"listed_name" text NOT NULL,
	"listed_stars" integer,
	"record" jsonb,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "registry_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sync_id" bigint NOT NULL,
	"product_id" bigint,
	"national_id" text NOT NULL,
	"kind" text NOT NULL,
	"detail" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_syncs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"complete" boolean DEFAULT false NOT NULL,
	"summary" jsonb
);
--> statement-breakpoint
ALTER TABLE "registry_events" ADD CONSTRAINT "registry_events_sync_id_registry_syncs_id_fk" FOREIGN KEY ("sync_id") REFERENCES "public"."registry_syncs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_events" ADD CONSTRAINT "registry_events_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registry_events_sync" ON "registry_events" USING btree ("sync_id");--> statement-breakpoint
CREATE INDEX "registry_events_product" ON "registry_events" USING btree ("product_id");