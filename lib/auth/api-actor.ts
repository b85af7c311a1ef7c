/**
 * The actor behind an API request: a bearer access token from an Entra app registration (machine
 * callers, see bearer.ts), or else the browser's session cookie. Neither: UNAUTHENTICATED.
 */
import 'server-only';
import type { NextRequest } from 'next/server';
import type { Actor } from '@/lib/auth/actor';
import { actorFromBearer } from '@/lib/auth/bearer';
import { cachedUserActor } from '@/lib/auth/actor-cache';
import { findLiveSession, sessionCookieName } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { consumeApiQuota } from '@/lib/api/rate-limit';

export async function apiActor(req: NextRequest): Promise<Actor> {
  const actor = await resolveApiActor(req);
  await consumeApiQuota(actor);
  return actor;
}

async function resolveApiActor(req: NextRequest): Promise<Actor> {
  const authorization = req.headers.get('authorization');
  if (authorization) return actorFromBearer(authorization);
  const session = await findLiveSession(req.cookies.get(sessionCookieName())?.value);
  if (!session) throw new AppError('UNAUTHENTICATED', 'Sign in, or send an Authorization: Bearer access token.');
  const actor = await cachedUserActor(session.userId, { authTime: session.authTime, sessionId: session.id });
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Your account is disabled or no longer exists.');
  return actor;
}
