/**
 * A local stand-in for the Microsoft.Authorization part of Azure Resource Manager (api-version
 * 2022-04-01): role assignments (list at a scope, get, delete by id) and role definitions (list,
 * get by id), over HTTPS with the dev certificate so that the real AuthorizationManagementClient,
 * with its production pipeline, talks to it through `endpoint` and `$host`.
 *
 * Payloads follow the public REST API specification (id, name, type, properties; `nextLink`
 * paging; errors as `{ error: { code, message } }`). Controls let tests throttle (429 with
 * Retry-After), fail (5xx), deny (403) and read back every request. Kept apart from the AML
 * stand-in (fake-arm.ts) so each can be started alone; a test that needs both starts both.
 *
 * Used by the integration tests and the bench; never in production.
 */
import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { ROLES } from '@/lib/catalogue/facts';

export const FAKE_AUTHORIZATION_API_VERSION = '2022-04-01';
const PROVIDER = 'Microsoft.Authorization';

export type FakePrincipalType = 'User' | 'Group' | 'ServicePrincipal';

type FakeRoleDefinition = { guid: string; roleName: string; roleType: 'BuiltInRole' | 'CustomRole'; description: string };
type FakeRoleAssignment = {
  id: string;
  name: string;
  scope: string;
  roleDefinitionGuid: string;
  principalId: string;
  principalType: FakePrincipalType;
  createdOn: Date;
};

export type FakeAuthorizationRequest = { at: number; method: string; path: string; status: number; authorization: string | null };
export type FaultMatch = string | RegExp;
type Fault = { remaining: number; status: number; retryAfterSeconds?: number; match?: FaultMatch };

