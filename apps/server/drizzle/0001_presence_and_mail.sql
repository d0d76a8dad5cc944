CREATE TABLE `continue_links` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`visitor_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`message_id_header` text NOT NULL,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`raw` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_message_id_header_unique` ON `outbox` (`message_id_header`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `outbox_messages` (
	`outbox_id` text NOT NULL,
	`message_id` text NOT NULL,
	PRIMARY KEY(`outbox_id`, `message_id`),
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `outbox_messages_message` ON `outbox_messages` (`message_id`);--> statement-breakpoint
ALTER TABLE `agents` ADD `status` text DEFAULT 'available' NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `away_after` integer DEFAULT 900 NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `team` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `visitor_seen_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `emailed_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `missed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `visitors` ADD `email_status` text DEFAULT 'ok' NOT NULL;--> statement-breakpoint
ALTER TABLE `visitors` ADD `last_active_at` integer;--> statement-breakpoint
ALTER TABLE `visitors` ADD `visit_started_at` integer;--> statement-breakpoint
ALTER TABLE `visitors` ADD `visits` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `visitors` ADD `page_url` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `page_title` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `referrer` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `user_agent` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `language` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `time_zone` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `ip` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `city` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `region` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `country` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `country_code` text;--> statement-breakpoint
CREATE INDEX `visitors_active` ON `visitors` (`site_id`,`last_active_at`);