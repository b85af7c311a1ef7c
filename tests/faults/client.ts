/**
 * How the suite calls the portal: as people, through the real sign-in (authorization code flow
 * at the first instance's identity provider, then the session cookie, which any instance honours),
 * and as the demo CI/CD pipeline, with a client-credentials bearer.
 */
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { DEMO_CLIENT_ID, DEMO_PIPELINE_SECRET } from '@/dev/idp/directory';
import { DEMO_SERVICES } from '@/prisma/factories/demo';
import { SESSION_COOKIE } from '@/lib/auth/cookie-names';

export type Outcome = {
  instance: number;
  status: number;
  /** 0 when no answer came: the connection failed, or the client gave up (`timedOut`). */
  body: unknown;
  ms: number;
  startedAt: number;
  error?: string;
  timedOut?: boolean;
};

function httpsRequest(url: string, ca: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; location?: string; body: string }>((resolve, reject) => {
    const req = https.request(url, { method: init.method ?? 'GET', ca, headers: init.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.end(init.body);
  });
}

const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='));

/**
 * Signs `upn` in at `portalUrl` the way a browser does: /auth/login, the provider's sign-in page
 * (picking the person), the callback. Returns the Cookie header of the session.
 */
export async function signInAs(portalUrl: string, upn: string, certPath: string): Promise<string> {
  const ca = readFileSync(certPath, 'utf8');
  const login = await fetch(`${portalUrl}/auth/login`, { redirect: 'manual' });
  const flow = cookiesOf(login);
  const authorize = login.headers.get('location');
  if (!authorize || !flow.length) throw new Error(`/auth/login answered ${login.status} without a redirect and flow cookie`);
  const picked = new URL(authorize);
  picked.searchParams.set('login_hint', upn);
  picked.searchParams.set('confirmed', '1');
  const idp = await httpsRequest(picked.toString(), ca);
  if (!idp.location) throw new Error(`the identity provider answered ${idp.status} for ${upn}: ${idp.body.slice(0, 200)}`);
  const callback = await fetch(idp.location, { redirect: 'manual', headers: { cookie: flow.join('; ') } });
  const session = cookiesOf(callback).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!session) throw new Error(`the callback answered ${callback.status} without a session cookie for ${upn}`);
  return session;
}

/** A client-credentials token of the demo CI/CD pipeline, from the first instance's provider. */
export async function pipelineBearer(authority: string, certPath: string): Promise<string> {
  const cicd = DEMO_SERVICES.find((s) => s.key === 'cicd')!;
  const r = await httpsRequest(`${authority}/token`, readFileSync(certPath, 'utf8'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: cicd.appId,
      client_secret: DEMO_PIPELINE_SECRET,
      scope: `api://${DEMO_CLIENT_ID}/.default`,
    }).toString(),
  });
  if (r.status !== 200) throw new Error(`the token endpoint answered ${r.status}: ${r.body.slice(0, 200)}`);
  return `Bearer ${(JSON.parse(r.body) as { access_token: string }).access_token}`;
}

/**
 * One API call with a deadline (30 s: "no hang" means an answer within it); a missing answer is
 * recorded, never thrown. The deadline is a timer of its own, so a body that never ends cannot
 * hold the suite.
 */
export async function call(
  baseUrl: string,
  instance: number,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Outcome> {
  const startedAt = Date.now();
  const timeoutMs = init.timeoutMs ?? 30_000;
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve({
        instance,
        status: 0,
        body: null,
        ms: Date.now() - startedAt,
        startedAt,
        error: `no answer in ${timeoutMs} ms`,
        timedOut: true,
      });
    }, timeoutMs);
  });
  const attempt = (async (): Promise<Outcome> => {
    try {
      const res = await fetch(`${baseUrl}${path}`, {
        method: init.method ?? 'GET',
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        // A browser sends its page's origin with every state change; the portal refuses one without it.
        headers: { 'content-type': 'application/json', origin: new URL(baseUrl).origin, ...init.headers },
        signal: abort.signal,
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: keep the text */
      }
      return { instance, status: res.status, body, ms: Date.now() - startedAt, startedAt };
    } catch (e) {
      return { instance, status: 0, body: null, ms: Date.now() - startedAt, startedAt, error: String(e), timedOut: abort.signal.aborted };
    }
  })();
  try {
    return await Promise.race([attempt, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}