export type FakeAuthorization = {
  url: string;
  requests: FakeAuthorizationRequest[];
  controls: {
    pageSize: number;
    /** The next `times` matching requests get 429 with Retry-After. */
    throttle: (o: { times: number; retryAfterSeconds: number; match?: FaultMatch }) => void;
    /** The next `times` matching requests fail with `status` (default 500). */
    fail: (o: { times: number; status?: number; match?: FaultMatch }) => void;
    /** Matching requests get 403 AuthorizationFailed until cleared. */
    deny: (match: FaultMatch | undefined) => void;
    clearFaults: () => void;
  };
  /** Adds a role assignment at `scope`; the role is a built-in abbreviation (R, O, ADS…) or a custom role's name. */
  addRoleAssignment: (input: {
    scope: string;
    role: string;
    principalId: string;
    principalType: FakePrincipalType;
    name?: string;
    createdOn?: Date;
  }) => { id: string; name: string };
  addCustomRole: (roleName: string, opts?: { guid?: string; subscriptionId?: string }) => string;
  roleAssignment: (id: string) => FakeRoleAssignment | undefined;
  roleAssignmentIds: () => string[];
  close: () => Promise<void>;
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const lower = (s: string) => s.toLowerCase().replace(/\/+$/, '');
const matches = (m: FaultMatch | undefined, method: string, path: string) =>
  m === undefined ? true : typeof m === 'string' ? path.toLowerCase().includes(m.toLowerCase()) : m.test(`${method} ${path}`);

/** Whether an assignment at `assignmentScope` applies to `scope` (at or above it) or lies below it. */
function relates(assignmentScope: string, scope: string, below: boolean) {
  const a = lower(assignmentScope);
  const s = lower(scope);
  if (a === s || s.startsWith(`${a}/`)) return true;
  return below && a.startsWith(`${s}/`);
}

export async function startFakeAuthorization(opts: { cert: string; key: string; host?: string; port?: number; pageSize?: number }) {
  const definitions = new Map<string, FakeRoleDefinition>();
  for (const r of ROLES)
    if (r.roleDefinitionId)
      definitions.set(r.roleDefinitionId, { guid: r.roleDefinitionId, roleName: r.name, roleType: 'BuiltInRole', description: r.name });
  // A built-in role outside the matrices, as real subscriptions have hundreds.
  definitions.set('18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', {
    guid: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    roleName: 'User Access Administrator',
    roleType: 'BuiltInRole',
    description: 'Manage user access to Azure resources',
  });
  const assignments = new Map<string, FakeRoleAssignment>();
  const requests: FakeAuthorizationRequest[] = [];
  let faults: Fault[] = [];
  let denyMatch: FaultMatch | undefined | null = null;
  let baseUrl = '';

  const definitionId = (subscriptionId: string | null, guid: string) =>
    `${subscriptionId ? `/subscriptions/${subscriptionId}` : ''}/providers/${PROVIDER}/roleDefinitions/${guid}`;
  const subscriptionOf = (scope: string) => /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? null;

  const renderAssignment = (a: FakeRoleAssignment) => ({
    id: a.id,
    name: a.name,
    type: `${PROVIDER}/roleAssignments`,
    properties: {
      scope: a.scope,
      roleDefinitionId: definitionId(subscriptionOf(a.scope), a.roleDefinitionGuid),
      principalId: a.principalId,
      principalType: a.principalType,
      createdOn: a.createdOn.toISOString(),
      updatedOn: a.createdOn.toISOString(),
      createdBy: null,
      updatedBy: null,
      condition: null,
      conditionVersion: null,
      description: '',
    },
  });
  const renderDefinition = (d: FakeRoleDefinition, subscriptionId: string | null) => ({
    id: definitionId(subscriptionId, d.guid),
    name: d.guid,
    type: `${PROVIDER}/roleDefinitions`,
    properties: {
      roleName: d.roleName,
      type: d.roleType,
      description: d.description,
      assignableScopes: ['/'],
      permissions: [{ actions: ['*/read'], notActions: [], dataActions: [], notDataActions: [] }],
    },
  });

  function paged<T>(items: T[], path: string, query: URLSearchParams, render: (t: T) => unknown) {
    const skip = Math.max(0, Number(query.get('$skipToken') ?? 0) || 0);
    const slice = items.slice(skip, skip + controls.pageSize);
    const body: { value: unknown[]; nextLink?: string } = { value: slice.map(render) };
    if (skip + controls.pageSize < items.length) {
      const next = new URL(`${baseUrl}${path}`);
      for (const [k, v] of query) if (k !== '$skipToken') next.searchParams.set(k, v);
      next.searchParams.set('$skipToken', String(skip + controls.pageSize));
      body.nextLink = next.toString();
    }
    return body;
  }

  function route(method: string, path: string, query: URLSearchParams): { status: number; body?: unknown } {
    if (query.get('api-version') !== FAKE_AUTHORIZATION_API_VERSION)
      throw new HttpError(400, 'InvalidApiVersionParameter', `The api-version '${query.get('api-version')}' is invalid.`);
    const listAssignments = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments$/i.exec(path);
    if (listAssignments && method === 'GET') {
      const scope = listAssignments[1] || '/';
      const filter = query.get('$filter') ?? '';
      const atScope = /atScope\(\)/i.test(filter);
      const principal = /principalId\s+eq\s+'([^']+)'/i.exec(filter)?.[1];
      const items = [...assignments.values()]
        .filter((a) => relates(a.scope, scope, !atScope))
        .filter((a) => !atScope || lower(a.scope) === lower(scope))
        .filter((a) => !principal || a.principalId === principal)
        .sort((a, b) => a.createdOn.getTime() - b.createdOn.getTime() || a.name.localeCompare(b.name));
      return { status: 200, body: paged(items, path, query, renderAssignment) };
    }
    if (/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i.test(path)) {
      const existing = assignments.get(lower(path));
      if (method === 'GET') {
        if (!existing) throw new HttpError(404, 'RoleAssignmentNotFound', `The role assignment '${path.split('/').pop()}' is not found.`);
        return { status: 200, body: renderAssignment(existing) };
      }
      if (method === 'DELETE') {
        if (!existing) return { status: 204 };
        assignments.delete(lower(path));
        return { status: 200, body: renderAssignment(existing) };
      }
    }
    const listDefinitions = /^(.*)\/providers\/Microsoft\.Authorization\/roleDefinitions$/i.exec(path);
    if (listDefinitions && method === 'GET') {
      const sub = subscriptionOf(listDefinitions[1] ?? '');
      return { status: 200, body: paged([...definitions.values()], path, query, (d) => renderDefinition(d, sub)) };
    }
    const oneDefinition = /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i.exec(path);
    if (oneDefinition && method === 'GET') {
      const d = definitions.get(oneDefinition[1]!.toLowerCase());
      if (!d) throw new HttpError(404, 'RoleDefinitionDoesNotExist', 'The specified role definition does not exist.');
      return { status: 200, body: renderDefinition(d, subscriptionOf(path)) };
    }
    throw new HttpError(404, 'NotFound', `No route for ${method} ${path}`);
  }

  const server = https.createServer({ cert: opts.cert, key: opts.key }, (req, res) => {
    // The SDK joins its endpoint with a scope that starts with '/', so paths arrive as '//subscriptions/…'
    // (ARM accepts that); parsed as a URL the first segment would become a host name.
    const raw = req.url ?? '/';
    const url = new URL(raw.replace(/^\/+/, '/'), 'https://fake');
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      requests.push({ at: Date.now(), method, path, status, authorization: req.headers.authorization ?? null });
      res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      try {
        if (!/^Bearer \S+/.test(req.headers.authorization ?? ''))
          throw new HttpError(401, 'AuthenticationFailed', 'Authentication failed. The Authorization header is missing.');
        const fault = faults.find((f) => f.remaining > 0 && matches(f.match, method, path));
        if (fault) {
          fault.remaining--;
          if (fault.status === 429)
            throw new HttpError(429, 'TooManyRequests', 'The request is being throttled.', {
              'retry-after': String(fault.retryAfterSeconds ?? 1),
            });
          throw new HttpError(fault.status, 'InternalServerError', 'The server encountered an internal error.');
        }
        if (denyMatch !== null && matches(denyMatch, method, path))
          throw new HttpError(403, 'AuthorizationFailed', 'The client does not have authorization to perform this action over this scope.');
        const r = route(method, path, url.searchParams);
        send(r.status, r.body);
      } catch (e) {
        if (e instanceof HttpError) send(e.status, { error: { code: e.code, message: e.message } }, e.headers);
        else send(500, { error: { code: 'InternalServerError', message: String(e) } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `https://localhost:${port}`;

  const controls: FakeAuthorization['controls'] = {
    pageSize: opts.pageSize ?? 100,
    throttle: ({ times, retryAfterSeconds, match }) => void faults.push({ remaining: times, status: 429, retryAfterSeconds, match }),
    fail: ({ times, status = 500, match }) => void faults.push({ remaining: times, status, match }),
    deny: (match) => void (denyMatch = match ?? null),
    clearFaults: () => {
      faults = [];
      denyMatch = null;
    },
  };

  const fake: FakeAuthorization = {
    url: baseUrl,
    requests,
    controls,
    addRoleAssignment: (input) => {
      const builtIn = ROLES.find((r) => r.abbreviation === input.role && r.roleDefinitionId);
      const guid = builtIn?.roleDefinitionId ?? [...definitions.values()].find((d) => d.roleName === input.role)?.guid;
      if (!guid) throw new Error(`unknown role ${input.role}: add it with addCustomRole first`);
      const name = input.name ?? randomUUID();
      const id = `${input.scope.replace(/\/+$/, '')}/providers/${PROVIDER}/roleAssignments/${name}`;
      assignments.set(lower(id), {
        id,
        name,
        scope: input.scope,
        roleDefinitionGuid: guid,
        principalId: input.principalId,
        principalType: input.principalType,
        createdOn: input.createdOn ?? new Date(),
      });
      return { id, name };
    },
    addCustomRole: (roleName, o = {}) => {
      const guid = (o.guid ?? randomUUID()).toLowerCase();
      definitions.set(guid, { guid, roleName, roleType: 'CustomRole', description: `Custom role ${roleName}` });
      return guid;
    },
    roleAssignment: (id) => assignments.get(lower(id)),
    roleAssignmentIds: () => [...assignments.values()].map((a) => a.id),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
  return fake;
}
