CREATE TABLE `call_rooms` (
	`conversation_id` text PRIMARY KEY NOT NULL,
	`room` text NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
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
ALTER TABLE `messages` ADD `call_url` text;