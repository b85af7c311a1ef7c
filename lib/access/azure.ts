/**
 * Azure role assignments through Resource Manager (@azure/arm-authorization, api-version
 * 2022-04-01): reading what is assigned under a project environment's resource group into
 * RoleAssignment rows (source AZURE), and removing one assignment with a confirmation read.
 *
 * Azure counts as configured when the portal has an Azure identity to call ARM with (a service
 * principal or workload identity in AZURE_CLIENT_ID, a managed identity's IDENTITY_ENDPOINT, or
 * an explicit AZURE_ARM_ENDPOINT), or when PORTAL_FAKE_ARM_URL points at the local stand-in
 * (loopback only, fixed token). Tests and the bench set the settings with configureAuthorization.
 */
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { DefaultAzureCredential } from '@azure/identity';
import { StaticTokenCredential } from '@/lib/azure/static-credential';
import { azureSettings } from '@/lib/settings';
import { db } from '@/lib/db';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { ROLES } from '@/lib/catalogue/facts';
import { recordAudit, type AuditActor } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { tryWithAdvisoryLock } from '@/lib/jobs/lock';

type Credential = ConstructorParameters<typeof AuthorizationManagementClient>[0];
export type AuthorizationSettings = {
  endpoint: string;
  credential: Credential;
  retry: { maxRetries: number; retryDelayInMs: number; maxRetryDelayInMs: number };
};

/** The same Resource Manager, credential kind and retry settings as the AML connector (lib/azure/arm-client.ts). */
function settingsFromEnv(): AuthorizationSettings | null {
  const { configured, endpoint, fake, retry } = azureSettings();
  if (!configured) return null;
  return { endpoint, credential: fake ? new StaticTokenCredential() : new DefaultAzureCredential(), retry };
}

const g = globalThis as unknown as { __authzSettings?: AuthorizationSettings | null };

/** The settings in force, or null when Azure is not configured (the portal's records are then the only source). */
export function authorizationSettings(): AuthorizationSettings | null {
  if (g.__authzSettings === undefined) g.__authzSettings = settingsFromEnv();
  return g.__authzSettings;
}

/** Replaces the settings (tests, the bench); null means "not configured"; undefined goes back to the environment's. */
export function configureAuthorization(settings: AuthorizationSettings | null | undefined) {
  g.__authzSettings = settings;
}

export function authorizationClient(subscriptionId: string, settings: AuthorizationSettings) {
  return new AuthorizationManagementClient(settings.credential, subscriptionId, {
    endpoint: settings.endpoint,
    $host: settings.endpoint,
    retryOptions: settings.retry,
    userAgentOptions: { userAgentPrefix: 'ml-governance-portal' },
  });
}

type AzureRoleAssignmentRead = {
  id: string;
  scope: string;
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal' | string;
  roleDefinitionGuid: string;
  roleName: string;
  isCustom: boolean;
  createdOn: Date | null;
};

const guidOf = (roleDefinitionId: string) => roleDefinitionId.split('/').pop()!.toLowerCase();

/** Every role assignment that applies at or below `scope`, with its role's name and kind. */
export async function readAzureRoleAssignments(client: AuthorizationManagementClient, scope: string): Promise<AzureRoleAssignmentRead[]> {
  const definitions = new Map<string, { roleName: string; custom: boolean }>();
  for await (const d of client.roleDefinitions.list(scope))
    if (d.name) definitions.set(d.name.toLowerCase(), { roleName: d.roleName ?? d.name, custom: d.roleType === 'CustomRole' });
  const out: AzureRoleAssignmentRead[] = [];
  for await (const a of client.roleAssignments.listForScope(scope)) {
    if (!a.id || !a.roleDefinitionId || !a.principalId) continue;
    const guid = guidOf(a.roleDefinitionId);
    let def = definitions.get(guid);
    if (!def) {
      const d = await client.roleDefinitions.getById(a.roleDefinitionId);
      def = { roleName: d.roleName ?? guid, custom: d.roleType === 'CustomRole' };
      definitions.set(guid, def);
    }
    out.push({
      id: a.id,
      scope: a.scope ?? scope,
      principalId: a.principalId,
      principalType: a.principalType ?? 'User',
      roleDefinitionGuid: guid,
      roleName: def.roleName,
      isCustom: def.custom,
      createdOn: a.createdOn ?? null,
    });
  }
  return out;
}

