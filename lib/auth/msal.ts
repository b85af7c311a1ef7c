/**
 * The MSAL confidential client for the backend-for-frontend sign-in. Its token cache is
 * partitioned by session and stored encrypted in Postgres (MsalCache), so any app instance can
 * serve any session and no token reaches the browser.
 */
import 'server-only';
import { ConfidentialClientApplication, type ICachePlugin, type TokenCacheContext, type Configuration } from '@azure/msal-node';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { seal, unseal } from '@/lib/auth/tokens';

export const SIGN_IN_SCOPES = ['openid', 'profile', 'offline_access'];

const MICROSOFT_HOSTS = ['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn'];

type ProviderMetadata = {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
};
let metadata: Promise<ProviderMetadata> | undefined;

/** The provider's OpenID configuration, read once per process. */
export function providerMetadata(): Promise<ProviderMetadata> {
  metadata ??= fetch(`${env().authority}/.well-known/openid-configuration`).then(async (r) => {
    if (!r.ok) {
      metadata = undefined;
      throw new Error(`openid-configuration answered ${r.status}`);
    }
    return (await r.json()) as ProviderMetadata;
  });
  return metadata;
}

function isMicrosoftAuthority(authority: string) {
  return MICROSOFT_HOSTS.includes(new URL(authority).hostname);
}

/** Reads and writes one session's partition of the token cache. */
export function sessionCachePlugin(sessionId: string | null, pending?: { data?: string }): ICachePlugin {
  return {
    async beforeCacheAccess(ctx: TokenCacheContext) {
      if (pending?.data) return ctx.tokenCache.deserialize(pending.data);
      if (!sessionId) return;
      const row = await db().msalCache.findUnique({ where: { sessionId } });
      if (row) ctx.tokenCache.deserialize(unseal(row.data, env().PORTAL_SECRET));
    },
    async afterCacheAccess(ctx: TokenCacheContext) {
      if (!ctx.cacheHasChanged) return;
      const serialized = ctx.tokenCache.serialize();
      if (!sessionId) {
        if (pending) pending.data = serialized;
        return;
      }
      const data = seal(serialized, env().PORTAL_SECRET);
      await db().msalCache.upsert({ where: { sessionId }, create: { sessionId, data }, update: { data } });
    },
  };
}

/**
 * A client bound to one cache partition. Entra authorities use MSAL's defaults; any other OpenID
 * provider (the local stand-in) is named in knownAuthorities with its metadata passed in, so no
 * instance discovery is attempted.
 */
export async function msalClient(cachePlugin: ICachePlugin): Promise<ConfidentialClientApplication> {
  const e = env();
  const microsoft = isMicrosoftAuthority(e.authority);
  const config: Configuration = {
    auth: {
      clientId: e.ENTRA_CLIENT_ID,
      clientSecret: e.ENTRA_CLIENT_SECRET,
      authority: microsoft ? e.authority.replace(/\/v2\.0$/, '') : e.authority,
      ...(microsoft ? {} : { knownAuthorities: [new URL(e.authority).host], authorityMetadata: JSON.stringify(await providerMetadata()) }),
    },
    cache: { cachePlugin },
    system: { ...(microsoft ? {} : { protocolMode: 'OIDC' as const }) },
  };
  return new ConfidentialClientApplication(config);
}

export function redirectUri(): string {
  return `${env().baseUrl}/auth/callback`;
}
