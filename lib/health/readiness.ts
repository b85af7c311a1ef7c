/**
 * The readiness check behind /api/health/ready, for an orchestrator's probe: the database
 * answers, every migration this build ships is applied (so a new revision waits for the migration
 * job), the job runner has started (unless this instance runs no jobs), and the instance is not
 * shutting down (lib/runtime/shutdown.ts), so a load balancer stops routing to it first. Like
 * /api/health it answers without a caller, so it names the kind of failure only.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { db } from '@/lib/db';
import { checkHealth } from '@/lib/health/queries';
import type { TReadiness } from '@/lib/health/schema';
import { jobsState } from '@/lib/jobs/queue';
import { isDraining } from '@/lib/runtime/shutdown';
import { databaseSettings, jobSettings } from '@/lib/settings';

/** The migrations this build ships: the folders of prisma/migrations beside the app. */
function shippedMigrations(dir: string): string[] | null {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    return null;
  }
}

async function migrationsState(dir: string): Promise<TReadiness['migrations']> {
  const shipped = shippedMigrations(dir);
  if (!shipped) return 'unknown';
  const applied = await db().$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const done = new Set(applied.map((r) => r.migration_name));
  return shipped.every((m) => done.has(m)) ? 'applied' : 'pending';
}

export async function checkReadiness(opts: { migrationsDir?: string } = {}): Promise<TReadiness> {
  const health = await checkHealth();
  const jobs = jobSettings().PORTAL_JOBS === 'off' || !databaseSettings().DATABASE_URL ? 'off' : await jobsState();
  if (health.status !== 'ok') return { status: 'not_ready', database: 'unavailable', migrations: 'unknown', jobs, reason: health.reason };
  let migrations: TReadiness['migrations'];
  try {
    migrations = await migrationsState(opts.migrationsDir ?? path.join(process.cwd(), 'prisma', 'migrations'));
  } catch (e) {
    console.error('[health] could not read the migration history', e);
    return { status: 'not_ready', database: 'ok', migrations: 'unknown', jobs, reason: 'the migration history could not be read' };
  }
  const reason = isDraining()
    ? 'this instance is shutting down'
    : migrations === 'pending'
      ? 'a migration of this build is not applied yet'
      : jobs === 'stopped' || jobs === 'starting'
        ? 'the job runner has not started'
        : undefined;
  return { status: reason ? 'not_ready' : 'ready', database: 'ok', migrations, jobs, ...(reason ? { reason } : {}) };
}
