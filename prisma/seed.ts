/** `npm run seed`: applies migrations, the catalogue and, into an empty inventory, the demo organisation. */
import { bootstrapDatabase } from '@/lib/db/bootstrap';
import { roleOf } from '@/lib/db/roles';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set. `npm start` seeds its embedded database by itself.');
  process.exit(2);
}
// As the owner when there are two roles (README, Database roles); the app role is granted its rights.
const r = await bootstrapDatabase(process.env.DATABASE_MIGRATION_URL || url, { demo: true, appRole: roleOf(url), log: console.log });
console.log(r.seededDemo ? 'demo organisation seeded' : 'inventory already present: demo not seeded again');
