ALTER TABLE `messages` ADD `attachment_id` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `attachment` text;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_attachment` ON `messages` (`attachment_id`);