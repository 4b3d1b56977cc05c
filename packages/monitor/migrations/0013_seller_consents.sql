CREATE TABLE "seller_consents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"marketplace" text NOT NULL,
	"shop_id" text NOT NULL,
	"producer_id" bigint,
	"state" text DEFAULT 'invited' NOT NULL,
	"invite_hash" text NOT NULL,
	"auth_state_hash" text,
	"tokens" text,
	"access_expires_at" timestamp with time zone,
	"refreshes" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_why" text,
	CONSTRAINT "seller_consents_invite_hash_unique" UNIQUE("invite_hash"),
	CONSTRAINT "seller_consents_auth_state_hash_unique" UNIQUE("auth_state_hash")
);
--> statement-breakpoint
ALTER TABLE "seller_consents" ADD CONSTRAINT "seller_consents_producer_id_producers_id_fk" FOREIGN KEY ("producer_id") REFERENCES "public"."producers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "seller_consents_shop" ON "seller_consents" USING btree ("marketplace","shop_id");