/**
 * Passwordless Postgres (DATABASE_AUTH=entra): Azure Database for PostgreSQL accepts an Entra ID
 * access token as the password of a role mapped to the managed identity. `pg` asks for the password
 * on every new connection through an async function; this module answers from a cached token and
 * fetches a new one shortly before the cached one expires, so a pool that opens connections for
 * hours never presents an expired token and the identity endpoint is not called per connection.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';

export const POSTGRES_ENTRA_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';

/** Refresh this long before expiry: a token handed to a connection must still be valid when Postgres checks it. */
export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

export class DatabaseTokenError extends Error {
  constructor(cause: unknown) {
    super(
      `DATABASE_AUTH=entra: could not get an Entra ID token for Azure Database for PostgreSQL (${
        cause instanceof Error ? cause.message : String(cause)
      }). Check the managed identity (AZURE_CLIENT_ID for a user-assigned one) and that it is a Postgres role.`,
      { cause },
    );
    this.name = 'DatabaseTokenError';
  }
}

export type TokenPasswordOptions = {
  refreshMarginMs?: number;
  /** The clock, for tests. */
  now?: () => number;
};

/**
 * A `pg` password function backed by `credential`. Callers that arrive while a fetch is in flight
 * share it. A failed fetch throws DatabaseTokenError (the connection attempt fails with it) unless a
 * cached token is still valid, which is then used until the next attempt.
 */
export function tokenPassword(credential: TokenCredential, opts: TokenPasswordOptions = {}): () => Promise<string> {
  const margin = opts.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const now = opts.now ?? Date.now;
  let cached: AccessToken | null = null;
  let inflight: Promise<AccessToken> | null = null;

  const fetchToken = () =>
    (inflight ??= (async () => {
      try {
        const token = await credential.getToken(POSTGRES_ENTRA_SCOPE);
        if (!token?.token) throw new Error('the credential returned no token');
        cached = token;
        return token;
      } finally {
        inflight = null;
      }
    })());

  return async () => {
    if (cached && now() < cached.expiresOnTimestamp - margin) return cached.token;
    try {
      return (await fetchToken()).token;
    } catch (e) {
      if (cached && now() < cached.expiresOnTimestamp) return cached.token;
      throw new DatabaseTokenError(e);
    }
  };
}
