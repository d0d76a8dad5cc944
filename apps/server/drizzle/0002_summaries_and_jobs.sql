CREATE TABLE `jobs` (
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`run_at` integer NOT NULL,
	`payload` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`claim` text,
	PRIMARY KEY(`kind`, `key`)
);
--> statement-breakpoint
CREATE INDEX `jobs_due` ON `jobs` (`run_at`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `last_message_id` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `answered_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `waiting_since` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `agent_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `conversations_site_updated` ON `conversations` (`site_id`,`updated_at`);--> statement-breakpoint
ALTER TABLE `visitors` ADD `browser` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `os` text;--> statement-breakpoint
UPDATE `conversations` SET `last_message_id` = (SELECT `id` FROM `messages` m WHERE m.`conversation_id` = `conversations`.`id` AND m.`seq` = `conversations`.`last_seq`);--> statement-breakpoint
UPDATE `conversations` SET `answered_seq` = coalesce((SELECT max(`seq`) FROM `messages` m WHERE m.`conversation_id` = `conversations`.`id` AND m.`author` <> 'visitor'), 0);--> statement-breakpoint
UPDATE `conversations` SET `waiting_since` = (SELECT min(`created_at`) FROM `messages` m WHERE m.`conversation_id` = `conversations`.`id` AND m.`seq` > `conversations`.`answered_seq`);--> statement-breakpoint
UPDATE `conversations` SET `agent_count` = (SELECT count(*) FROM `conversation_agents` a WHERE a.`conversation_id` = `conversations`.`id`);
