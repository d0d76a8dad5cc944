ALTER TABLE `agents` ADD `avatar` text;--> statement-breakpoint
CREATE UNIQUE INDEX `agents_avatar_unique` ON `agents` (`avatar`);