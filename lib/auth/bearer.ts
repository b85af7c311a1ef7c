/**
 * Access tokens for /api/v1 from Entra app registrations (client-credentials flow). The signature
 * is checked against the issuer's JWKS (cached by jose), then the issuer, audience, expiry and
 * tenant. The token must be app-only (client credentials, not a user's delegated token from the
 * same application), may have to carry a required app role, and the calling application
 * (azp/appid) must be a registered, enabled service identity.
 */
import 'server-only';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { env, settings } from '@/lib/env';
import type { Actor } from '@/lib/auth/actor';
import { cachedServiceActor } from '@/lib/auth/actor-cache';
import { db } from '@/lib/db';
import { InvalidTokenError } from '@/lib/api/challenge';
import { AppError } from '@/lib/errors';

type Metadata = { issuer: string; jwks_uri: string };
let metadata: Promise<Metadata> | undefined;
let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

async function providerMetadata(): Promise<Metadata> {
  metadata ??= fetch(`${env().authority}/.well-known/openid-configuration`)
    .then(async (r) => {
      if (!r.ok) throw new Error(`openid-configuration answered ${r.status}`);
      return (await r.json()) as Metadata;
    })
    .catch((e: unknown) => {
      metadata = undefined;
      throw new AppError(
        'UNAVAILABLE',
        `The identity provider's metadata could not be read: ${e instanceof Error ? e.message : String(e)}`,
      );
    });
  return metadata;
}

const unauthenticated = (reason: string) => new InvalidTokenError(reason);

export async function verifyAccessToken(
  token: string,
): Promise<JWTPayload & { tid?: string; azp?: string; appid?: string; roles?: string[] }> {
  const meta = await providerMetadata();
  jwks ??= createRemoteJWKSet(new URL(meta.jwks_uri), { cacheMaxAge: 6 * 3_600_000, cooldownDuration: 30_000 });
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, jwks, { issuer: meta.issuer, audience: env().apiAudience, clockTolerance: 60 }));
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw unauthenticated('the token has expired');
    if (e instanceof joseErrors.JWTClaimValidationFailed) throw unauthenticated(`the ${e.claim} claim is not accepted (${e.reason})`);
    if (e instanceof joseErrors.JWSSignatureVerificationFailed) throw unauthenticated('the signature does not verify');
    if (e instanceof joseErrors.JWKSNoMatchingKey) throw unauthenticated('no signing key of the issuer matches');
    if (e instanceof joseErrors.JOSEError) throw unauthenticated(e.message);
    throw e;
  }
  const tid = typeof payload.tid === 'string' ? payload.tid : undefined;
  if (!tid || !env().allowedTenants.includes(tid)) throw unauthenticated('the tenant is not allowed');
  return payload as JWTPayload & { tid?: string; azp?: string; appid?: string };
}

type AccessClaims = JWTPayload & { idtyp?: unknown; scp?: unknown; scope?: unknown; roles?: unknown };

/**
 * Entra marks app-only tokens with `idtyp: "app"` (an optional claim); without it, an app-only token
 * is one with no delegated scopes (`scp`, or `scope` from other OpenID providers). A user's token
 * names the same application in azp, so the application alone proves nothing.
 */
export function isAppOnlyToken(claims: AccessClaims): boolean {
  if (claims.idtyp !== undefined) return claims.idtyp === 'app';
  return claims.scp === undefined && claims.scope === undefined;
}

export async function actorFromBearer(authorization: string): Promise<Actor> {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization.trim());
  if (!match) throw unauthenticated('expected "Authorization: Bearer <token>"');
  const claims = await verifyAccessToken(match[1]!);
  if (!isAppOnlyToken(claims))
    throw unauthenticated('a user token was presented; service identities must use an app-only token (client credentials)');
  const requiredRole = settings().API_REQUIRED_APP_ROLE;
  if (requiredRole && !(Array.isArray(claims.roles) && claims.roles.includes(requiredRole)))
    throw unauthenticated(`the token lacks the app role ${requiredRole}`);
  const appId = claims.azp ?? claims.appid;
  if (typeof appId !== 'string') throw unauthenticated('the token names no calling application (azp)');
  const svc = await db().serviceIdentity.findUnique({ where: { tenantId_appId: { tenantId: claims.tid!, appId } } });
  if (!svc) throw unauthenticated(`application ${appId} is not registered as a service identity`);
  const actor = await cachedServiceActor(svc.id);
  if (!actor) throw unauthenticated(`service identity ${svc.displayName} is disabled`);
  return actor;
}
