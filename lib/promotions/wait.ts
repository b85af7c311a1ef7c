/**
 * Long-polling a request until its status changes (`GET /api/v1/promotions/{id}?waitSeconds=…`).
 * Waiters sleep on one Postgres `LISTEN` connection per instance and wake when a write sends the
 * request's id with `pg_notify` (on commit, see signalStatusChange); nothing polls the table.
 * Each calling identity may hold a few waits at once per instance; one more is answered 429.
 */
import pg from 'pg';
import { pgConnectionConfig } from '@/lib/db/connection';
import { NextResponse } from 'next/server';
import type { Actor } from '@/lib/auth/actor';
import { getPromotion } from '@/lib/promotions/queries';
import { PROMOTION_STATUS_CHANNEL, requesterKeyOf } from '@/lib/promotions/records';
import type { PROMOTION_STATUSES } from '@/lib/promotions/schema';
import { databaseSettings } from '@/lib/settings';

/** Concurrent long-polls one identity may hold on one instance. */
export const MAX_WAITS_PER_IDENTITY = 3;
/** What a refused wait is told to wait before it asks again. */
export const WAIT_RETRY_AFTER_SECONDS = 5;
/** If the listening connection is lost, waiters look again at most this often until it is back. */
const DEGRADED_RECHECK_MS = 5_000;

type State = {
  listening: Promise<pg.Client> | null;
  client: pg.Client | null;
  waiters: Map<string, Set<() => void>>;
  active: Map<string, number>;
};
// On globalThis so that a development reload does not open a second listening connection.
const g = globalThis as unknown as { __promotionWaits?: State };
const state: State = (g.__promotionWaits ??= { listening: null, client: null, waiters: new Map(), active: new Map() });

function wakeAll() {
  for (const set of state.waiters.values()) for (const wake of set) wake();
}

function listen(): Promise<pg.Client> {
  if (!state.listening) {
    const client = new pg.Client(pgConnectionConfig(databaseSettings().DATABASE_URL ?? ''));
    const lost = () => {
      if (state.client === client || state.client === null) {
        state.listening = null;
        state.client = null;
      }
      // Waiters read the row again: a notification may have gone by while the connection was down.
      wakeAll();
    };
    client.on('notification', (m) => {
      if (m.channel !== PROMOTION_STATUS_CHANNEL || !m.payload) return;
      for (const wake of state.waiters.get(m.payload) ?? []) wake();
    });
    client.on('error', () => {
      lost();
      client.end().catch(() => {});
    });
    client.on('end', lost);
    state.listening = (async () => {
      await client.connect();
      await client.query(`LISTEN ${PROMOTION_STATUS_CHANNEL}`);
      state.client = client;
      return client;
    })();
    state.listening.catch(() => {
      state.listening = null;
      client.end().catch(() => {});
    });
  }
  return state.listening;
}

/** Closes the listening connection (tests, shutdown). */
export async function stopPromotionListener() {
  const client = state.client;
  state.listening = null;
  state.client = null;
  await client?.end().catch(() => {});
}

/** A subscription to one request's status signal; `next` resolves at a signal, the deadline or an abort. */
function subscribe(id: string) {
  let signalled = false;
  let resolve: (() => void) | null = null;
  const wake = () => {
    signalled = true;
    resolve?.();
  };
  const set = state.waiters.get(id) ?? new Set();
  set.add(wake);
  state.waiters.set(id, set);
  return {
    async next(deadline: number, abort?: AbortSignal) {
      if (signalled) {
        signalled = false;
        return;
      }
      const connected = await listen().then(
        () => true,
        () => false,
      );
      const ms = Math.max(0, Math.min(deadline - Date.now(), connected ? Infinity : DEGRADED_RECHECK_MS));
      await new Promise<void>((done) => {
        const timer = setTimeout(finish, ms);
        function finish() {
          clearTimeout(timer);
          abort?.removeEventListener('abort', finish);
          resolve = null;
          done();
        }
        resolve = finish;
        abort?.addEventListener('abort', finish);
        if (signalled || abort?.aborted) finish();
      });
      signalled = false;
    },
    close() {
      set.delete(wake);
      if (set.size === 0) state.waiters.delete(id);
    },
  };
}

export type TWaitQuery = { waitSeconds: number; unlessStatus?: (typeof PROMOTION_STATUSES)[number] };

/**
 * The request, once its status is no longer `unlessStatus` or after `waitSeconds`. The identity's
 * waits beyond MAX_WAITS_PER_IDENTITY get 429 with Retry-After at once.
 */
export async function longPollPromotion(actor: Actor, id: string, query: TWaitQuery, abort?: AbortSignal, limit = MAX_WAITS_PER_IDENTITY) {
  let detail = await getPromotion(actor, id);
  const { unlessStatus, waitSeconds } = query;
  if (!unlessStatus || waitSeconds <= 0 || detail.status !== unlessStatus) return NextResponse.json(detail);

  const key = requesterKeyOf(actor);
  const held = state.active.get(key) ?? 0;
  if (held >= limit) {
    return NextResponse.json(
      {
        error: {
          code: 'RATE_LIMITED',
          message: `This identity already holds ${held} waiting requests, the most allowed at once; ask again without waitSeconds or after ${WAIT_RETRY_AFTER_SECONDS} seconds.`,
        },
      },
      { status: 429, headers: { 'Retry-After': String(WAIT_RETRY_AFTER_SECONDS) } },
    );
  }
  state.active.set(key, held + 1);
  const sub = subscribe(id);
  try {
    const deadline = Date.now() + waitSeconds * 1000;
    await listen().catch(() => {});
    // Read again now that the subscription is in place: a change in between is not missed.
    detail = await getPromotion(actor, id);
    while (detail.status === unlessStatus && Date.now() < deadline && !abort?.aborted) {
      await sub.next(deadline, abort);
      detail = await getPromotion(actor, id);
    }
    return NextResponse.json(detail);
  } finally {
    sub.close();
    const left = (state.active.get(key) ?? 1) - 1;
    if (left > 0) state.active.set(key, left);
    else state.active.delete(key);
  }
}
