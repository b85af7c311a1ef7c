/**
 * A local stand-in for the Microsoft.Authorization endpoints that just-in-time enforcement calls,
 * over HTTPS (dev/tls certificate, trusted through NODE_EXTRA_CA_CERTS) so the real
 * @azure/arm-authorization client runs with its production pipeline:
 * - PUT  {scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{name}  (2020-10-01)
 * - GET  {scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{name}
 * - POST {scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{name}/cancel
 * - GET  {scope}/providers/Microsoft.Authorization/roleAssignments?$filter=principalId eq '…'  (2022-04-01)
 *
 * It keeps role assignments in memory with their end times (and drops them when they pass, as
 * Azure does), answers errors as `{ error: { code, message } }`, and lets tests inject faults
 * (429 with Retry-After, 5xx) and read back every request. `pimRoute` is also mounted in
 * the demo's ARM stand-in (dev/azure/fake-arm.ts). Tests, the bench and the demo only.
 */
import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export const SCHEDULE_REQUESTS_API_VERSION = '2020-10-01';
export const ROLE_ASSIGNMENTS_API_VERSION = '2022-04-01';

export type FakeAssignment = {
  id: string;
  scope: string;
  principalId: string;
  roleDefinitionId: string;
  startsAt: Date;
  endsAt: Date | null;
  /** Made outside the portal (a standing assignment), for tests. */
  standing?: boolean;
};

type ScheduleRequest = {
  name: string;
  scope: string;
  requestType: string;
  principalId: string;
  roleDefinitionId: string;
  status: string;
  createdOn: Date;
  startsAt: Date | null;
  endsAt: Date | null;
  justification?: string;
  ticketNumber?: string;
  assignmentId?: string;
};

export type RecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  body?: unknown;
  authorization: string | null;
};

type Fault = { status: number; remaining: number; retryAfterSeconds?: number; match?: (r: { method: string; path: string }) => boolean };

export type FakePimState = {
  assignments: FakeAssignment[];
  requests: Map<string, ScheduleRequest>;
  log: RecordedRequest[];
  faults: Fault[];
  now: () => Date;
};

export function newPimState(now: () => Date = () => new Date()): FakePimState {
  return { assignments: [], requests: new Map(), log: [], faults: [], now };
}

const lower = (s: string) => s.toLowerCase();
const norm = (scope: string) => `/${scope.replace(/^\/+/, '').replace(/\/+$/, '')}`;

function live(state: FakePimState): FakeAssignment[] {
  const t = state.now().getTime();
  state.assignments = state.assignments.filter((a) => !a.endsAt || a.endsAt.getTime() > t);
  return state.assignments;
}

function find(state: FakePimState, scope: string, principalId: string, roleDefinitionId: string) {
  return live(state).find(
    (a) =>
      lower(a.scope) === lower(scope) &&
      lower(a.principalId) === lower(principalId) &&
      lower(a.roleDefinitionId) === lower(roleDefinitionId),
  );
}

export type FakeRouteRequest = { method: string; path: string; query: Record<string, string>; body: unknown; authorization: string | null };
export type FakeRouteResponse = { status: number; json?: unknown; headers?: Record<string, string> };

const error = (status: number, code: string, message: string, headers?: Record<string, string>): FakeRouteResponse => ({
  status,
  json: { error: { code, message } },
  headers,
});

function requestResource(r: ScheduleRequest) {
  return {
    id: `${r.scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${r.name}`,
    name: r.name,
    type: 'Microsoft.Authorization/RoleAssignmentScheduleRequests',
    properties: {
      scope: r.scope,
      roleDefinitionId: r.roleDefinitionId,
      principalId: r.principalId,
      principalType: 'User',
      requestType: r.requestType,
      status: r.status,
      createdOn: r.createdOn.toISOString(),
      justification: r.justification,
      ...(r.ticketNumber ? { ticketInfo: { ticketNumber: r.ticketNumber, ticketSystem: 'ML Governance Portal' } } : {}),
      scheduleInfo: {
        startDateTime: r.startsAt?.toISOString(),
        expiration: r.endsAt ? { type: 'AfterDateTime', endDateTime: r.endsAt.toISOString() } : { type: 'NoExpiration' },
      },
    },
  };
}

function assignmentResource(a: FakeAssignment) {
  return {
    id: a.id,
    name: a.id.split('/').at(-1),
    type: 'Microsoft.Authorization/roleAssignments',
    properties: { scope: a.scope, roleDefinitionId: a.roleDefinitionId, principalId: a.principalId, principalType: 'User' },
  };
}

