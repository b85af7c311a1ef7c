/**
 * Calls route handlers in-process, as Next would: a NextRequest and a `params` promise. `as`
 * signs the user in through a real Session row and sends its cookie, so the request goes through
 * apiActor like a browser's.
 */
import { NextRequest } from 'next/server';
import { createSession, sessionCookieName } from '@/lib/auth/session';

// env() validates these on first use; integration tests run without a real Entra tenant.
process.env.PORTAL_SECRET ??= 'integration-tests-only-secret-0123456789abcdef';
process.env.ENTRA_TENANT_ID ??= '7d1f3b8e-4c2a-4f6b-9e0d-2a5c8b1e6f40';
process.env.ENTRA_CLIENT_ID ??= 'integration-tests-client';
process.env.ENTRA_CLIENT_SECRET ??= 'integration-tests-client-secret';

// `never` accepts a handler of any dynamic segment: the caller supplies matching `params`.
type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;

export type ApiResult<T = unknown> = { status: number; body: T; headers: Headers };

const sessions = new Map<string, string>();

/** A live session for the user; the cookie value is reused within a test file. */
export async function signIn(user: { id: string }): Promise<string> {
  let token = sessions.get(user.id);
  if (!token) {
    ({ token } = await createSession({ userId: user.id, authTime: new Date(), homeAccountId: `${user.id}.tenant` }));
    sessions.set(user.id, token);
  }
  return token;
}

export async function callRoute<T = unknown>(
  handler: Handler,
  path: string,
  opts: { as?: { id: string }; cookie?: string; params?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<ApiResult<T>> {
  const headers = new Headers(opts.headers);
  const cookie = opts.cookie ?? (opts.as ? `${sessionCookieName()}=${await signIn(opts.as)}` : undefined);
  if (cookie) headers.set('cookie', cookie);
  const req = new NextRequest(new URL(path, 'http://localhost:3000'), { headers });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) as Promise<never> });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

export type ErrorBody = { error: { code: string; message: string; details?: { path: string; message: string }[] } };
