import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { EnvironmentClass } from '@/lib/generated/prisma/enums';
import type { PromotionLookup } from '@/lib/aml-sync/governance';
import type { SyncProgress } from '@/lib/aml-sync/progress';

/** The linked workspace a sync reads, and where its findings go in the inventory. */
export type SyncTarget = {
  connectionId: string;
  projectId: string;
  projectCode: string;
  environmentId: string;
  environmentClass: EnvironmentClass;
  workspaceId: string;
  workspaceRegion: string;
  /** A staging/QA workspace shared by the implementation's projects: only versions tagged `project: <code>` are this project's. */
  sharedWorkspace: boolean;
  azureResourceId: string;
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
};

export type SyncContext = {
  target: SyncTarget;
  client: AzureMachineLearningWorkspaces;
  progress: SyncProgress;
  promotions: PromotionLookup;
  signal?: AbortSignal;
  /** UPN (lower case) → portal user id, for registeredBy; null when no such user. */
  userIds: Map<string, string | null>;
};
