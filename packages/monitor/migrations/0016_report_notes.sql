CREATE TABLE "report_notes" (
	"period" text PRIMARY KEY NOT NULL,
	"document_number" text DEFAULT '' NOT NULL,
	"assessment" text DEFAULT '' NOT NULL,
	"proposals" text DEFAULT '' NOT NULL,
	"updated_by" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_notes" ADD CONSTRAINT "report_notes_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
