/**
 * A few seconds' reuse of resolved actors, so that a burst of API calls from one identity does
 * not reload its assignments, groups and grants every time.
 *
 * Correctness rules, each tested in actor-cache.int.test.ts:
 * - Any write to the tables an actor is made of (users, service identities, group memberships,
 *   persona assignments, JIT requests and their items) fires a statement-level trigger that sends
 *   `pg_notify` on ACTOR_CHANGED_CHANNEL at commit (migration actor_changed_notify). Every instance
 *   listens on one connection and drops its whole cache on any signal: revocation takes effect as
 *   soon as the notification arrives, well within a second.
 * - While that connection is not listening (before it connects, after it drops), nothing is
 *   cached: a missed notification cannot leave a stale actor behind.
 * - An entry never outlives the moment its actor changes by the clock alone: the earliest end of a
 *   JIT grant or assignment it holds, or the start of a future assignment.
 * - A load that started before a signal is not stored (generation check), so a read racing a
 *   revocation cannot put the old actor back.
 */
import pg from 'pg';
import type { Actor } from '@/lib/auth/actor';
import { loadServiceActorState, loadUserActorState, type ActorState } from '@/lib/auth/load-actor';
import { databaseSettings, performanceSettings } from '@/lib/settings';

export const ACTOR_CHANGED_CHANNEL = 'portal_actor_changed';
/** Beyond this many entries the cache starts afresh rather than grow without bound. */
const MAX_ENTRIES = 10_000;

type Entry = { actor: Actor; expiresAt: number };

export class ActorCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private listening = false;
  private stopped = false;

  constructor(private readonly opts: { databaseUrl: string; ttlMs: number; now?: () => number }) {}

  private now() {
    return this.opts.now?.() ?? Date.now();
  }

  /** Drops every entry; loads already under way will not be stored. */
  invalidateAll() {
    this.generation++;
    this.entries.clear();
  }

  /** Whether the invalidation signal is being received (only then are actors cached). */
  get ready() {
    return this.listening;
  }

  /** Starts listening; resolves once LISTEN is in place (or rejects if it cannot connect). */
  listen(): Promise<void> {
    if (this.stopped || this.opts.ttlMs <= 0) return Promise.resolve();
    if (this.connecting) return this.connecting;
    const client = new pg.Client({ connectionString: this.opts.databaseUrl });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      this.connecting = null;
      this.listening = false;
      this.invalidateAll();
    };
    client.on('notification', (m) => {
      if (m.channel === ACTOR_CHANGED_CHANNEL) this.invalidateAll();
    });
    client.on('error', () => {
      lost();
      client.end().catch(() => {});
    });
    client.on('end', lost);
    this.client = client;
    this.connecting = (async () => {
      await client.connect();
      await client.query(`LISTEN ${ACTOR_CHANGED_CHANNEL}`);
      if (this.client !== client) return;
      // Anything cached before now was cached while deaf; start clean.
      this.invalidateAll();
      this.listening = true;
    })();
    this.connecting.catch(() => {
      lost();
      client.end().catch(() => {});
    });
    return this.connecting;
  }

  /**
   * The actor under `key`, from the cache while it is fresh, else from `load` (null: no actor,
   * never cached).
   */
  async get(key: string, load: () => Promise<ActorState | null>): Promise<Actor | null> {
    if (this.opts.ttlMs <= 0 || this.stopped) return (await load())?.actor ?? null;
    if (!this.listening) {
      // Serve uncached until the signal is in place; the connection is opened in the background.
      void this.listen().catch(() => {});
      return (await load())?.actor ?? null;
    }
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.actor;
    if (hit) this.entries.delete(key);
    const generation = this.generation;
    const state = await load();
    if (!state) return null;
    if (this.listening && generation === this.generation) {
      const horizon = state.changesAt ? state.changesAt.getTime() : Infinity;
      const expiresAt = Math.min(now + this.opts.ttlMs, horizon);
      if (expiresAt > this.now()) {
        if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
        this.entries.set(key, { actor: state.actor, expiresAt });
      }
    }
    return state.actor;
  }

  async stop() {
    this.stopped = true;
    this.listening = false;
    this.invalidateAll();
    const client = this.client;
    this.client = null;
    this.connecting = null;
    await client?.end().catch(() => {});
  }
}

// On globalThis so that a development reload does not open a second listening connection.
const g = globalThis as unknown as { __actorCache?: { cache: ActorCache; url: string } };

/** The process-wide cache; tests that point the app at another database get a new one. */
export function actorCache(): ActorCache {
  const url = databaseSettings().DATABASE_URL ?? '';
  if (g.__actorCache?.url !== url) {
    void g.__actorCache?.cache.stop();
    g.__actorCache = { cache: new ActorCache({ databaseUrl: url, ttlMs: url ? performanceSettings().ACTOR_CACHE_MS : 0 }), url };
  }
  return g.__actorCache.cache;
}

/** The signed-in user's actor (see loadUserActorState), with this session's sign-in time. */
export async function cachedUserActor(userId: string, session: { authTime?: Date; sessionId?: string }): Promise<Actor | null> {
  const actor = await actorCache().get(`user:${userId}`, () => loadUserActorState(userId));
  return actor && { ...actor, authTime: session.authTime, sessionId: session.sessionId };
}

export async function cachedServiceActor(serviceIdentityId: string): Promise<Actor | null> {
  return actorCache().get(`service:${serviceIdentityId}`, () => loadServiceActorState(serviceIdentityId));
}
