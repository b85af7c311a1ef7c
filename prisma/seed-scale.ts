/**
 * `npm run seed:scale`: loads the enterprise-scale estate (prisma/factories/scale.ts) into
 * DATABASE_URL, or into `npm start`'s embedded database when DATABASE_URL is unset (stop
 * `npm start` first). Refuses a database that is already scaled.
 *
 *   npm run seed:scale                      # 1,000 projects, 50k versions, 200k assignments, 1M audit events,
 *                                           # 2,500 pending and 6,000 decided promotion requests
 *   npm run seed:scale -- --factor=0.1      # a tenth of that
 */
import pg from 'pg';
import { openScriptDatabase } from '@/dev/postgres/script-database';
import { seedScale } from '@/prisma/factories/scale';
import { seedMonitoringScale } from '@/prisma/factories/monitoring-scale';

const log = (line: string) => console.log(`[seed:scale] ${line}`);
const arg = process.argv.find((a) => a.startsWith('--factor='));
const factor = Number(arg?.split('=')[1] ?? process.env.SCALE_FACTOR ?? 1);
if (!(factor > 0 && factor <= 10)) {
  console.error('--factor must be a number above 0 and at most 10');
  process.exit(2);
}

const started = performance.now();
const database = await openScriptDatabase(log);
const client = new pg.Client({ connectionString: database.url });
let exitCode = 0;
try {
  await client.connect();
  log(`loading the scale estate (factor ${factor})`);
  const loadStarted = performance.now();
  const result = await seedScale(client, { factor, log });
  const seconds = (performance.now() - loadStarted) / 1000;
  const monitoring = await seedMonitoringScale(client, { projectCodeLike: 'SCALE-%' });
  await client.query('ANALYZE "MonitoringSignal", "MonitoringSample", "SignalProposal"');
  console.table({ ...result.counts, ...monitoring });
  log(`hot model for deep pages: ${result.plan.hotModel.project}/${result.plan.hotModel.name} (${result.plan.hotModel.versions} versions)`);
  log('busy approvers (a third of the pending promotions): lead01.scale@contoso.example and owner01.scale@contoso.example');
  log(`loaded in ${seconds.toFixed(1)} s (${((performance.now() - started) / 1000).toFixed(1)} s with start-up)`);
} catch (e) {
  console.error(`[seed:scale] ${e instanceof Error ? e.message : String(e)}`);
  exitCode = 1;
} finally {
  await client.end().catch(() => {});
  await database.stop();
}
process.exit(exitCode);
