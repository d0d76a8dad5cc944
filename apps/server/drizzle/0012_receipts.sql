ALTER TABLE `conversations` ADD `visitor_delivered_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `agent_delivered_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `agent_seen_seq` integer DEFAULT 0 NOT NULL;