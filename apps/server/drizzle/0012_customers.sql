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
ALTER TABLE `messages` ADD `params` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `customer_id` text;--> statement-breakpoint
CREATE INDEX `visitors_customer` ON `visitors` (`customer_id`);--> statement-breakpoint
CREATE INDEX `visitors_site_created` ON `visitors` (`site_id`,`created_at`);