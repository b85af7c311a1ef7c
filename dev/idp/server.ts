/**
 * A local stand-in for Microsoft Entra ID, for the demo and the tests: oauth2-mock-server (a
 * maintained OAuth 2 / OpenID Connect test server) configured to behave like Entra's v2 endpoints.
 * - issuer `https://localhost:<port>/<tenant>/v2.0`, discovery at `<issuer>/.well-known/openid-configuration`;
 * - a sign-in page listing the directory's users; picking one completes the real auth-code + PKCE flow;
 * - Entra's claim names (oid, tid, preferred_username, name, roles, groups, auth_time) and the
 *   groups-overage claim past 200 groups, answered by a Graph stand-in on the same server;
 * - client credentials for registered applications, with their secrets checked.
 * It is started by scripts/start.ts only when no Entra tenant is configured; nothing in the
 * portal's own request path imports it.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { OAuth2Issuer, OAuth2Service } from 'oauth2-mock-server';
import type { DevCertificate } from '@/dev/tls/certificate';
import type { Directory, DirectoryUser } from '@/dev/idp/directory';

export const GROUPS_CLAIM_LIMIT = 200;

export type DevIdpOptions = {
  port: number;
  tenantId: string;
  /** The portal's app registration. */
  client: { clientId: string; clientSecret: string; redirectUris: string[] };
  directory: Directory;
  tls: DevCertificate;
  log?: (line: string) => void;
};

export type DevIdp = {
  authority: string;
  issuer: string;
  graphBaseUrl: string;
  port: number;
  /** The signing issuer, for tests that craft tokens (wrong audience, expired…). */
  oauthIssuer: OAuth2Issuer;
  stop: () => Promise<void>;
};

