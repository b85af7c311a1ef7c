/**
 * Azure enforcement of just-in-time grants through Privileged Identity Management: a role
 * assignment schedule request (@azure/arm-authorization, api-version 2020-10-01) assigns the role
 * with an expiration, so Azure itself ends the access even if the portal is down; removal is an
 * AdminRemove request, then a read of the scope's role assignments confirms the role is gone.
 *
 * Retries are not done inside a call (the client's own retry policy is off): a failed call goes
 * back to the durable queue in lib/jit/jobs.ts with exponential backoff, which survives restarts.
 */
import { randomUUID } from 'node:crypto';
import { AuthorizationManagementClient, type RoleAssignmentScheduleRequest } from '@azure/arm-authorization';
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { armSettings } from '@/lib/azure/arm-client';
import { StaticTokenCredential } from '@/lib/azure/static-credential';
import { jitSettings } from '@/lib/jit/settings';

type PimOperation = {
  kind: 'ASSIGN' | 'EXTEND' | 'REMOVE';
  /** The schedule request's name (a GUID), new for each attempt. */
  requestName: string;
  scope: string;
  principalId: string;
  roleDefinitionId: string;
  startsAt: Date | null;
  endsAt: Date | null;
  justification: string;
  ticket: string | null;
};

/** What Azure did: 'already-assigned' means the principal held the role there before this call. */
export type PimOutcome = 'assigned' | 'already-assigned' | 'extended' | 'removed' | 'already-removed';

/** The calls the portal makes to Azure PIM. */
export interface PimClient {
  apply(op: PimOperation): Promise<PimOutcome>;
}

/** Why a call failed, and whether trying again later may help. */
type PimFailure = { transient: boolean; status?: number; code?: string; message: string; retryAfterMs?: number };

type RestLike = Error & { statusCode?: number; code?: string; response?: { headers?: { get(name: string): string | undefined } } };

export function classifyPimError(e: unknown): PimFailure {
  const err = e as RestLike;
  const status = typeof err?.statusCode === 'number' ? err.statusCode : undefined;
  const message = (err?.message ?? String(e)).split('\n')[0]!.slice(0, 500);
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const raw = err?.response?.headers?.get('retry-after');
  const retryAfterMs = raw !== undefined && raw !== null && Number.isFinite(Number(raw)) ? Number(raw) * 1000 : undefined;
  if (status === undefined) return { transient: true, code, message };
  if (status === 429 || status === 408 || status >= 500) return { transient: true, status, code, message, retryAfterMs };
  return { transient: false, status, code, message };
}

/** `/subscriptions/<id>` of an ARM scope. */
export function subscriptionOf(scope: string): string {
  const m = /^\/subscriptions\/([^/]+)/i.exec(scope);
  if (!m) throw new Error(`not an Azure Resource Manager scope: ${scope}`);
  return m[1]!;
}

export function roleDefinitionResourceId(scope: string, roleDefinitionGuid: string): string {
  return `/subscriptions/${subscriptionOf(scope)}/providers/Microsoft.Authorization/roleDefinitions/${roleDefinitionGuid}`;
}

const isLoopback = (url: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);

export class ArmPimClient implements PimClient {
  private readonly clients = new Map<string, AuthorizationManagementClient>();

  constructor(
    private readonly endpoint: string,
    private readonly credential: TokenCredential = isLoopback(endpoint) ? new StaticTokenCredential() : new DefaultAzureCredential(),
  ) {}

  private client(scope: string): AuthorizationManagementClient {
    const sub = subscriptionOf(scope);
    let c = this.clients.get(sub);
    if (!c) {
      c = new AuthorizationManagementClient(this.credential, sub, {
        endpoint: this.endpoint,
        $host: this.endpoint,
        retryOptions: { maxRetries: 0 },
        userAgentOptions: { userAgentPrefix: 'ml-governance-portal-jit' },
      });
      this.clients.set(sub, c);
    }
    return c;
  }

  async apply(op: PimOperation): Promise<PimOutcome> {
    const client = this.client(op.scope);
    // The SDK joins host and scope with a slash of its own.
    const scope = op.scope.replace(/^\/+/, '');
    const name = op.requestName;
    const body: RoleAssignmentScheduleRequest = {
      principalId: op.principalId,
      roleDefinitionId: op.roleDefinitionId,
      requestType: op.kind === 'ASSIGN' ? 'AdminAssign' : op.kind === 'EXTEND' ? 'AdminExtend' : 'AdminRemove',
      justification: op.justification.slice(0, 500),
      ...(op.ticket ? { ticketInfo: { ticketNumber: op.ticket, ticketSystem: 'ML Governance Portal' } } : {}),
      ...(op.kind !== 'REMOVE'
        ? {
            scheduleInfo: {
              startDateTime: op.startsAt ?? new Date(),
              expiration: { type: 'AfterDateTime', endDateTime: op.endsAt ?? undefined },
            },
          }
        : {}),
    };
    try {
      await client.roleAssignmentScheduleRequests.create(scope, name, body);
    } catch (e) {
      const f = classifyPimError(e);
      // Already in the wanted state: a retry after a call whose answer was lost, or Azure's own expiry.
      if (op.kind === 'ASSIGN' && f.code === 'RoleAssignmentExists') return 'already-assigned';
      if (op.kind === 'REMOVE' && f.code === 'RoleAssignmentDoesNotExist') {
        await this.verifyRemoved(op);
        return 'already-removed';
      }
      if (op.kind === 'EXTEND' && f.code === 'RoleAssignmentDoesNotExist')
        return this.apply({ ...op, kind: 'ASSIGN', requestName: randomUUID() });
      throw e;
    }
    if (op.kind === 'REMOVE') await this.verifyRemoved(op);
    return op.kind === 'ASSIGN' ? 'assigned' : op.kind === 'EXTEND' ? 'extended' : 'removed';
  }

  /** Revocation must really end access: the principal must no longer hold the role at the scope. */
  private async verifyRemoved(op: PimOperation): Promise<void> {
    const client = this.client(op.scope);
    const scope = op.scope.replace(/^\/+/, '');
    for await (const a of client.roleAssignments.listForScope(scope, { filter: `principalId eq '${op.principalId}'` })) {
      if (a.roleDefinitionId?.toLowerCase() === op.roleDefinitionId.toLowerCase() && a.scope?.toLowerCase() === op.scope.toLowerCase()) {
        throw Object.assign(new Error('Azure still lists the role assignment after removal'), { statusCode: 503, code: 'StillAssigned' });
      }
    }
  }
}

/**
 * The PIM client the configuration asks for, or null when Azure enforcement is off. It talks to
 * the same Resource Manager, with the same credential, as the AML connector (lib/azure/arm-client:
 * AZURE_ARM_ENDPOINT and DefaultAzureCredential, or the local stand-in).
 */
export function configuredPimClient(): PimClient | null {
  if (!jitSettings().JIT_AZURE_ENFORCEMENT) return null;
  const { endpoint, credential } = armSettings();
  const g = globalThis as unknown as { __jitPim?: { endpoint: string; credential: TokenCredential; client: PimClient } };
  if (g.__jitPim?.endpoint !== endpoint || g.__jitPim.credential !== credential)
    g.__jitPim = { endpoint, credential, client: new ArmPimClient(endpoint, credential) };
  return g.__jitPim.client;
}

export function azureEnforcementEnabled(): boolean {
  return jitSettings().JIT_AZURE_ENFORCEMENT;
}
