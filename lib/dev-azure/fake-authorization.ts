/**
 * A local stand-in for the Microsoft.Authorization endpoints that just-in-time enforcement calls,
 * over HTTPS (lib/dev-tls certificate, trusted through NODE_EXTRA_CA_CERTS) so the real
 * @azure/arm-authorization client runs with its production pipeline:
 * - PUT  {scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{name}  (2020-10-01)
 * - GET  {scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{name}
 * - POST {scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{name}/cancel
 * - GET  {scope}/providers/Microsoft.Authorization/roleAssignments?$filter=principalId eq '…'  (2022-04-01)
 *
 * It keeps role assignments in memory with their end times (and drops them when they pass, as
 * Azure does), answers errors as `{ error: { code, message } }`, and lets tests inject faults
 * (429 with Retry-After, 5xx) and read back every request. `handleAuthorizationRequest` can also
 * be mounted in a larger ARM stand-in. Tests, the bench and the demo only; never production.
 */
import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

export type RecordedRequest = { method: string; path: string; query: Record<string, string>; status: number; body?: unknown; authorization: string | null };

type Fault = { status: number; remaining: number; retryAfterSeconds?: number; match?: (r: { method: string; path: string }) => boolean };

export type FakeAuthorizationState = {
  assignments: FakeAssignment[];
  requests: Map<string, ScheduleRequest>;
  log: RecordedRequest[];
  faults: Fault[];
  now: () => Date;
};

export function newAuthorizationState(now: () => Date = () => new Date()): FakeAuthorizationState {
  return { assignments: [], requests: new Map(), log: [], faults: [], now };
}

const lower = (s: string) => s.toLowerCase();
const norm = (scope: string) => `/${scope.replace(/^\/+/, '').replace(/\/+$/, '')}`;

function live(state: FakeAuthorizationState): FakeAssignment[] {
  const t = state.now().getTime();
  state.assignments = state.assignments.filter((a) => !a.endsAt || a.endsAt.getTime() > t);
  return state.assignments;
}

function find(state: FakeAuthorizationState, scope: string, principalId: string, roleDefinitionId: string) {
  return live(state).find(
    (a) => lower(a.scope) === lower(scope) && lower(a.principalId) === lower(principalId) && lower(a.roleDefinitionId) === lower(roleDefinitionId),
  );
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': randomUUID(), ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

const error = (res: ServerResponse, status: number, code: string, message: string, headers?: Record<string, string>) =>
  send(res, status, { error: { code, message } }, headers);

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

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { __invalid: text };
  }
}

const SCHEDULE = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignmentScheduleRequests\/([0-9a-f-]{36})(\/cancel)?$/i;
const ASSIGNMENTS = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments$/i;