const PROVIDER_RESOURCE_TYPES: [RegExp, string][] = [
  [/\/providers\/Microsoft\.MachineLearningServices\/workspaces\//i, 'aml-workspace'],
  [/\/providers\/Microsoft\.KeyVault\/vaults\//i, 'key-vault'],
  [/\/providers\/Microsoft\.ContainerRegistry\/registries\//i, 'container-registry'],
  [/\/providers\/Microsoft\.Storage\/storageAccounts\//i, 'storage-account'],
  [/\/providers\/Microsoft\.OperationalInsights\/workspaces\//i, 'log-analytics'],
  [/\/providers\/Microsoft\.Insights\//i, 'azure-monitor'],
];

/**
 * The matrix resource type a role assignment's scope stands for. At a resource group or above, the
 * role's own family decides (monitoring roles → Azure Monitor, Key Vault roles → Key Vault…);
 * anything else there counts against the workspace, the resource the environment exists for.
 */
export function resourceTypeOfScope(scope: string, roleAbbreviation: string | null): string {
  for (const [re, key] of PROVIDER_RESOURCE_TYPES) if (re.test(`${scope}/`)) return key;
  if (roleAbbreviation === 'MR' || roleAbbreviation === 'MC') return 'azure-monitor';
  if (roleAbbreviation === 'LAR' || roleAbbreviation === 'LAC') return 'log-analytics';
  if (roleAbbreviation === 'KVA' || roleAbbreviation === 'KVR') return 'key-vault';
  if (roleAbbreviation === 'ACRPush') return 'container-registry';
  return 'aml-workspace';
}

export const resourceGroupScope = (subscriptionId: string, resourceGroup: string) =>
  `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;

/** Whether a role assignment lives inside the resource group (removable there) or is inherited from above it. */
function isWithin(scope: string, container: string): boolean {
  const s = scope.toLowerCase();
  const c = container.toLowerCase();
  return s === c || s.startsWith(`${c}/`);
}

type SyncResult = { workspaces: number; read: number; created: number; updated: number; ended: number };

export const accessSyncLockKey = (projectId: string) => `access-sync:${projectId}`;

/**
 * Reads the Azure role assignments under each of the project's workspace resource groups and
 * brings the AZURE-sourced RoleAssignment rows in line: new ones recorded, seen ones touched, ones
 * no longer in Azure ended. One sync per project at a time, across instances (an advisory lock,
 * as the AML sync holds per workspace): a second "Sync from Azure" while one runs is refused with
 * CONFLICT rather than reading Azure twice.
 */
export async function syncProjectRoleAssignments(
  projectId: string,
  actor: AuditActor,
  settings: AuthorizationSettings | null = authorizationSettings(),
  now = new Date(),
): Promise<SyncResult> {
  if (!settings) return { workspaces: 0, read: 0, created: 0, updated: 0, ended: 0 };
  const locked = await tryWithAdvisoryLock(accessSyncLockKey(projectId), () => syncUnderLock(projectId, actor, settings, now));
  if (!locked.acquired)
    throw new AppError('CONFLICT', 'A sync from Azure of this project is already running; its result shows when it finishes.');
  return locked.value;
}

async function syncUnderLock(projectId: string, actor: AuditActor, settings: AuthorizationSettings, now: Date): Promise<SyncResult> {
  const result: SyncResult = { workspaces: 0, read: 0, created: 0, updated: 0, ended: 0 };
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { id: true, implementationId: true } });
  const workspaces = await db().workspace.findMany({ where: { projectId }, include: { environment: true } });
  const resourceTypes = new Map((await db().resourceType.findMany()).map((r) => [r.key, r.id]));
  for (const ws of workspaces) {
    const scope = resourceGroupScope(ws.subscriptionId, ws.resourceGroup);
    const read = await readAzureRoleAssignments(authorizationClient(ws.subscriptionId, settings), scope);
    result.workspaces++;
    result.read += read.length;
    const counts = await recordRead(project, ws.environment.id, ws.environment.key, scope, read, resourceTypes, actor, now);
    result.created += counts.created;
    result.updated += counts.updated;
    result.ended += counts.ended;
  }
  return result;
}

async function recordRead(
  project: { id: string; implementationId: string },
  environmentId: string,
  environmentKey: EnvironmentKey,
  scope: string,
  read: AzureRoleAssignmentRead[],
  resourceTypes: Map<string, string>,
  actor: AuditActor,
  now: Date,
) {
  const ids = (kind: string) => [...new Set(read.filter((r) => r.principalType === kind).map((r) => r.principalId))];
  const [users, groups, services] = await Promise.all([
    db().user.findMany({ where: { entraObjectId: { in: ids('User') } }, select: { id: true, entraObjectId: true, displayName: true } }),
    db().group.findMany({ where: { entraObjectId: { in: ids('Group') } }, select: { id: true, entraObjectId: true, displayName: true } }),
    // The inventory keeps a process identity's app id; Azure reports the service principal's object id.
    db().serviceIdentity.findMany({
      where: { appId: { in: ids('ServicePrincipal') } },
      select: { id: true, appId: true, displayName: true },
    }),
  ]);
  const rows = read.map((r) => {
    const builtIn = r.isCustom ? undefined : ROLES.find((x) => x.roleDefinitionId === r.roleDefinitionGuid);
    const user = r.principalType === 'User' ? users.find((u) => u.entraObjectId === r.principalId) : undefined;
    const group = r.principalType === 'Group' ? groups.find((u) => u.entraObjectId === r.principalId) : undefined;
    const service = r.principalType === 'ServicePrincipal' ? services.find((u) => u.appId === r.principalId) : undefined;
    const principalType = r.principalType === 'Group' ? 'GROUP' : r.principalType === 'ServicePrincipal' ? 'SERVICE' : 'USER';
    return {
      implementationId: project.implementationId,
      projectId: project.id,
      environmentId,
      resourceTypeId: resourceTypes.get(resourceTypeOfScope(r.scope, builtIn?.abbreviation ?? null))!,
      scope: r.scope,
      principalType,
      userId: user?.id ?? null,
      groupId: group?.id ?? null,
      serviceIdentityId: service?.id ?? null,
      principalObjectId: r.principalId,
      principalName:
        user?.displayName ?? group?.displayName ?? service?.displayName ?? `Unknown ${r.principalType.toLowerCase()} ${r.principalId}`,
      roleAbbreviation: builtIn?.abbreviation ?? null,
      roleName: r.roleName,
      isCustom: r.isCustom,
      roleDefinitionGuid: r.roleDefinitionGuid,
      source: 'AZURE',
      azureRoleAssignmentId: r.id.toLowerCase(),
      validFrom: r.createdOn ?? now,
      lastSeenInAzureAt: now,
    } as const;
  });
  return db().$transaction(async (tx) => {
    const created = await tx.roleAssignment.createMany({ data: rows, skipDuplicates: true });
    const seen = rows.map((r) => r.azureRoleAssignmentId);
    const updated = await tx.roleAssignment.updateMany({
      where: { azureRoleAssignmentId: { in: seen }, endedAt: null },
      data: { lastSeenInAzureAt: now },
    });
    const gone = await tx.roleAssignment.findMany({
      where: { projectId: project.id, environmentId, source: 'AZURE', endedAt: null, azureRoleAssignmentId: { notIn: seen } },
      select: { id: true, scope: true },
    });
    // Anything at, below or above this resource group would have been in the read.
    const endedIds = gone.filter((r) => isWithin(r.scope, scope) || isWithin(scope, r.scope)).map((r) => r.id);
    if (endedIds.length)
      await tx.roleAssignment.updateMany({
        where: { id: { in: endedIds }, endedAt: null },
        data: { endedAt: now, endedReason: 'No longer assigned in Azure' },
      });
    await recordAudit(tx, {
      actor,
      action: 'access.azure_synced',
      target: { type: 'project', id: project.id },
      projectId: project.id,
      data: {
        environment: environmentKey,
        scope,
        read: read.length,
        created: created.count,
        ended: endedIds.length,
        endedIds: endedIds.slice(0, 200),
      },
    });
    return { created: created.count, updated: updated.count - created.count, ended: endedIds.length };
  });
}

type RemovalOutcome =
  | { outcome: 'confirmed'; detail: string }
  | { outcome: 'retry'; retryAfterMs: number | null; detail: string }
  | { outcome: 'task'; detail: string };

function statusOf(e: unknown): number | undefined {
  return typeof e === 'object' && e !== null && 'statusCode' in e ? (e as { statusCode?: number }).statusCode : undefined;
}

function retryAfterOf(e: unknown): number | null {
  const headers = (e as { response?: { headers?: { get(name: string): string | undefined } } }).response?.headers;
  const raw = headers?.get('retry-after');
  if (raw === undefined) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 500);

/**
 * Deletes one role assignment and confirms it is gone by reading it back (404). Throttling and
 * server errors ask for a retry (with Retry-After when ARM gives one); a refusal (401/403) becomes a
 * task for someone with the rights; anything else is retried.
 */
export async function removeAzureRoleAssignment(settings: AuthorizationSettings, azureRoleAssignmentId: string): Promise<RemovalOutcome> {
  const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(azureRoleAssignmentId)?.[1];
  if (!subscriptionId) return { outcome: 'task', detail: `Not a subscription-scoped role assignment id: ${azureRoleAssignmentId}` };
  const client = authorizationClient(subscriptionId, settings);
  const classify = (e: unknown, step: string): RemovalOutcome => {
    const status = statusOf(e);
    if (status === 401 || status === 403)
      return { outcome: 'task', detail: `Azure refused to ${step} the role assignment (${status}): ${messageOf(e)}` };
    return {
      outcome: 'retry',
      retryAfterMs: status === 429 || status === 503 ? retryAfterOf(e) : null,
      detail: `${step} failed (${status ?? 'no answer'}): ${messageOf(e)}`,
    };
  };
  try {
    await client.roleAssignments.deleteById(azureRoleAssignmentId);
  } catch (e) {
    if (statusOf(e) !== 404) return classify(e, 'delete');
  }
  try {
    await client.roleAssignments.getById(azureRoleAssignmentId);
    return { outcome: 'retry', retryAfterMs: null, detail: 'The role assignment is still there after the delete.' };
  } catch (e) {
    if (statusOf(e) === 404) return { outcome: 'confirmed', detail: 'Deleted in Azure and confirmed gone.' };
    return classify(e, 'confirm the removal of');
  }
}

/** The nightly read of every project's Azure role assignments (no-op when Azure is not configured). */
export async function syncAllProjectRoleAssignments(actor: AuditActor, settings: AuthorizationSettings | null = authorizationSettings()) {
  const totals: SyncResult & { projects: number; failed: { projectId: string; error: string }[] } = {
    projects: 0,
    workspaces: 0,
    read: 0,
    created: 0,
    updated: 0,
    ended: 0,
    failed: [],
  };
  if (!settings) return totals;
  const projects = await db().project.findMany({
    where: { lifecycle: { not: 'RETIRED' }, workspaces: { some: {} } },
    select: { id: true },
  });
  for (const p of projects) {
    try {
      const r = await syncProjectRoleAssignments(p.id, actor, settings);
      totals.projects++;
      totals.workspaces += r.workspaces;
      totals.read += r.read;
      totals.created += r.created;
      totals.updated += r.updated;
      totals.ended += r.ended;
    } catch (e) {
      // One project's failure (a denied subscription, say) does not stop the others; the next run retries.
      totals.failed.push({ projectId: p.id, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return totals;
}
