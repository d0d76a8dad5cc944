ALTER TABLE "agents" ADD COLUMN "avatar" text;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_avatar_unique" UNIQUE("avatar");