CREATE TABLE "listing_proposals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"product_id" bigint NOT NULL,
	"marketplace" text NOT NULL,
	"item_id" text NOT NULL,
	"url" text NOT NULL,
	"title" text NOT NULL,
	"shop_name" text,
	"score" real NOT NULL,
	"reasons" jsonb NOT NULL,
	"state" text DEFAULT 'proposed' NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text
);
--> statement-breakpoint
ALTER TABLE "listing_proposals" ADD CONSTRAINT "listing_proposals_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "listing_proposals_item" ON "listing_proposals" USING btree ("product_id","marketplace","item_id");