CREATE TABLE "channel_tokens" (
	"channel" text PRIMARY KEY NOT NULL,
	"access_token" text,
	"refresh_token" text NOT NULL,
	"access_expires_at" timestamp with time zone,
	"refreshed_at" timestamp with time zone
);
