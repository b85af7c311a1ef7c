/**
 * ARM failures as messages a project lead can act on, stored on connections, sync runs and
 * write-backs, with ARM's own status, code and words kept as evidence.
 */
import { describeArmFailure, type ArmFailure } from '@/lib/azure/arm-errors';
import type { WorkspaceCoordinates } from '@/lib/azure/resource-id';

export function armFailureMessage(f: ArmFailure, ws: WorkspaceCoordinates, doing: 'link' | 'sync' | 'write-back'): string {
  const evidence = `(${describeArmFailure(f)})`;
  const where = `workspace '${ws.workspaceName}' in resource group '${ws.resourceGroup}' of subscription ${ws.subscriptionId}`;
  switch (f.kind) {
    case 'not-found':
      return doing === 'link'
        ? `Azure Machine Learning ${where} was not found. Check the subscription, resource group and workspace name, and that the portal's Azure identity can see that subscription. ${evidence}`
        : `Azure Machine Learning ${where}, or the item asked for, no longer exists. ${evidence}`;
    case 'unauthorized':
      return `Azure rejected the portal's credentials for subscription ${ws.subscriptionId}: the portal's Azure identity may belong to another tenant, or its secret or certificate may have expired. ${evidence}`;
    case 'forbidden':
      return doing === 'write-back'
        ? `The portal's Azure identity may not write to ${where}. Give it the AzureML Data Scientist role (or one allowing models/versions/write) on the workspace. ${evidence}`
        : `The portal's Azure identity may not read ${where}. Give it the Reader role on the workspace (AzureML Data Scientist also allows the tag write-back). ${evidence}`;
    case 'credential':
      return `The portal has no usable Azure credential: configure a managed identity, AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET, or sign in with the Azure CLI. (${f.detail})`;
    case 'throttled':
      return `Azure Resource Manager is throttling the portal's requests for ${where}; it will be tried again later. ${evidence}`;
    case 'unavailable':
      return `Azure Resource Manager could not be reached or kept failing for ${where}; it will be tried again later. ${evidence}`;
    case 'rejected':
      return `Azure Resource Manager refused the request for ${where}. ${evidence}`;
    default:
      return `The ${doing} of ${where} failed unexpectedly: ${f.detail}`;
  }
}

/** Failures that another attempt will not fix. */
export function isPermanent(f: ArmFailure): boolean {
  return f.kind === 'not-found' || f.kind === 'unauthorized' || f.kind === 'forbidden' || f.kind === 'credential' || f.kind === 'rejected';
}
