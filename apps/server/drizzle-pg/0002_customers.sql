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
ALTER TABLE "messages" ADD COLUMN "params" jsonb;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "customer_id" text;--> statement-breakpoint
ALTER TABLE "customer_log" ADD CONSTRAINT "customer_log_customer_id_visitors_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."visitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_log" ADD CONSTRAINT "customer_log_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_log_customer" ON "customer_log" USING btree ("customer_id","at");--> statement-breakpoint
CREATE INDEX "visitors_customer" ON "visitors" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "visitors_site_created" ON "visitors" USING btree ("site_id","created_at");