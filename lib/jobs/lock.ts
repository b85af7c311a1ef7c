/**
 * Mutual exclusion across app instances with a Postgres session-level advisory lock, held on a
 * connection of its own for as long as the work runs. If that connection drops, Postgres releases
 * the lock, and the work is told through its AbortSignal so it stops before another holder starts.
 */
import pg from 'pg';
import { pgConnectionConfig } from '@/lib/db';
import { databaseSettings } from '@/lib/settings';

// Namespace for the two-key form of pg_advisory_lock; keeps portal locks apart from other users of the database.
const LOCK_NAMESPACE = 727_002;

type LockResult<T> = { acquired: true; value: T } | { acquired: false };

export async function tryWithAdvisoryLock<T>(
  key: string,
  fn: (signal: AbortSignal) => Promise<T>,
  opts: { databaseUrl?: string } = {},
): Promise<LockResult<T>> {
  const connectionString = opts.databaseUrl ?? databaseSettings().DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is not set');
  const client = new pg.Client(pgConnectionConfig(connectionString, { application_name: 'portal-lock' }));
  const controller = new AbortController();
  const lost = (e?: unknown) =>
    controller.abort(new Error(`lost the database connection holding lock ${key}${e instanceof Error ? `: ${e.message}` : ''}`));
  client.on('error', lost);
  client.on('end', () => lost());
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK_NAMESPACE, key]);
    if (!rows[0]?.ok) return { acquired: false };
    try {
      return { acquired: true, value: await fn(controller.signal) };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE, key]).catch(() => {});
    }
  } finally {
    client.removeAllListeners('end');
    await client.end().catch(() => {});
  }
}