type CodeGrant = { user: DirectoryUser; authTime: number; clientId: string };
type TokenRequest = IncomingMessage & { body: Record<string, string | undefined> };
type MutableToken = { header: Record<string, unknown>; payload: Record<string, unknown> };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f3f4f6;color:#111827;margin:0}
main{max-width:760px;margin:40px auto;background:#fff;border-radius:12px;box-shadow:0 1px 3px #0002;padding:32px}
h1{font-size:1.4rem;margin:0 0 4px}p.sub{color:#4b5563;margin:0 0 24px}
ul{list-style:none;padding:0;margin:0;display:grid;gap:10px}
button{width:100%;text-align:left;border:1px solid #d1d5db;border-radius:10px;background:#fff;padding:12px 14px;cursor:pointer;font:inherit}
button:hover,button:focus-visible{border-color:#1d4ed8;outline:2px solid #1d4ed8;outline-offset:1px}
.name{font-weight:600}.meta{color:#4b5563;font-size:.875rem}.badge{display:inline-block;background:#eef2ff;color:#3730a3;border-radius:999px;padding:1px 8px;font-size:.75rem;margin-left:6px}
.warn{background:#fffbeb;border:1px solid #f59e0b;border-radius:8px;padding:8px 12px;color:#78350f;font-size:.875rem;margin-bottom:18px}
</style></head><body><main>${body}</main></body></html>`;
}

function send(res: ServerResponse, status: number, contentType: string, body: string) {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

export async function startDevIdp(opts: DevIdpOptions): Promise<DevIdp> {
  const { tenantId, directory, client } = opts;
  const prefix = `/${tenantId}/v2.0`;
  const issuer = new OAuth2Issuer();
  await issuer.keys.generate('RS256');
  const service = new OAuth2Service(issuer, { endSession: '/logout' });
  const codes = new Map<string, CodeGrant>();
  const refreshTokens = new Map<string, CodeGrant>();
  const usersByUpn = new Map(directory.users.map((u) => [u.upn.toLowerCase(), u]));
  const usersByOid = new Map(directory.users.map((u) => [u.oid, u]));
  const apps = new Map(directory.apps.map((a) => [a.appId, a]));
  let baseUrl = '';

  service.on('beforeAuthorizeRedirect', (redirect: { url: URL }, req: IncomingMessage) => {
    const q = new URL(req.url ?? '', 'https://x').searchParams;
    const user = usersByUpn.get((q.get('login_hint') ?? '').toLowerCase());
    const code = redirect.url.searchParams.get('code');
    if (user && code) codes.set(code, { user, authTime: Math.floor(Date.now() / 1000), clientId: q.get('client_id') ?? '' });
  });

  const userClaims = (grant: CodeGrant) => {
    const u = grant.user;
    const claims: Record<string, unknown> = {
      oid: u.oid,
      tid: tenantId,
      preferred_username: u.upn,
      name: u.name,
      auth_time: grant.authTime,
      ver: '2.0',
      sub: u.oid,
    };
    if (u.roles.length) claims.roles = u.roles;
    if (u.groups.length > GROUPS_CLAIM_LIMIT) {
      claims._claim_names = { groups: 'src1' };
      claims._claim_sources = { src1: { endpoint: `${baseUrl}/v1.0/users/${u.oid}/getMemberObjects` } };
    } else if (u.groups.length) claims.groups = u.groups;
    return claims;
  };

  service.on('beforeTokenSigning', (token: MutableToken, req: TokenRequest) => {
    const body = req.body;
    const isAccessToken = 'scope' in token.payload;
    if (body.grant_type === 'client_credentials') {
      const app = apps.get(body.client_id ?? '');
      const scope = body.scope ?? '';
      Object.assign(token.payload, {
        aud: scope.replace(/\/\.default$/, ''),
        azp: body.client_id,
        appid: body.client_id,
        tid: tenantId,
        sub: app?.appId ?? body.client_id,
        oid: app?.appId,
        idtyp: 'app',
        ver: '2.0',
      });
      delete token.payload.scope;
      return;
    }
    const grant = body.grant_type === 'authorization_code' ? codes.get(body.code ?? '') : refreshTokens.get(body.refresh_token ?? '');
    if (!grant) return;
    Object.assign(token.payload, userClaims(grant));
    if (isAccessToken) {
      const scope = String(token.payload.scope ?? '');
      token.payload.aud = /graph\.microsoft\.com|GroupMember|User\.Read/.test(scope) ? 'https://graph.microsoft.com' : grant.clientId;
      token.payload.azp = grant.clientId;
    } else {
      token.payload.aud = grant.clientId;
    }
  });

  service.on('beforeResponse', (response: { body: Record<string, unknown>; statusCode: number }, req: TokenRequest) => {
    const body = req.body;
    const fail = (status: number, error: string, description: string) => {
      response.statusCode = status;
      response.body = { error, error_description: description };
    };
    if (body.grant_type === 'client_credentials') {
      const app = apps.get(body.client_id ?? '');
      if (!app || app.secret !== body.client_secret)
        return fail(401, 'invalid_client', 'AADSTS7000215: Invalid client secret or unknown application.');
      return;
    }
    if (body.grant_type === 'authorization_code') {
      const grant = codes.get(body.code ?? '');
      codes.delete(body.code ?? '');
      if (!grant) return fail(400, 'invalid_grant', 'AADSTS70008: The authorization code is invalid or has expired.');
      const publicClient = body.client_secret === undefined && body.code_verifier !== undefined;
      if (body.client_id !== client.clientId || (!publicClient && body.client_secret !== client.clientSecret))
        return fail(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
      if (typeof response.body.refresh_token === 'string') refreshTokens.set(response.body.refresh_token, grant);
      return;
    }
    if (body.grant_type === 'refresh_token') {
      const grant = refreshTokens.get(body.refresh_token ?? '');
      if (!grant) return fail(400, 'invalid_grant', 'AADSTS70000: The refresh token is invalid.');
      if (typeof response.body.refresh_token === 'string') refreshTokens.set(response.body.refresh_token, grant);
      return;
    }
    fail(
      400,
      'unsupported_grant_type',
      'This provider issues tokens for the authorization code, refresh token and client credentials grants.',
    );
  });

  const jwks = () => createLocalJWKSet({ keys: issuer.keys.toJSON() } as JSONWebKeySet);

  async function graph(req: IncomingMessage, res: ServerResponse, url: URL) {
    const auth = req.headers.authorization ?? '';
    let oid: string | undefined;
    try {
      const { payload } = await jwtVerify(auth.replace(/^Bearer\s+/i, ''), jwks(), { issuer: `${baseUrl}${prefix}` });
      oid = payload.oid as string | undefined;
    } catch {
      return send(
        res,
        401,
        'application/json',
        JSON.stringify({ error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } }),
      );
    }
    const match = /^\/v1\.0\/(?:me|users\/([0-9a-f-]+))\/transitiveMemberOf\/microsoft\.graph\.group$/.exec(url.pathname);
    const user = usersByOid.get(match?.[1] ?? oid ?? '');
    if (!match || !user || (match[1] && match[1] !== oid))
      return send(
        res,
        404,
        'application/json',
        JSON.stringify({ error: { code: 'Request_ResourceNotFound', message: 'Resource not found.' } }),
      );
    const top = Math.min(Number(url.searchParams.get('$top') ?? 100) || 100, 999);
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0) || 0;
    const slice = user.groups.slice(skip, skip + top);
    const next = skip + top < user.groups.length ? `${baseUrl}${url.pathname}?$select=id&$top=${top}&$skiptoken=${skip + top}` : undefined;
    send(
      res,
      200,
      'application/json',
      JSON.stringify({
        value: slice.map((id) => ({ '@odata.type': '#microsoft.graph.group', id })),
        ...(next ? { '@odata.nextLink': next } : {}),
      }),
    );
  }

  function picker(res: ServerResponse, url: URL) {
    const q = url.searchParams;
    const hint = (q.get('login_hint') ?? '').toLowerCase();
    const reauth = q.get('prompt') === 'login' && usersByUpn.has(hint);
    const users = reauth ? [usersByUpn.get(hint)!] : directory.users;
    const hidden = [...q.entries()]
      .filter(([k]) => k !== 'login_hint' && k !== 'confirmed')
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
      .join('');
    const items = users
      .map(
        (
          u,
        ) => `<li><form method="get" action="${esc(url.pathname)}">${hidden}<input type="hidden" name="login_hint" value="${esc(u.upn)}"><input type="hidden" name="confirmed" value="1">
<button type="submit"><span class="name">${esc(u.name)}</span><span class="badge">${esc(u.jobTitle)}</span><br><span class="meta">${esc(u.upn)}</span><br><span class="meta">${esc(u.summary)}</span></button></form></li>`,
      )
      .join('');
    const intro = reauth
      ? '<h1>Confirm it is you</h1><p class="sub">This action needs a fresh sign-in.</p>'
      : '<h1>Sign in</h1><p class="sub">Local identity provider for the ML Governance Portal demo. Pick a person to sign in as.</p><p class="warn">This stand-in for Microsoft Entra ID runs only when no Entra tenant is configured.</p>';
    send(res, 200, 'text/html; charset=utf-8', page('Sign in — local identity provider', `${intro}<ul>${items}</ul>`));
  }

  const server: Server = createServer({ key: opts.tls.key, cert: opts.tls.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    void (async () => {
      if (url.pathname.startsWith('/v1.0/')) return graph(req, res, url);
      if (!url.pathname.startsWith(prefix)) {
        if (url.pathname === '/')
          return send(
            res,
            200,
            'text/html; charset=utf-8',
            page('Local identity provider', `<h1>Local identity provider</h1><p class="sub">Issuer: ${esc(baseUrl + prefix)}</p>`),
          );
        return send(res, 404, 'application/json', JSON.stringify({ error: 'not_found' }));
      }
      const inner = url.pathname.slice(prefix.length) || '/';
      if (inner === '/authorize' && req.method === 'GET') {
        const q = url.searchParams;
        if (q.get('client_id') !== client.clientId)
          return send(
            res,
            400,
            'text/html; charset=utf-8',
            page('Sign-in error', '<h1>Sign-in error</h1><p>AADSTS700016: Application not found in the directory.</p>'),
          );
        if (!client.redirectUris.includes(q.get('redirect_uri') ?? ''))
          return send(
            res,
            400,
            'text/html; charset=utf-8',
            page(
              'Sign-in error',
              '<h1>Sign-in error</h1><p>AADSTS50011: The redirect URI does not match the application’s registered redirect URIs.</p>',
            ),
          );
        if (q.get('confirmed') !== '1' || !usersByUpn.has((q.get('login_hint') ?? '').toLowerCase())) return picker(res, url);
      }
      req.url = inner + url.search;
      service.requestHandler(req, res);
    })().catch((e: unknown) => {
      opts.log?.(`identity provider error: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify({ error: 'server_error' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  baseUrl = `https://localhost:${port}`;
  issuer.url = `${baseUrl}${prefix}`;
  opts.log?.(`local identity provider on ${issuer.url}`);
  return {
    authority: issuer.url,
    issuer: issuer.url,
    graphBaseUrl: baseUrl,
    port,
    oauthIssuer: issuer,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
