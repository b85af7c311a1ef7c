/**
 * `npm run audit:verify`: walks the audit hash chain (lib/audit/verify.ts) in batches and exits 1
 * naming the first broken link. Uses DATABASE_URL (the app role can read the whole trail).
 */
import { verifyAuditChain } from '../lib/audit/verify';
import { db } from '../lib/db';

const batch = Number(process.env.AUDIT_VERIFY_BATCH ?? 5000);
const started = Date.now();
try {
  const report = await verifyAuditChain(db(), { batchSize: Number.isInteger(batch) && batch > 0 ? batch : 5000 });
  const took = ((Date.now() - started) / 1000).toFixed(1);
  if (report.ok) {
    console.log(`audit chain intact: ${report.rows} rows in ${report.partitions} partitions, checked in ${took} s`);
    console.log(`head digest ${report.digest} (record it elsewhere to anchor this state)`);
  } else {
    const b = report.firstBreak!;
    console.error(
      `audit chain BROKEN after ${report.rows} rows: ${b.kind} at row ${b.rowId ?? '—'} (partition ${b.partition ?? '—'}, seq ${b.seq ?? '—'})`,
    );
    console.error(b.message);
  }
  process.exitCode = report.ok ? 0 : 1;
} catch (e) {
  console.error('audit:verify failed:', e instanceof Error ? e.message : e);
  process.exitCode = 2;
} finally {
  await db().$disconnect();
}
