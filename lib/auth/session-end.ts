/**
 * Ending a session: whatever ends it (sign-out, a new sign-in in the same browser, idle or absolute
 * time-out), the tokens it holds go with it. The sealed MSAL cache (refresh token included) is
 * deleted and the id token kept for the provider's sign-out is cleared, so a database read after
 * the fact yields no usable token.
 */
import 'server-only';
import { db, type Tx } from '@/lib/db';
import { env } from '@/lib/env';
import type { Actor } from '@/lib/auth/actor';
import { recordAudit } from '@/lib/audit/record';

/** Revokes the session if it is still open, and purges its tokens either way. */
export async function endSession(tx: Tx, sessionId: string, reason: string): Promise<void> {
  await tx.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: reason } });
  await tx.session.updateMany({ where: { id: sessionId }, data: { idTokenHint: null } });
  await tx.msalCache.deleteMany({ where: { sessionId } });
}

/**
 * Signs the user out: the session is revoked, its tokens purged and the audit row written in one
 * transaction. Returns the id token, read before it is purged, for the provider's end-session call.
 */
export async function signOut(current: { sessionId: string; actor: Actor }): Promise<{ idTokenHint: string | null }> {
  return db().$transaction(async (tx) => {
    const session = await tx.session.findUnique({ where: { id: current.sessionId }, select: { idTokenHint: true } });
    await endSession(tx, current.sessionId, 'signed out');
    await recordAudit(tx, {
      actor: current.actor,
      action: 'session.signed_out',
      target: { type: 'session', id: current.sessionId },
    });
    return { idTokenHint: session?.idTokenHint ?? null };
  });
}

/** Purges the tokens of one session found dead on use (idle, expired), if not purged already. */
export async function purgeSessionTokens(sessionId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.session.updateMany({ where: { id: sessionId }, data: { idTokenHint: null } });
    await tx.msalCache.deleteMany({ where: { sessionId } });
  });
}

/**
 * Purges the tokens of sessions that have ended (revoked, past their absolute lifetime, or idle
 * past the time-out) but still hold them, at most `limit` per call. Returns how many were purged.
 */
export async function sweepEndedSessions(limit = 500, now = new Date()): Promise<number> {
  const idleSince = new Date(now.getTime() - env().SESSION_IDLE_MINUTES * 60_000);
  const ended = await db().session.findMany({
    where: {
      AND: [
        { OR: [{ revokedAt: { not: null } }, { expiresAt: { lte: now } }, { lastSeenAt: { lte: idleSince } }] },
        { OR: [{ idTokenHint: { not: null } }, { msalCache: { isNot: null } }] },
      ],
    },
    select: { id: true },
    take: limit,
  });
  const ids = ended.map((s) => s.id);
  if (!ids.length) return 0;
  await db().$transaction([
    db().session.updateMany({ where: { id: { in: ids } }, data: { idTokenHint: null } }),
    db().msalCache.deleteMany({ where: { sessionId: { in: ids } } }),
  ]);
  return ids.length;
}

/** Deletes sign-in and step-up flows past their expiry, at most `limit` per call (oldest first). */
export async function purgeExpiredAuthFlows(limit = 500, now = new Date()): Promise<number> {
  const expired = await db().authFlow.findMany({
    where: { expiresAt: { lt: now } },
    select: { state: true },
    orderBy: { expiresAt: 'asc' },
    take: limit,
  });
  if (!expired.length) return 0;
  const { count } = await db().authFlow.deleteMany({ where: { state: { in: expired.map((f) => f.state) }, expiresAt: { lt: now } } });
  return count;
}
