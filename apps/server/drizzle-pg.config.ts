import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL store's migrations: `pnpm db:generate:pg` after changing src/adapters/postgres/schema.ts. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/adapters/postgres/schema.ts',
  out: './drizzle-pg',
});
