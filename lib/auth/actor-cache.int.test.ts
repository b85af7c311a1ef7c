import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as getProject } from '@/app/api/v1/projects/[code]/route';
import { ActorCache, actorCache } from '@/lib/auth/actor-cache';
import { loadUserActorState } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { assignPersona, createProject, createUser } from '@/prisma/factories/org';
import { createActiveGrants, createJitScenario } from '@/prisma/factories/jit';
import { callRoute } from '@/tests/support/api';

const caches: ActorCache[] = [];
function newCache(ttlMs = 60_000) {
  const cache = new ActorCache({ databaseUrl: process.env.DATABASE_URL!, ttlMs });
  caches.push(cache);
  return cache;
}
afterEach(async () => {
  await Promise.all(caches.splice(0).map((c) => c.stop()));
});

/** Polls until `done` holds; returns the milliseconds it took, or fails after `limitMs`. */
async function within(limitMs: number, done: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await done())) {
    if (Date.now() - started > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

async function leadOfNewProject() {
  const user = await createUser(db());
  const project = await createProject(db());
  const assignment = await assignPersona(db(), { persona: 'project-lead', userId: user.id, projectId: project.id });
  return { user, project, assignment };
}

describe('ActorCache', () => {
  it('serves a repeat from memory, and two instances both drop it when another writes a revocation', async () => {
    const { user, project, assignment } = await leadOfNewProject();
    const [a, b] = [newCache(), newCache()];
    await Promise.all([a.listen(), b.listen()]);
    const loads = { a: 0, b: 0 };
    const loader = (k: 'a' | 'b') => () => {
      loads[k]++;
      return loadUserActorState(user.id);
    };
    const key = `user:${user.id}`;
    const first = await a.get(key, loader('a'));
    expect(await a.get(key, loader('a'))).toBe(first);
    await b.get(key, loader('b'));
    await b.get(key, loader('b'));
    expect(loads).toEqual({ a: 1, b: 1 });
    expect(first!.projectPersonas.get(project.id)?.has('project-lead')).toBe(true);

    // A third connection writes, as another instance would.
    await db().personaAssignment.update({ where: { id: assignment.id }, data: { revokedAt: new Date() } });
    const revoked = async (cache: ActorCache, k: 'a' | 'b') => !(await cache.get(key, loader(k)))!.projectPersonas.has(project.id);
    const elapsed = await within(1_000, async () => (await revoked(a, 'a')) && (await revoked(b, 'b')));
    expect(elapsed).toBeLessThan(1_000);
    expect(loads.a).toBeGreaterThanOrEqual(2);
    expect(loads.b).toBeGreaterThanOrEqual(2);
  });

  it('drops the cache when the user is disabled', async () => {
    const { user } = await leadOfNewProject();
    const cache = newCache();
    await cache.listen();
    let loads = 0;
    const get = () =>
      cache.get(`user:${user.id}`, () => {
        loads++;
        return loadUserActorState(user.id);
      });
    await get();
    await db().user.update({ where: { id: user.id }, data: { enabled: false } });
    await within(1_000, async () => (await get()) === null);
    expect(loads).toBeGreaterThanOrEqual(2);
  });

  it('never serves an actor past the end of a JIT grant it holds', async () => {
    const s = await createJitScenario(db(), { environments: ['PRODUCTION'] });
    const now = new Date();
    const ends = new Date(now.getTime() + 1_200);
    await createActiveGrants(db(), {
      projectId: s.project.id,
      environment: 'PRODUCTION',
      holders: [s.support.id],
      resourceId: s.resource('PRODUCTION', 'aml-workspace').id,
      role: 'O',
      count: 1,
      activatedAt: now,
      expiresAt: ends,
    });
    const cache = newCache(60_000);
    await cache.listen();
    let loads = 0;
    const get = () =>
      cache.get(`user:${s.support.id}`, () => {
        loads++;
        return loadUserActorState(s.support.id);
      });
    const held = await get();
    expect(held!.jitGrants).toHaveLength(1);
    expect(await get()).toBe(held);
    expect(loads).toBe(1);
    await new Promise((r) => setTimeout(r, Math.max(0, ends.getTime() - Date.now()) + 5));
    // Nothing was written in between: only the grant's end can have expired the entry.
    const after = await get();
    expect(loads).toBe(2);
    expect(after!.jitGrants).toEqual([]);
  });

  it('expires an entry when an assignment it holds ends or a future one starts', async () => {
    const user = await createUser(db());
    const project = await createProject(db());
    const other = await createProject(db());
    const t0 = Date.now();
    await assignPersona(db(), { persona: 'project-lead', userId: user.id, projectId: project.id, validUntil: new Date(t0 + 800) });
    await assignPersona(db(), { persona: 'model-tester', userId: user.id, projectId: other.id, validFrom: new Date(t0 + 60_000) });
    const state = await loadUserActorState(user.id);
    expect(state!.changesAt!.getTime()).toBe(t0 + 800);
    expect(state!.actor.projectPersonas.has(other.id)).toBe(false);

    const cache = newCache(60_000);
    await cache.listen();
    const before = await cache.get(`user:${user.id}`, () => loadUserActorState(user.id));
    expect(before!.projectPersonas.has(project.id)).toBe(true);
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + 800 - Date.now()) + 5));
    const after = await cache.get(`user:${user.id}`, () => loadUserActorState(user.id));
    expect(after!.projectPersonas.has(project.id)).toBe(false);
  });

  it('caches nothing while it cannot listen for changes', async () => {
    const user = await createUser(db());
    const deaf = new ActorCache({ databaseUrl: 'postgresql://nobody@127.0.0.1:1/none', ttlMs: 60_000 });
    caches.push(deaf);
    await expect(deaf.listen()).rejects.toThrow();
    const load = vi.fn(() => loadUserActorState(user.id));
    await deaf.get('k', load);
    await deaf.get('k', load);
    expect(load).toHaveBeenCalledTimes(2);
    expect(deaf.ready).toBe(false);
  });

  it('does not store a load that a change overtook', async () => {
    const user = await createUser(db());
    const cache = newCache();
    await cache.listen();
    const load = vi.fn(async () => {
      const state = await loadUserActorState(user.id);
      cache.invalidateAll();
      return state;
    });
    await cache.get('k', load);
    await cache.get('k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('the API with the process-wide actor cache', () => {
  const saved = process.env.ACTOR_CACHE_MS;
  beforeAll(async () => {
    // A long time to live: anything shorter than a second could pass without invalidation.
    process.env.ACTOR_CACHE_MS = '30000';
    const g = globalThis as unknown as { __actorCache?: { cache: ActorCache } };
    await g.__actorCache?.cache.stop();
    delete g.__actorCache;
  });
  afterAll(async () => {
    await actorCache().stop();
    if (saved === undefined) delete process.env.ACTOR_CACHE_MS;
    else process.env.ACTOR_CACHE_MS = saved;
  });

  it('denies the next call within a second of a revoked assignment', async () => {
    const { user, project, assignment } = await leadOfNewProject();
    await actorCache().listen();
    const path = `/api/v1/projects/${project.code}`;
    const call = () => callRoute(getProject, path, { as: user, params: { code: project.code } });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    await db().personaAssignment.update({ where: { id: assignment.id }, data: { revokedAt: new Date() } });
    const elapsed = await within(1_000, async () => (await call()).status === 404);
    expect(elapsed).toBeLessThan(1_000);
  });
});
