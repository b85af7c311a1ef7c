/**
 * The readiness check behind /api/health. It answers without a signed-in caller, so its reason
 * names the kind of failure only: never the host, user, password or the driver's message.
 */
import { db } from '@/lib/db';
import type { THealth } from '@/lib/health/schema';

const TIMEOUT_MS = 5_000;

/** Driver adapter error kinds (Prisma's `meta.driverAdapterError.cause.kind`) → a reason safe to show. */
const REASONS: Record<string, string> = {
  DatabaseNotReachable: 'the database server is not reachable',
  DatabaseDoesNotExist: 'the database does not exist',
  AuthenticationFailed: 'the database refused the credentials',
  DatabaseAccessDenied: 'the database refused access',
  TooManyConnections: 'the database has no free connections',
  ConnectionClosed: 'the database closed the connection',
  SocketTimeout: 'the database did not answer in time',
  TlsConnectionError: 'the TLS connection to the database failed',
};

class Timeout extends Error {}

function reasonOf(e: unknown): string {
  if (e instanceof Timeout) return `the database did not answer within ${TIMEOUT_MS / 1000} s`;
  if (e instanceof Error && e.message.startsWith('DATABASE_URL is not set')) return 'the database is not configured';
  const kind = (e as { meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } } | null)?.meta?.driverAdapterError?.cause?.kind;
  if (typeof kind === 'string') return REASONS[kind] ?? `the database query failed (${kind})`;
  return 'the database query failed';
}

export async function checkHealth(): Promise<THealth> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db().$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Timeout()), TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok', database: 'ok' };
  } catch (e) {
    console.error('[health] database check failed', e);
    return { status: 'degraded', database: 'unavailable', reason: reasonOf(e) };
  } finally {
    clearTimeout(timer);
  }
}
