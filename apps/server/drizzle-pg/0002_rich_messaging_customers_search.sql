CREATE TABLE "call_rooms" (
	"conversation_id" text PRIMARY KEY NOT NULL,
	"room" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "context_records" (
	"visitor_id" text NOT NULL,
	"type" text NOT NULL,
	"record_id" text NOT NULL,
	"label" text NOT NULL,
	"url" text,
	"agent_id" text,
	"at" bigint NOT NULL,
	CONSTRAINT "context_records_visitor_id_type_record_id_pk" PRIMARY KEY("visitor_id","type","record_id")
);
--> statement-breakpoint
CREATE TABLE "customer_log" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"kind" text NOT NULL,
	"minutes" integer,
	"text" text NOT NULL,
	"agent_id" text,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" text PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pending_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"visitor_id" text NOT NULL,
	"agent_id" text,
	"text" text NOT NULL,
	"send_at" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" bigint NOT NULL,
	"done_at" bigint
);
--> statement-breakpoint
CREATE TABLE "templates" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text,
	"shortcut" text NOT NULL,
	"body" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "visitor_delivered_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "agent_delivered_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "agent_seen_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "params" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "attachment_id" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "attachment" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "call_url" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "customer_id" text;--> statement-breakpoint
ALTER TABLE "call_rooms" ADD CONSTRAINT "call_rooms_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "context_records" ADD CONSTRAINT "context_records_visitor_id_visitors_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."visitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "context_records" ADD CONSTRAINT "context_records_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_log" ADD CONSTRAINT "customer_log_customer_id_visitors_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."visitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_log" ADD CONSTRAINT "customer_log_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_messages" ADD CONSTRAINT "pending_messages_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_messages" ADD CONSTRAINT "pending_messages_visitor_id_visitors_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."visitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_messages" ADD CONSTRAINT "pending_messages_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "templates" ADD CONSTRAINT "templates_owner_id_agents_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_log_customer" ON "customer_log" USING btree ("customer_id","at");--> statement-breakpoint
CREATE INDEX "pending_messages_due" ON "pending_messages" USING btree ("status","send_at");--> statement-breakpoint
CREATE UNIQUE INDEX "templates_personal" ON "templates" USING btree ("owner_id","shortcut");--> statement-breakpoint
CREATE UNIQUE INDEX "templates_shared" ON "templates" USING btree ("shortcut") WHERE "templates"."owner_id" is null;--> statement-breakpoint
CREATE INDEX "messages_search" ON "messages" USING gin (to_tsvector('simple', "text"));--> statement-breakpoint
CREATE UNIQUE INDEX "messages_attachment" ON "messages" USING btree ("attachment_id");--> statement-breakpoint
CREATE INDEX "visitors_customer" ON "visitors" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "visitors_site_created" ON "visitors" USING btree ("site_id","created_at");