/**
 * Browser sessions (backend-for-frontend): the browser holds an opaque httpOnly cookie; the
 * session, its time-outs and its MSAL token cache live in Postgres. Every page, action and route
 * handler gets its Actor through here, loaded from live records on each request.
 */
import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import type { Actor } from '@/lib/auth/actor';
import { cookieName, SESSION_COOKIE } from '@/lib/auth/cookie-names';
import { cachedUserActor } from '@/lib/auth/actor-cache';
import { purgeSessionTokens } from '@/lib/auth/session-end';
import { hashToken, newSessionToken } from '@/lib/auth/tokens';

const TOUCH_EVERY_MS = 60_000;

export function sessionCookieName(): string {
  return cookieName(SESSION_COOKIE, env().secure);
}

export function sessionCookieOptions(expires: Date) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: env().secure, path: '/', expires };
}

export type LiveSession = { id: string; userId: string; authTime: Date; homeAccountId: string; idTokenHint: string | null };

/** Creates a session row and returns the cookie value (never stored in clear). */
export async function createSession(input: {
  userId: string;
  authTime: Date;
  homeAccountId: string;
  idTokenHint?: string;
  userAgent?: string;
}) {
  const token = newSessionToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + env().SESSION_ABSOLUTE_HOURS * 3_600_000);
  const session = await db().session.create({
    data: {
      tokenHash: hashToken(token),
      userId: input.userId,
      authTime: input.authTime,
      homeAccountId: input.homeAccountId,
      idTokenHint: input.idTokenHint ?? null,
      userAgent: (input.userAgent ?? '').slice(0, 400),
      expiresAt,
    },
  });
  return { token, session };
}

/**
 * The live session for a cookie value: not revoked, within the absolute lifetime, and seen within
 * the idle time-out. Touches lastSeenAt at most once a minute. A session found ended has its tokens
 * purged.
 */
export async function findLiveSession(token: string | undefined): Promise<LiveSession | null> {
  if (!token) return null;
  const session = await db().session.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!session) return null;
  const now = Date.now();
  const ended =
    session.revokedAt !== null ||
    session.expiresAt.getTime() <= now ||
    session.lastSeenAt.getTime() + env().SESSION_IDLE_MINUTES * 60_000 <= now;
  if (ended) {
    // Tokens outlive nothing: a session found dead loses them now, not at the next sweep.
    if (session.idTokenHint !== null) await purgeSessionTokens(session.id);
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db().session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  return {
    id: session.id,
    userId: session.userId,
    authTime: session.authTime,
    homeAccountId: session.homeAccountId,
    idTokenHint: session.idTokenHint,
  };
}

/** Once per request (React cache): the session behind the cookie and its actor, or null. */
export const getSessionActor = cache(async (): Promise<{ session: LiveSession; actor: Actor } | null> => {
  const jar = await cookies();
  const session = await findLiveSession(jar.get(sessionCookieName())?.value);
  if (!session) return null;
  const actor = await cachedUserActor(session.userId, { authTime: session.authTime, sessionId: session.id });
  return actor ? { session, actor } : null;
});

export async function getActor(): Promise<Actor | null> {
  return (await getSessionActor())?.actor ?? null;
}

/** For pages and server actions: the actor, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireActor(returnTo = '/'): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  return actor;
}
