/**
 * Azure resource ids of AML workspaces, parsed and built. ARM ids are case-insensitive: compare
 * with `resourceKey`, display what ARM returned.
 */
export const AML_PROVIDER = 'Microsoft.MachineLearningServices';

export type WorkspaceCoordinates = { subscriptionId: string; resourceGroup: string; workspaceName: string };

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ARM: 1–90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period. */
export const RESOURCE_GROUP = /^[\p{L}\p{N}_\-.()]{1,90}$/u;
/** AML: 3–33 letters, digits, hyphens and underscores, starting with a letter or digit. */
export const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,32}$/;

export const RESOURCE_ID_SHAPE =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}';

export function coordinateProblems(c: WorkspaceCoordinates): string[] {
  const problems: string[] = [];
  if (!GUID.test(c.subscriptionId)) problems.push(`the subscription id '${c.subscriptionId}' is not a GUID`);
  if (!RESOURCE_GROUP.test(c.resourceGroup) || c.resourceGroup.endsWith('.')) {
    problems.push(`'${c.resourceGroup}' is not a valid resource group name (1–90 letters, digits, _ - . ( ), not ending in a period)`);
  }
  if (!WORKSPACE_NAME.test(c.workspaceName)) {
    problems.push(`'${c.workspaceName}' is not a valid workspace name (3–33 letters, digits, - and _, starting with a letter or digit)`);
  }
  return problems;
}

export type ParseResult = { ok: true; value: WorkspaceCoordinates } | { ok: false; error: string };

export function parseWorkspaceResourceId(raw: string): ParseResult {
  const id = raw.trim().replace(/\/+$/, '');
  const fail = (why: string): ParseResult => ({ ok: false, error: `${why}. An AML workspace resource id looks like ${RESOURCE_ID_SHAPE}` });
  if (!id.startsWith('/')) return fail('The resource id must start with /subscriptions/');
  const parts = id.slice(1).split('/');
  if (parts.some((p) => p === '')) return fail('The resource id has an empty segment (//)');
  const [s, subscriptionId, rgWord, resourceGroup, providersWord, provider, type, workspaceName, ...rest] = parts;
  if (s?.toLowerCase() !== 'subscriptions' || !subscriptionId)
    return fail('The resource id must start with /subscriptions/{subscriptionId}');
  if (rgWord?.toLowerCase() !== 'resourcegroups' || !resourceGroup)
    return fail('The resource id must name a resource group (/resourceGroups/{resourceGroup})');
  if (providersWord?.toLowerCase() !== 'providers' || !provider || !type)
    return fail('The resource id must name a resource (/providers/Microsoft.MachineLearningServices/workspaces/{name})');
  if (provider.toLowerCase() !== AML_PROVIDER.toLowerCase() || type.toLowerCase() !== 'workspaces') {
    return fail(`The resource id names a ${provider}/${type}, not an Azure Machine Learning workspace`);
  }
  if (!workspaceName) return fail('The resource id has no workspace name');
  if (rest.length) return fail(`The resource id points below the workspace (/${rest.join('/')}); give the workspace's own id`);
  const value = { subscriptionId, resourceGroup, workspaceName };
  const problems = coordinateProblems(value);
  if (problems.length) return { ok: false, error: `In the resource id, ${problems.join('; ')}` };
  return { ok: true, value };
}

export function workspaceResourceId(c: WorkspaceCoordinates): string {
  return `/subscriptions/${c.subscriptionId}/resourceGroups/${c.resourceGroup}/providers/${AML_PROVIDER}/workspaces/${c.workspaceName}`;
}

export function resourceKey(id: string): string {
  return id.trim().replace(/\/+$/, '').toLowerCase();
}

/**
 * The model a deployment serves, from an ARM id (…/workspaces/{ws}/models/{name}/versions/{v}), a
 * registry asset URI (azureml://registries/{r}/models/{name}/versions/{v}) or the short form
 * azureml:{name}:{v}. Null when the reference names no model version.
 */
export function parseModelReference(ref: string | undefined | null): { name: string; version: string; workspaceKey: string | null } | null {
  if (!ref) return null;
  const s = ref.trim();
  const arm =
    /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.machinelearningservices\/workspaces\/[^/]+)\/models\/([^/]+)\/versions\/([^/]+)\/?$/i.exec(
      s,
    );
  if (arm) return { name: decodeURIComponent(arm[2]!), version: decodeURIComponent(arm[3]!), workspaceKey: resourceKey(arm[1]!) };
  const uri = /^azureml:\/\/.*\/models\/([^/]+)\/versions\/([^/]+)\/?$/i.exec(s);
  if (uri) return { name: decodeURIComponent(uri[1]!), version: decodeURIComponent(uri[2]!), workspaceKey: null };
  const short = /^azureml:([^:/]+):([^:/]+)$/i.exec(s);
  if (short) return { name: short[1]!, version: short[2]!, workspaceKey: null };
  return null;
}
