import { NextResponse, type NextRequest } from 'next/server';
import { ZodError, type z } from 'zod';
import { wwwAuthenticate } from '@/lib/auth/challenge';
import { AppError, httpStatusOf } from '@/lib/errors';

export type ApiErrorBody = { error: { code: string; message: string; details?: unknown } };

export function errorResponse(e: unknown): NextResponse<ApiErrorBody> {
  if (e instanceof AppError) {
    const challenge = wwwAuthenticate(e);
    return NextResponse.json(
      { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } },
      { status: httpStatusOf(e.code), ...(challenge ? { headers: { 'WWW-Authenticate': challenge } } : {}) },
    );
  }
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
  console.error('[api] unexpected error', e);
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
  const raw: Record<string, string> = {};
  for (const [k, v] of req.nextUrl.searchParams) raw[k] = v;
  return schema.parse(raw);
}

/** Parses route parameters (the awaited `params` of a dynamic segment); a failure is a 400 that names the parameter. */
export async function parseParams<T extends z.ZodType>(params: Promise<unknown>, schema: T): Promise<z.infer<T>> {
  return schema.parse(await params);
}

type Ctx<P> = { params: Promise<P> };

/**
 * Wraps a route handler: every error becomes `{ error: { code, message, details? } }` with the
 * status of its code, and nothing unexpected leaks beyond a generic 500.
 */
export function apiRoute<P = Record<string, never>>(fn: (req: NextRequest, ctx: Ctx<P>) => Promise<Response>) {
  return async (req: NextRequest, ctx: Ctx<P>) => {
    try {
      return await fn(req, ctx);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/**
 * Reads a JSON body of at most `maxBytes`: larger is PAYLOAD_TOO_LARGE (413), malformed JSON is
 * VALIDATION (400). The declared length is checked first, then the bytes actually read.
 */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than ${Math.round(maxBytes / 1024)} kB.`);
  if (declared > maxBytes) throw tooLarge();
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw tooLarge();
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION', 'The request body is not valid JSON.');
  }
}
