ALTER TABLE `agents` ADD `disabled_at` integer;--> statement-breakpoint
CREATE INDEX `agent_sessions_agent` ON `agent_sessions` (`agent_id`);