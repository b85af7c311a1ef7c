/**
 * The Azure (and Azure DevOps) resources that sit with each workspace's environment, which
 * just-in-time access is requested on.
 */
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';

type Client = PrismaClient | Prisma.TransactionClient;

type WorkspaceCoordinates = { id: string; name: string; subscriptionId: string; resourceGroup: string; azureResourceId: string };

const DEVOPS_ORGANISATION = 'https://dev.azure.com/contoso';

/**
 * The resources that sit with a workspace's environment, named after the workspace. When the AML
 * connector reads a workspace from Azure it knows the real ids (the workspace's keyVault,
 * storageAccount, containerRegistry and applicationInsights properties); without it, these are the
 * names the platform's templates give them.
 */
function environmentResources(ws: WorkspaceCoordinates): { resourceType: string; name: string; externalId: string; armScope: boolean }[] {
  const base = ws.name.replace(/^mlw-/, '').toLowerCase();
  const alnum = base.replace(/[^a-z0-9]/g, '');
  const rg = `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers`;
  const kv = `kv-${base}`.slice(0, 24).replace(/-+$/, '');
  const cr = `cr${alnum}`.slice(0, 50);
  const st = `st${alnum}`.slice(0, 24);
  return [
    { resourceType: 'aml-workspace', name: ws.name, externalId: ws.azureResourceId, armScope: true },
    { resourceType: 'key-vault', name: kv, externalId: `${rg}/Microsoft.KeyVault/vaults/${kv}`, armScope: true },
    { resourceType: 'container-registry', name: cr, externalId: `${rg}/Microsoft.ContainerRegistry/registries/${cr}`, armScope: true },
    { resourceType: 'storage-account', name: st, externalId: `${rg}/Microsoft.Storage/storageAccounts/${st}`, armScope: true },
    { resourceType: 'azure-devops', name: base, externalId: `${DEVOPS_ORGANISATION}/${base}`, armScope: false },
    {
      resourceType: 'azure-artifacts',
      name: `${base}-feed`,
      externalId: `${DEVOPS_ORGANISATION}/${base}/_artifacts/feed/${base}-feed`,
      armScope: false,
    },
    {
      resourceType: 'log-analytics',
      name: `log-${base}`,
      externalId: `${rg}/Microsoft.OperationalInsights/workspaces/log-${base}`,
      armScope: true,
    },
    { resourceType: 'azure-monitor', name: `appi-${base}`, externalId: `${rg}/Microsoft.Insights/components/appi-${base}`, armScope: true },
  ];
}

/** Gives workspaces without an inventory of environment resources one. Idempotent. */
export async function ensureWorkspaceResources(client: Client, workspaceIds?: string[]): Promise<number> {
  const workspaces = await client.workspace.findMany({
    where: { ...(workspaceIds ? { id: { in: workspaceIds } } : {}), azureResources: { none: {} } },
    select: { id: true, name: true, subscriptionId: true, resourceGroup: true, azureResourceId: true },
  });
  if (!workspaces.length) return 0;
  const types = new Map((await client.resourceType.findMany({ select: { id: true, key: true } })).map((t) => [t.key, t.id]));
  const data = workspaces.flatMap((ws) =>
    environmentResources(ws).map((r) => ({
      workspaceId: ws.id,
      resourceTypeId: types.get(r.resourceType)!,
      name: r.name,
      externalId: r.externalId,
      armScope: r.armScope,
    })),
  );
  const created = await client.azureResource.createMany({ data, skipDuplicates: true });
  return created.count;
}
