CREATE TABLE `call_rooms` (
	`conversation_id` text PRIMARY KEY NOT NULL,
	`room` text NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `context_records` (
	`visitor_id` text NOT NULL,
	`type` text NOT NULL,
	`record_id` text NOT NULL,
	`label` text NOT NULL,
	`url` text,
	`agent_id` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`visitor_id`, `type`, `record_id`),
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `customer_log` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`kind` text NOT NULL,
	`minutes` integer,
	`text` text NOT NULL,
	`agent_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `customer_log_customer` ON `customer_log` (`customer_id`,`at`);--> statement-breakpoint
CREATE TABLE `pending_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`agent_id` text,
	`text` text NOT NULL,
	`send_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` integer NOT NULL,
	`done_at` integer,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `pending_messages_due` ON `pending_messages` (`status`,`send_at`);--> statement-breakpoint
CREATE TABLE `templates` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text,
	`shortcut` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `templates_personal` ON `templates` (`owner_id`,`shortcut`);--> statement-breakpoint
CREATE UNIQUE INDEX `templates_shared` ON `templates` (`shortcut`) WHERE "templates"."owner_id" is null;--> statement-breakpoint
ALTER TABLE `conversations` ADD `visitor_delivered_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `agent_delivered_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `agent_seen_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `params` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `attachment_id` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `attachment` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `call_url` text;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_attachment` ON `messages` (`attachment_id`);--> statement-breakpoint
ALTER TABLE `visitors` ADD `customer_id` text;--> statement-breakpoint
CREATE INDEX `visitors_customer` ON `visitors` (`customer_id`);--> statement-breakpoint
CREATE INDEX `visitors_site_created` ON `visitors` (`site_id`,`created_at`);