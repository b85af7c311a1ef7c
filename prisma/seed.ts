/** `npm run seed`: applies migrations, the catalogue and, into an empty inventory, the demo organisation. */
import { bootstrapDatabase } from '@/lib/db/bootstrap';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set. `npm start` seeds its embedded database by itself.');
  process.exit(2);
}
const r = await bootstrapDatabase(url, { demo: true, log: console.log });
console.log(r.seededDemo ? 'demo organisation seeded' : 'inventory already present: demo not seeded again');