/** Answers one request if it is for these endpoints; returns false otherwise (for mounting). */
export async function handleAuthorizationRequest(state: FakeAuthorizationState, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'https://localhost');
  const path = url.pathname.replace(/\/{2,}/g, '/');
  const schedule = SCHEDULE.exec(path);
  const assignments = ASSIGNMENTS.exec(path);
  if (!schedule && !assignments) return false;
  const method = req.method ?? 'GET';
  const query = Object.fromEntries(url.searchParams);
  const body = method === 'PUT' || method === 'POST' ? await readBody(req) : undefined;
  const record = (status: number) =>
    state.log.push({ method, path, query, status, body, authorization: req.headers.authorization ?? null });

  if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
    record(401);
    error(res, 401, 'AuthenticationFailed', 'Authentication failed. The Authorization header is missing.');
    return true;
  }
  const fault = state.faults.find((f) => f.remaining > 0 && (!f.match || f.match({ method, path })));
  if (fault) {
    fault.remaining--;
    record(fault.status);
    const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
    if (fault.status === 429) error(res, 429, 'TooManyRequests', 'The request is being throttled.', headers);
    else error(res, fault.status, 'InternalServerError', 'Encountered internal server error.', headers);
    return true;
  }

  if (schedule) {
    const expected = SCHEDULE_REQUESTS_API_VERSION;
    if (query['api-version'] !== expected) {
      record(400);
      error(res, 400, 'InvalidApiVersionParameter', `The api-version '${query['api-version']}' is invalid. Use ${expected}.`);
      return true;
    }
    const scope = norm(schedule[1]!);
    const name = schedule[2]!;
    if (schedule[3]) {
      const existing = state.requests.get(lower(name));
      if (method !== 'POST' || !existing) {
        record(404);
        error(res, 404, 'RoleAssignmentScheduleRequestNotFound', 'The role assignment schedule request was not found.');
        return true;
      }
      if (existing.status !== 'Granted' && existing.status !== 'PendingProvisioning') {
        record(400);
        error(res, 400, 'RoleAssignmentScheduleRequestCannotBeCancelled', `A request in status ${existing.status} cannot be cancelled.`);
        return true;
      }
      existing.status = 'Canceled';
      state.assignments = state.assignments.filter((a) => a.id !== existing.assignmentId);
      record(200);
      send(res, 200);
      return true;
    }
    if (method === 'GET') {
      const existing = state.requests.get(lower(name));
      record(existing ? 200 : 404);
      if (existing) send(res, 200, requestResource(existing));
      else error(res, 404, 'RoleAssignmentScheduleRequestNotFound', 'The role assignment schedule request was not found.');
      return true;
    }
    if (method !== 'PUT') {
      record(405);
      error(res, 405, 'MethodNotAllowed', `${method} is not supported here.`);
      return true;
    }
    const p = (body as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
    const requestType = String(p.requestType ?? '');
    const principalId = String(p.principalId ?? '');
    const roleDefinitionId = String(p.roleDefinitionId ?? '');
    const info = (p.scheduleInfo ?? {}) as { startDateTime?: string; expiration?: { type?: string; endDateTime?: string; duration?: string } };
    const ticket = (p.ticketInfo ?? {}) as { ticketNumber?: string };
    if (!principalId || !roleDefinitionId || !requestType) {
      record(400);
      error(res, 400, 'InvalidRequest', 'principalId, roleDefinitionId and requestType are required.');
      return true;
    }
    if (!/^\/subscriptions\/[^/]+\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/i.test(roleDefinitionId)) {
      record(400);
      error(res, 400, 'InvalidRoleDefinitionId', `The role definition id '${roleDefinitionId}' is not valid.`);
      return true;
    }
    if (state.requests.has(lower(name))) {
      record(409);
      error(res, 409, 'RoleAssignmentRequestExists', 'A role assignment schedule request with this name already exists.');
      return true;
    }
    const startsAt = info.startDateTime ? new Date(info.startDateTime) : state.now();
    const endsAt = info.expiration?.endDateTime ? new Date(info.expiration.endDateTime) : null;
    const current = find(state, scope, principalId, roleDefinitionId);
    let status = 'Provisioned';
    let assignmentId: string | undefined;
    if (requestType === 'AdminAssign' || requestType === 'SelfActivate') {
      if (current) {
        record(409);
        error(res, 409, 'RoleAssignmentExists', 'The role assignment already exists.');
        return true;
      }
      if (!endsAt) {
        record(400);
        error(res, 400, 'ExpirationRuleValidationFailed', 'An expiration is required for this role (policy: no permanent active assignments).');
        return true;
      }
      if (startsAt.getTime() > state.now().getTime() + 60_000) status = 'Granted';
      assignmentId = `${scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`;
      state.assignments.push({
        id: assignmentId,
        scope,
        principalId,
        roleDefinitionId,
        startsAt,
        endsAt,
      });
    } else if (requestType === 'AdminExtend' || requestType === 'AdminRenew' || requestType === 'AdminUpdate' || requestType === 'SelfExtend') {
      if (!current) {
        record(400);
        error(res, 400, 'RoleAssignmentDoesNotExist', 'The role assignment to extend does not exist.');
        return true;
      }
      current.endsAt = endsAt;
    } else if (requestType === 'AdminRemove' || requestType === 'SelfDeactivate') {
      if (!current) {
        record(400);
        error(res, 400, 'RoleAssignmentDoesNotExist', 'The role assignment does not exist.');
        return true;
      }
      state.assignments = state.assignments.filter((a) => a !== current);
      status = 'Revoked';
    } else {
      record(400);
      error(res, 400, 'InvalidRequestType', `Unknown requestType ${requestType}.`);
      return true;
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
    record(201);
    send(res, 201, requestResource(stored));
    return true;
  }

  if (method !== 'GET') {
    record(405);
    error(res, 405, 'MethodNotAllowed', `${method} is not supported here.`);
    return true;
  }
  if (query['api-version'] !== ROLE_ASSIGNMENTS_API_VERSION) {
    record(400);
    error(res, 400, 'InvalidApiVersionParameter', `The api-version '${query['api-version']}' is invalid.`);
    return true;
  }
  const scope = lower(norm(assignments![1]!));
  const principal = /principalId eq '([^']+)'/i.exec(query.$filter ?? '')?.[1];
  const value = live(state)
    .filter((a) => (principal ? lower(a.principalId) === lower(principal) : lower(a.scope) === scope))
    .filter((a) => lower(a.scope).startsWith(scope) || scope.startsWith(lower(a.scope)))
    .map(assignmentResource);
  record(200);
  send(res, 200, { value });
  return true;
}

export type FakeAuthorization = {
  url: string;
  state: FakeAuthorizationState;
  /** Live role assignments (expired ones dropped). */
  assignments(): FakeAssignment[];
  /** The next `times` matching requests answer `status` (429 with Retry-After when given). */
  fail(opts: { status: number; times: number; retryAfterSeconds?: number; match?: string | RegExp }): void;
  /** A standing assignment made outside the portal. */
  addStandingAssignment(a: Omit<FakeAssignment, 'id' | 'startsAt' | 'endsAt' | 'standing'>): void;
  reset(): void;
  stop(): Promise<void>;
};

export async function startFakeAuthorization(opts: { key: string; cert: string; port?: number; now?: () => Date }): Promise<FakeAuthorization> {
  const state = newAuthorizationState(opts.now);
  const server = https.createServer({ key: opts.key, cert: opts.cert }, (req, res) => {
    handleAuthorizationRequest(state, req, res)
      .then((handled) => {
        if (!handled) error(res, 404, 'NoRegisteredProviderFound', `No route for ${req.method} ${req.url}`);
      })
      .catch((e: unknown) => error(res, 500, 'InternalServerError', e instanceof Error ? e.message : String(e)));
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
        match: match === undefined ? undefined : (r) => (typeof match === 'string' ? r.path.includes(match) : match.test(`${r.method} ${r.path}`)),
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
