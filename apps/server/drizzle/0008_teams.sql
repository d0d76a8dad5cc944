CREATE TABLE `teams` (
	`name` text PRIMARY KEY NOT NULL,
	`mode` text DEFAULT 'collaboration' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `agents` ADD `teams` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `assignee_id` text REFERENCES agents(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `messages` ADD `subject_agent_id` text REFERENCES agents(id) ON DELETE set null;--> statement-breakpoint
UPDATE `agents` SET `teams` = json_array(`team`) WHERE `team` <> '';--> statement-breakpoint
INSERT OR IGNORE INTO `teams` (`name`) SELECT `team` FROM `agents` WHERE `team` <> '';--> statement-breakpoint
INSERT OR IGNORE INTO `teams` (`name`) SELECT json_extract(`settings`, '$.team') FROM `sites` WHERE coalesce(json_extract(`settings`, '$.team'), '') <> '';
