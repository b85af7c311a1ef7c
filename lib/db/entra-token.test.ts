import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { afterEach, describe, expect, it } from 'vitest';
import { pgConnectionConfig } from '@/lib/db/connection';
import { DatabaseTokenError, POSTGRES_ENTRA_SCOPE, tokenPassword } from '@/lib/db/entra-token';

const MIN = 60_000;

/** A credential whose tokens last `lifetimeMs` from the fake clock; `fail` makes the next calls throw. */
function fakeCredential(clock: { now: number }, lifetimeMs = 60 * MIN) {
  const calls: string[] = [];
  const state = { fail: null as Error | null, delayMs: 0 };
  const credential: TokenCredential = {
    async getToken(scopes) {
      calls.push(String(scopes));
      if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
      if (state.fail) throw state.fail;
      return { token: `token-${calls.length}`, expiresOnTimestamp: clock.now + lifetimeMs } satisfies AccessToken;
    },
  };
  return { credential, calls, state };
}

describe('[DB] Entra token as the Postgres password', () => {
  it('asks for the Azure Database for PostgreSQL scope and reuses the token until the refresh margin', async () => {
    const clock = { now: 1_000_000 };
    const { credential, calls } = fakeCredential(clock);
    const password = tokenPassword(credential, { now: () => clock.now, refreshMarginMs: 5 * MIN });
    expect(await password()).toBe('token-1');
    clock.now += 54 * MIN;
    expect(await password()).toBe('token-1');
    expect(calls).toEqual([POSTGRES_ENTRA_SCOPE]);
  });

  it('fetches a new token once inside the margin before expiry', async () => {
    const clock = { now: 1_000_000 };
    const { credential, calls } = fakeCredential(clock);
    const password = tokenPassword(credential, { now: () => clock.now, refreshMarginMs: 5 * MIN });
    await password();
    clock.now += 56 * MIN;
    expect(await password()).toBe('token-2');
    expect(await password()).toBe('token-2');
    expect(calls).toHaveLength(2);
  });

  it('shares one fetch among concurrent callers', async () => {
    const clock = { now: 1_000_000 };
    const { credential, calls, state } = fakeCredential(clock);
    state.delayMs = 20;
    const password = tokenPassword(credential, { now: () => clock.now });
    const tokens = await Promise.all(Array.from({ length: 25 }, () => password()));
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(calls).toHaveLength(1);
  });

  it('fails with a clear error when there is no token, and tries again on the next connection', async () => {
    const clock = { now: 1_000_000 };
    const { credential, calls, state } = fakeCredential(clock);
    state.fail = new Error('ManagedIdentityCredential: no managed identity endpoint found');
    const password = tokenPassword(credential, { now: () => clock.now });
    const err = await password().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseTokenError);
    expect((err as Error).message).toMatch(/DATABASE_AUTH=entra.*no managed identity endpoint found.*AZURE_CLIENT_ID/);
    state.fail = null;
    expect(await password()).toBe('token-2');
    expect(calls).toHaveLength(2);
  });

  it('keeps a still-valid token when a refresh inside the margin fails, and fails once it has expired', async () => {
    const clock = { now: 1_000_000 };
    const { credential, state } = fakeCredential(clock);
    const password = tokenPassword(credential, { now: () => clock.now, refreshMarginMs: 5 * MIN });
    await password();
    state.fail = new Error('identity endpoint timed out');
    clock.now += 57 * MIN;
    expect(await password()).toBe('token-1');
    clock.now += 4 * MIN;
    await expect(password()).rejects.toBeInstanceOf(DatabaseTokenError);
  });

  it('refuses a credential that answers without a token', async () => {
    const password = tokenPassword({ getToken: async () => null });
    await expect(password()).rejects.toThrow(/returned no token/);
  });
});

describe('[DB] connection options by DATABASE_AUTH', () => {
  const saved = process.env.DATABASE_AUTH;
  afterEach(() => {
    if (saved === undefined) delete process.env.DATABASE_AUTH;
    else process.env.DATABASE_AUTH = saved;
  });

  it('passes the URL through with password authentication (the default)', () => {
    delete process.env.DATABASE_AUTH;
    expect(pgConnectionConfig('postgres://app:pw@db:5432/portal', { max: 3 })).toEqual({
      connectionString: 'postgres://app:pw@db:5432/portal',
      max: 3,
    });
  });

  it('splits the URL and puts a password function in place of a connection string with entra', () => {
    process.env.DATABASE_AUTH = 'entra';
    const cfg = pgConnectionConfig('postgres://portal-identity@srv.postgres.database.azure.com:5432/portal?sslmode=verify-full', {
      max: 3,
    });
    expect(cfg.connectionString).toBeUndefined();
    expect(cfg).toMatchObject({ user: 'portal-identity', host: 'srv.postgres.database.azure.com', port: 5432, database: 'portal', max: 3 });
    expect(cfg.ssl).toBeTruthy();
    expect(typeof cfg.password).toBe('function');
    // The same function for every pool: one token cache per process.
    expect(pgConnectionConfig('postgres://other@srv/portal').password).toBe(cfg.password);
  });
});
