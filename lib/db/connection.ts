/**
 * The `pg` connection options for a database URL, the one place that knows DATABASE_AUTH. Every
 * pool and client of the portal (Prisma's pool, pg-boss, locks, listeners, rate limits, migrations)
 * is built from here, so the Entra token path covers all of them with one cached token.
 */
import { DefaultAzureCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import type pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import { tokenPassword } from '@/lib/db/entra-token';
import { azureSettings, databaseSettings } from '@/lib/settings';

const g = globalThis as unknown as { __pgEntraPassword?: () => Promise<string> };

/** One token cache per process: every pool asks the same function. */
export function entraPassword(credential?: TokenCredential): () => Promise<string> {
  if (credential) return tokenPassword(credential);
  return (g.__pgEntraPassword ??= tokenPassword(new DefaultAzureCredential({ managedIdentityClientId: azureSettings().AZURE_CLIENT_ID })));
}

/**
 * Options for `new pg.Pool()`/`new pg.Client()`. With DATABASE_AUTH=entra the URL is split into
 * fields: `pg` lets a connection string's (empty) password override a password function.
 */
export function pgConnectionConfig(url: string, extra: pg.PoolConfig = {}): pg.PoolConfig {
  if (databaseSettings().DATABASE_AUTH !== 'entra') return { connectionString: url, ...extra };
  const { password: _ignored, ...fields } = parseIntoClientConfig(url);
  return { ...(fields as pg.PoolConfig), ...extra, password: entraPassword() };
}
