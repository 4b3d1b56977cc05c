import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @ocop-monitor/monitor db:generate` writes a new versioned migration after a schema change.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './migrations',
});
