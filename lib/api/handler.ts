import { NextResponse, type NextRequest } from 'next/server';
import { ZodError, type z } from 'zod';
import { wwwAuthenticate } from '@/lib/api/challenge';
import { assertCleanInput } from '@/lib/api/input';
import { AppError, httpStatusOf, notFound, UNAVAILABLE_RETRY_AFTER_SECONDS, unavailableFrom } from '@/lib/errors';
import { logger, withRequestContext } from '@/lib/log/log';
import { acceptRequestId, REQUEST_ID_HEADER } from '@/lib/log/request-id';

export type ApiErrorBody = { error: { code: string; message: string; details?: unknown } };

// SQLSTATEs (and Prisma's code for them) that mean the input could not be represented: a value
// slipped past validation. The caller sent it, so it is their 400, not our 500.
const BAD_INPUT_CODES = new Set(['22021', '22P02', '22P05', '22003', '22001', 'P2023', 'P2000', 'P2007']);

function badInputCode(e: unknown): boolean {
  const o = e as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } } } | null;
  const cause = o?.meta?.driverAdapterError?.cause;
  return [o?.code, cause?.originalCode, cause?.code].some((c) => typeof c === 'string' && BAD_INPUT_CODES.has(c));
}

function appErrorResponse(e: AppError): NextResponse<ApiErrorBody> {
  const headers: Record<string, string> = {};
  const challenge = wwwAuthenticate(e);
  if (challenge) headers['WWW-Authenticate'] = challenge;
  if (e.code === 'UNAVAILABLE' || e.code === 'RATE_LIMITED')
    headers['retry-after'] = String(e.retryAfterSeconds ?? UNAVAILABLE_RETRY_AFTER_SECONDS);
  return NextResponse.json(
    { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } },
    { status: httpStatusOf(e.code), headers },
  );
}

export function errorResponse(e: unknown): NextResponse<ApiErrorBody> {
  if (e instanceof AppError) return appErrorResponse(e);
  if (e instanceof ZodError) {
    return NextResponse.json(
      {
        error: {
          code: 'VALIDATION',
          message: describeZodError(e),
          details: e.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      },
      { status: 400 },
    );
  }
  const unavailable = unavailableFrom(e);
  if (unavailable) {
    logger('api').warn({ err: e }, 'database unavailable');
    return appErrorResponse(unavailable);
  }
  if (badInputCode(e)) {
    logger('api').warn({ err: e }, 'input rejected by the database');
    return appErrorResponse(new AppError('VALIDATION', 'A value in the request cannot be stored or compared.'));
  }
  logger('api').error({ err: e }, 'unexpected error');
  return NextResponse.json(
    { error: { code: 'INTERNAL', message: 'Something went wrong on our side. The error has been logged.' } },
    { status: 500 },
  );
}

export function describeZodError(e: ZodError): string {
  return e.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Parses query parameters with a zod schema; a failure is a 400 that names the parameter. */
export function parseQuery<T extends z.ZodType>(req: NextRequest, schema: T): z.infer<T> {
  // fromEntries defines own properties, so a `__proto__` parameter is data, not a prototype.
  const raw: Record<string, string> = Object.fromEntries(req.nextUrl.searchParams);
  assertCleanInput(raw);
  return schema.parse(raw);
}

/**
 * Parses route parameters (the awaited `params` of a dynamic segment); a failure is a 400 that
 * names the parameter. With `notFound`, a well-formed string that fails the schema is that 404
 * instead: a path that cannot name a record is answered like one the caller may not see.
 */
export async function parseParams<T extends z.ZodType>(
  params: Promise<unknown>,
  schema: T,
  opts: { notFound?: string } = {},
): Promise<z.infer<T>> {
  const raw = await params;
  assertCleanInput(raw);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  if (opts.notFound) throw notFound(opts.notFound);
  throw parsed.error;
}

/** Parses a JSON body of at most `maxBytes` with a zod schema (see readJsonBody). */
export async function parseBody<T extends z.ZodType>(req: Request, maxBytes: number, schema: T): Promise<z.infer<T>> {
  return schema.parse(await readJsonBody(req, maxBytes));
}

type Ctx<P> = { params: Promise<P> };

/**
 * Wraps a route handler: every error becomes `{ error: { code, message, details? } }` with the
 * status of its code, an unreachable database is a 503 with Retry-After, and nothing unexpected
 * leaks beyond a generic 500.
 */
export function apiRoute<P = Record<string, never>>(fn: (req: NextRequest, ctx: Ctx<P>) => Promise<Response>) {
  return async (req: NextRequest, ctx: Ctx<P>) =>
    withRequestContext(acceptRequestId(req.headers.get(REQUEST_ID_HEADER)), async () => {
      try {
        return await fn(req, ctx);
      } catch (e) {
        return errorResponse(e);
      }
    });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON body of at most `maxBytes`: larger is PAYLOAD_TOO_LARGE (413); malformed JSON,
 * bytes that are not UTF-8, NUL characters, unpaired surrogates and too-deep nesting are
 * VALIDATION (400). The declared length is checked first, then the bytes actually read.
 */
export async function readJsonBody(req: Request, maxBytes: number, opts: { allowEmpty?: boolean } = {}): Promise<unknown> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than ${Math.round(maxBytes / 1024)} kB.`);
  if (declared > maxBytes) throw tooLarge();
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge();
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new AppError('VALIDATION', 'The request body is not valid UTF-8.');
  }
  if (opts.allowEmpty && text.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION', 'The request body is not valid JSON.');
  }
  assertCleanInput(body, 'body');
  return body;
}
