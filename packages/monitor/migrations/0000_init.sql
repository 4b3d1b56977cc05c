CREATE TABLE "alert_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"subject" text NOT NULL,
	"listing_id" bigint,
	"product_id" bigint,
	"marketplace" text,
	"severity" text NOT NULL,
	"state" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"snoozed_until" timestamp with time zone,
	"evidence" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coverage_snapshots" (
	"snapshot_date" date PRIMARY KEY NOT NULL,
	"denominator_rule" text NOT NULL,
	"report" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "listings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"product_id" bigint NOT NULL,
	"marketplace" text NOT NULL,
	"item_id" text NOT NULL,
	"shop_id" text,
	"url" text NOT NULL,
	"linked_how" text NOT NULL,
	"linked_by" text,
	"linked_at" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'active' NOT NULL,
	"state_since" timestamp with time zone NOT NULL,
	"suspect_since" timestamp with time zone,
	"last_observation_id" bigint,
	"last_checked_at" timestamp with time zone,
	"last_conclusive_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "marketplace_health" (
	"run_id" bigint NOT NULL,
	"marketplace" text NOT NULL,
	"checks" integer NOT NULL,
	"unknown" integer NOT NULL,
	"parse_failed" integer NOT NULL,
	"quarantined" boolean NOT NULL,
	"why" text,
	CONSTRAINT "marketplace_health_run_id_marketplace_pk" PRIMARY KEY("run_id","marketplace")
);
--> statement-breakpoint
CREATE TABLE "observations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint NOT NULL,
	"listing_id" bigint NOT NULL,
	"marketplace" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"verdict" text NOT NULL,
	"reason" text NOT NULL,
	"sold_value" integer,
	"sold_approximate" boolean,
	"stock" text,
	"data" jsonb,
	"evidence" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "producers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"tax_code" text,
	"contact_person" text,
	"phone" text,
	"zalo_phone" text,
	"email" text,
	"channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"national_id" text,
	"local_code" text,
	"name" text NOT NULL,
	"search_key" text NOT NULL,
	"product_group" text NOT NULL,
	"sub_group" text,
	"classification_version" text NOT NULL,
	"stars" integer NOT NULL,
	"producer_id" bigint NOT NULL,
	"decision_number" text,
	"decision_date" date,
	"issuing_authority" text,
	"certificate_number" text,
	"certified_date" date NOT NULL,
	"expiry_date" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"province_code" text NOT NULL,
	"commune_code" text,
	"code_table_version" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_date" date NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"engine" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finalized_at" timestamp with time zone,
	"summary" jsonb,
	CONSTRAINT "runs_run_date_unique" UNIQUE("run_date")
);
--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketplace_health" ADD CONSTRAINT "marketplace_health_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_live" ON "alerts" USING btree ("type","subject") WHERE resolved_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "listings_marketplace_item" ON "listings" USING btree ("marketplace","item_id");--> statement-breakpoint
CREATE INDEX "listings_product" ON "listings" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "observations_run_listing" ON "observations" USING btree ("run_id","listing_id");--> statement-breakpoint
CREATE INDEX "observations_listing_time" ON "observations" USING btree ("listing_id","checked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "producers_key" ON "producers" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "products_national_id" ON "products" USING btree ("national_id");--> statement-breakpoint
CREATE UNIQUE INDEX "products_local_code" ON "products" USING btree ("local_code");