const SCHEDULE = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignmentScheduleRequests\/([0-9a-f-]{36})(\/cancel)?$/i;
const ASSIGNMENTS = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments$/i;

/**
 * Answers one request if it is for these endpoints, or null (so a larger ARM stand-in can mount it
 * beside its own routes, see FakeArmOptions.routes).
 */
export function pimRoute(state: FakePimState) {
  return (r: FakeRouteRequest): FakeRouteResponse | null => {
    const path = r.path.replace(/\/{2,}/g, '/');
    const schedule = SCHEDULE.exec(path);
    const assignments = ASSIGNMENTS.exec(path);
    if (!schedule && !assignments) return null;
    const out = answer(state, { ...r, path }, schedule, assignments);
    state.log.push({ method: r.method, path, query: r.query, status: out.status, body: r.body, authorization: r.authorization });
    return out;
  };
}

function answer(
  state: FakePimState,
  r: FakeRouteRequest,
  schedule: RegExpExecArray | null,
  assignments: RegExpExecArray | null,
): FakeRouteResponse {
  const { method, query, body } = r;
  if (!/^Bearer \S+/.test(r.authorization ?? ''))
    return error(401, 'AuthenticationFailed', 'Authentication failed. The Authorization header is missing.');
  const fault = state.faults.find((f) => f.remaining > 0 && (!f.match || f.match({ method, path: r.path })));
  if (fault) {
    fault.remaining--;
    const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
    if (fault.status === 429) return error(429, 'TooManyRequests', 'The request is being throttled.', headers);
    return error(fault.status, 'InternalServerError', 'Encountered internal server error.', headers);
  }

  if (schedule) {
    if (query['api-version'] !== SCHEDULE_REQUESTS_API_VERSION)
      return error(
        400,
        'InvalidApiVersionParameter',
        `The api-version '${query['api-version']}' is invalid. Use ${SCHEDULE_REQUESTS_API_VERSION}.`,
      );
    const scope = norm(schedule[1]!);
    const name = schedule[2]!;
    if (schedule[3]) {
      const existing = state.requests.get(lower(name));
      if (method !== 'POST' || !existing)
        return error(404, 'RoleAssignmentScheduleRequestNotFound', 'The role assignment schedule request was not found.');
      if (existing.status !== 'Granted' && existing.status !== 'PendingProvisioning')
        return error(400, 'RoleAssignmentScheduleRequestCannotBeCancelled', `A request in status ${existing.status} cannot be cancelled.`);
      existing.status = 'Canceled';
      state.assignments = state.assignments.filter((a) => a.id !== existing.assignmentId);
      return { status: 200 };
    }
    if (method === 'GET') {
      const existing = state.requests.get(lower(name));
      return existing
        ? { status: 200, json: requestResource(existing) }
        : error(404, 'RoleAssignmentScheduleRequestNotFound', 'The role assignment schedule request was not found.');
    }
    if (method !== 'PUT') return error(405, 'MethodNotAllowed', `${method} is not supported here.`);
    const p = (body as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
    const requestType = String(p.requestType ?? '');
    const principalId = String(p.principalId ?? '');
    const roleDefinitionId = String(p.roleDefinitionId ?? '');
    const info = (p.scheduleInfo ?? {}) as {
      startDateTime?: string;
      expiration?: { type?: string; endDateTime?: string; duration?: string };
    };
    const ticket = (p.ticketInfo ?? {}) as { ticketNumber?: string };
    if (!principalId || !roleDefinitionId || !requestType)
      return error(400, 'InvalidRequest', 'principalId, roleDefinitionId and requestType are required.');
    if (!/^\/subscriptions\/[^/]+\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/i.test(roleDefinitionId))
      return error(400, 'InvalidRoleDefinitionId', `The role definition id '${roleDefinitionId}' is not valid.`);
    if (state.requests.has(lower(name)))
      return error(409, 'RoleAssignmentRequestExists', 'A role assignment schedule request with this name already exists.');
    const startsAt = info.startDateTime ? new Date(info.startDateTime) : state.now();
    const endsAt = info.expiration?.endDateTime ? new Date(info.expiration.endDateTime) : null;
    const current = find(state, scope, principalId, roleDefinitionId);
    let status = 'Provisioned';
    let assignmentId: string | undefined;
    if (requestType === 'AdminAssign' || requestType === 'SelfActivate') {
      if (current) return error(409, 'RoleAssignmentExists', 'The role assignment already exists.');
      if (!endsAt)
        return error(
          400,
          'ExpirationRuleValidationFailed',
          'An expiration is required for this role (policy: no permanent active assignments).',
        );
      if (startsAt.getTime() > state.now().getTime() + 60_000) status = 'Granted';
      assignmentId = `${scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`;
      state.assignments.push({ id: assignmentId, scope, principalId, roleDefinitionId, startsAt, endsAt });
    } else if (
      requestType === 'AdminExtend' ||
      requestType === 'AdminRenew' ||
      requestType === 'AdminUpdate' ||
      requestType === 'SelfExtend'
    ) {
      if (!current) return error(400, 'RoleAssignmentDoesNotExist', 'The role assignment to extend does not exist.');
      current.endsAt = endsAt;
    } else if (requestType === 'AdminRemove' || requestType === 'SelfDeactivate') {
      if (!current) return error(400, 'RoleAssignmentDoesNotExist', 'The role assignment does not exist.');
      state.assignments = state.assignments.filter((a) => a !== current);
      status = 'Revoked';
    } else {
      return error(400, 'InvalidRequestType', `Unknown requestType ${requestType}.`);
    }
    const stored: ScheduleRequest = {
      name,
      scope,
      requestType,
      principalId,
      roleDefinitionId,
      status,
      createdOn: state.now(),
      startsAt,
      endsAt,
      justification: typeof p.justification === 'string' ? p.justification : undefined,
      ticketNumber: ticket.ticketNumber,
      assignmentId,
    };
    state.requests.set(lower(name), stored);
    return { status: 201, json: requestResource(stored) };
  }

  if (method !== 'GET') return error(405, 'MethodNotAllowed', `${method} is not supported here.`);
  if (query['api-version'] !== ROLE_ASSIGNMENTS_API_VERSION)
    return error(400, 'InvalidApiVersionParameter', `The api-version '${query['api-version']}' is invalid.`);
  const scope = lower(norm(assignments![1]!));
  const principal = /principalId eq '([^']+)'/i.exec(query.$filter ?? '')?.[1];
  const value = live(state)
    .filter((a) => (principal ? lower(a.principalId) === lower(principal) : lower(a.scope) === scope))
    .filter((a) => lower(a.scope).startsWith(scope) || scope.startsWith(lower(a.scope)))
    .map(assignmentResource);
  return { status: 200, json: { value } };
}

