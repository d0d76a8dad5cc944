CREATE TABLE `email_confirmations` (
	`visitor_id` text NOT NULL,
	`address` text NOT NULL,
	`requested_at` integer,
	`confirmed_at` integer,
	PRIMARY KEY(`visitor_id`, `address`),
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `outbox` ADD `sending_until` integer;