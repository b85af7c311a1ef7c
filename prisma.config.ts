import { defineConfig } from 'prisma/config';

// DATABASE_URL may be unset (embedded Postgres is started by scripts/start.ts); `env()` would throw
// and break even `prisma generate`.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