export type FakePim = {
  url: string;
  state: FakePimState;
  /** Live role assignments (expired ones dropped). */
  assignments(): FakeAssignment[];
  /** The next `times` matching requests answer `status` (429 with Retry-After when given). */
  fail(opts: { status: number; times: number; retryAfterSeconds?: number; match?: string | RegExp }): void;
  /** A standing assignment made outside the portal. */
  addStandingAssignment(a: Omit<FakeAssignment, 'id' | 'startsAt' | 'endsAt' | 'standing'>): void;
  reset(): void;
  stop(): Promise<void>;
};

export async function startFakePim(opts: { key: string; cert: string; port?: number; now?: () => Date }): Promise<FakePim> {
  const state = newPimState(opts.now);
  const route = pimRoute(state);
  const server = https.createServer({ key: opts.key, cert: opts.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const out =
        route({
          method: req.method ?? 'GET',
          path: decodeURIComponent(url.pathname),
          query: Object.fromEntries(url.searchParams),
          body,
          authorization: req.headers.authorization ?? null,
        }) ?? error(404, 'NoRegisteredProviderFound', `No route for ${req.method} ${url.pathname}`);
      res.writeHead(out.status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': randomUUID(), ...out.headers });
      res.end(out.json === undefined ? '' : JSON.stringify(out.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    state,
    assignments: () => [...live(state)],
    fail: ({ status, times, retryAfterSeconds, match }) =>
      state.faults.push({
        status,
        remaining: times,
        retryAfterSeconds,
        match:
          match === undefined
            ? undefined
            : (r) => (typeof match === 'string' ? r.path.includes(match) : match.test(`${r.method} ${r.path}`)),
      }),
    addStandingAssignment: (a) =>
      state.assignments.push({
        ...a,
        scope: norm(a.scope),
        id: `${norm(a.scope)}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`,
        startsAt: state.now(),
        endsAt: null,
        standing: true,
      }),
    reset: () => {
      state.assignments = [];
      state.requests.clear();
      state.log.length = 0;
      state.faults.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
