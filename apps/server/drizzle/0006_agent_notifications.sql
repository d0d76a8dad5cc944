ALTER TABLE `agents` ADD `notify_sound` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `notify_desktop` integer DEFAULT false NOT NULL;