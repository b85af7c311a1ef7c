/** The portal's error codes; each maps to one HTTP status in `httpStatusOf`. */
export type AppErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'VALIDATION'
  | 'UNPROCESSABLE'
  | 'UNAUTHENTICATED'
  | 'STEP_UP_REQUIRED'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: unknown,
    /** For RATE_LIMITED and UNAVAILABLE: sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

const STATUS: Record<AppErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  STEP_UP_REQUIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

export function httpStatusOf(code: AppErrorCode): number {
  return STATUS[code];
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} was not found`);
}

/** How long a client should wait before retrying after a 503 for an unreachable database. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

// Prisma engine codes, SQLSTATEs and socket errors that mean "the database is not there right
// now" (unreachable, restarting, shutting down, out of connections) rather than a bug.
const UNAVAILABLE_CODES = new Set([
  'P1001', // can't reach database server
  'P1002', // server reached but timed out
  'P1008', // operation timed out
  'P1017', // server closed the connection
  'P2024', // timed out fetching a connection from the pool
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up or shutting down)
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006', // connection exceptions
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const UNAVAILABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)|Can't reach database server|Server has closed the connection|Connection refused|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error/i;

function isUnavailableError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 5) return false;
  const o = e as Record<string, unknown> & {
    meta?: { driverAdapterError?: { cause?: Record<string, unknown> } };
  };
  for (const k of ['code', 'errorCode', 'originalCode']) if (typeof o[k] === 'string' && UNAVAILABLE_CODES.has(o[k])) return true;
  if (typeof o.kind === 'string' && UNAVAILABLE_KINDS.has(o.kind)) return true;
  if (typeof o.message === 'string' && UNAVAILABLE_MESSAGES.test(o.message)) return true;
  const adapterCause = o.meta?.driverAdapterError?.cause;
  if (adapterCause && isUnavailableError(adapterCause, depth + 1)) return true;
  if ('cause' in o && isUnavailableError(o.cause, depth + 1)) return true;
  return false;
}

/**
 * UNAVAILABLE (503) when the error says the database cannot be reached or is restarting, else
 * null: a caller should retry such a failure, and it is not a bug in the portal.
 */
export function unavailableFrom(e: unknown): AppError | null {
  if (e instanceof AppError) return e.code === 'UNAVAILABLE' ? e : null;
  if (e instanceof Error && e.message.startsWith('DATABASE_URL is not set'))
    return new AppError('UNAVAILABLE', 'The database is not configured. Try again later.');
  if (!isUnavailableError(e)) return null;
  return new AppError('UNAVAILABLE', 'The database is temporarily unavailable. Try again in a few seconds.');
}
