/**
 * Rate limits shared by every portal instance: rate-limiter-flexible counting in Postgres (the
 * `rate_limit` table, created by a migration so the app's role needs no DDL). When the store
 * cannot be reached, an in-process limiter stands in, so a database outage never turns into a
 * rate-limit failure of its own.
 */
import 'server-only';
import { Pool } from 'pg';
import { pgConnectionConfig } from '@/lib/db/connection';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { databaseSettings, rateLimitSettings } from '@/lib/settings';
import { AppError } from '@/lib/errors';

const WINDOW_SECONDS = 60;
const TABLE = 'rate_limit';

type Limiters = { pool: Pool | null; byPoints: Map<string, RateLimiterAbstract> };
const g = globalThis as unknown as { __rateLimiters?: Limiters; __rateLimitUrl?: string };

function limiters(): Limiters {
  const url = databaseSettings().DATABASE_URL;
  // Tests point the app at another database mid-process; follow it.
  if (g.__rateLimiters && g.__rateLimitUrl === url) return g.__rateLimiters;
  void g.__rateLimiters?.pool?.end().catch(() => {});
  const pool = url ? new Pool(pgConnectionConfig(url, { max: 2, connectionTimeoutMillis: 2_000 })) : null;
  // An idle client that loses its server emits 'error'; without a listener that would end the process.
  pool?.on('error', () => {});
  g.__rateLimiters = { pool, byPoints: new Map() };
  g.__rateLimitUrl = url;
  return g.__rateLimiters;
}

function limiter(prefix: string, points: number): RateLimiterAbstract {
  const l = limiters();
  const id = `${prefix}:${points}`;
  let rl = l.byPoints.get(id);
  if (!rl) {
    const insuranceLimiter = new RateLimiterMemory({ keyPrefix: prefix, points, duration: WINDOW_SECONDS });
    rl = l.pool
      ? new RateLimiterPostgres({
          storeClient: l.pool,
          storeType: 'pool',
          tableName: TABLE,
          tableCreated: true,
          keyPrefix: prefix,
          points,
          duration: WINDOW_SECONDS,
          insuranceLimiter,
        })
      : insuranceLimiter;
    l.byPoints.set(id, rl);
  }
  return rl;
}

/** Consumes one point for `key`; at the limit, RATE_LIMITED (429) with the seconds to wait. */
export async function consumeRateLimit(prefix: string, key: string, points: number, what: string): Promise<void> {
  if (points <= 0) return;
  try {
    await limiter(prefix, points).consume(key);
  } catch (e) {
    if (e instanceof RateLimiterRes) {
      const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw new AppError('RATE_LIMITED', `Too many ${what}; try again in ${retryAfterSeconds} s.`, undefined, retryAfterSeconds);
    }
    // The store and its stand-in both failed: counting is best effort, serving is not.
    console.warn('[rate-limit] could not count a request', e);
  }
}

/** Counts one /api/v1 call against the calling identity (a person or a service identity). */
/** `actor` is the calling identity: a person or a service identity (an Actor's kind and id). */
export async function consumeApiQuota(actor: { kind: 'user' | 'service'; id: string }): Promise<void> {
  await consumeRateLimit('api', `${actor.kind}:${actor.id}`, rateLimitSettings().API_RATE_LIMIT_PER_MINUTE, 'requests from this identity');
}

/**
 * The client address as the nearest proxy saw it: the last X-Forwarded-For entry (the one a
 * client cannot forge by sending its own header), else X-Real-IP.
 */
export function clientAddressOf(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  return (last ?? headers.get('x-real-ip') ?? 'unknown').slice(0, 100);
}

/** Counts one sign-in start against the client address. */
export async function consumeLoginQuota(headers: Headers): Promise<void> {
  await consumeRateLimit(
    'login',
    clientAddressOf(headers),
    rateLimitSettings().LOGIN_RATE_LIMIT_PER_MINUTE,
    'sign-in attempts from this address',
  );
}
