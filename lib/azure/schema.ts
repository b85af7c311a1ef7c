import { z } from '@/lib/api/zod';
import { ENVIRONMENT_KEYS, ZProjectCode } from '@/lib/inventory/schema';
import { coordinateProblems, parseWorkspaceResourceId, type WorkspaceCoordinates } from '@/lib/azure/resource-id';

/**
 * Linking a workspace: either its full resource id, or subscription + resource group + workspace
 * name. Whichever is given is checked for shape here; whether it exists is ARM's answer.
 */
export const ZLinkWorkspaceInput = z
  .object({
    projectCode: ZProjectCode,
    environment: z.enum(ENVIRONMENT_KEYS),
    resourceId: z.string().trim().max(512, 'resourceId must be at most 512 characters').optional(),
    subscriptionId: z.string().trim().max(64).optional(),
    resourceGroup: z.string().trim().max(90).optional(),
    workspaceName: z.string().trim().max(64).optional(),
    approvalNote: z
      .string()
      .trim()
      .min(10, 'approvalNote must say in at least 10 characters why the workspace belongs to the project')
      .max(1000)
      .optional(),
  })
  .transform((input, ctx): TLinkWorkspace => {
    const parts = [input.subscriptionId, input.resourceGroup, input.workspaceName];
    if (input.resourceId) {
      if (parts.some(Boolean)) {
        ctx.addIssue({
          code: 'custom',
          path: ['resourceId'],
          message: 'Give either resourceId or subscriptionId + resourceGroup + workspaceName, not both',
        });
        return z.NEVER;
      }
      const parsed = parseWorkspaceResourceId(input.resourceId);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', path: ['resourceId'], message: parsed.error });
        return z.NEVER;
      }
      return { projectCode: input.projectCode, environment: input.environment, target: parsed.value, approvalNote: input.approvalNote };
    }
    if (!parts.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['resourceId'],
        message: 'Give the workspace resourceId, or all of subscriptionId, resourceGroup and workspaceName',
      });
      return z.NEVER;
    }
    const target = { subscriptionId: input.subscriptionId!, resourceGroup: input.resourceGroup!, workspaceName: input.workspaceName! };
    const problems = coordinateProblems(target);
    if (problems.length) {
      ctx.addIssue({ code: 'custom', path: ['workspaceName'], message: problems.join('; ') });
      return z.NEVER;
    }
    return { projectCode: input.projectCode, environment: input.environment, target, approvalNote: input.approvalNote };
  });
export type TLinkWorkspaceInput = z.input<typeof ZLinkWorkspaceInput>;
/**
 * `approvalNote` is a platform lead's explicit approval of a workspace the portal cannot match to
 * the project (no recorded resource group, no `project` tag); only they may give it.
 */
export type TLinkWorkspace = {
  projectCode: string;
  environment: (typeof ENVIRONMENT_KEYS)[number];
  target: WorkspaceCoordinates;
  approvalNote?: string;
};

export const ZConnectionId = z.uuid('connectionId must be a UUID');
export const ZSyncRunId = z.uuid('a sync run id is a UUID');

export const GOVERNANCE_TAG_KEYS = {
  stage: 'governance.stage',
  promotionId: 'governance.promotionId',
  approvedAt: 'governance.approvedAt',
  approvers: 'governance.approvers',
} as const;

/** What a promotion writes back onto the AML model version. */
export const ZGovernanceTags = z.object({
  stage: z.enum(ENVIRONMENT_KEYS),
  promotionId: z.string().trim().min(1).max(128),
  approvedAt: z.iso.datetime({ offset: true, message: 'approvedAt must be an ISO 8601 date-time' }),
  approvers: z.array(z.string().trim().min(1).max(256)).min(1, 'at least one approver').max(20),
});
export type TGovernanceTags = z.infer<typeof ZGovernanceTags>;

/** The four tags as AML stores them (string values; approvers comma-separated). */
export function governanceTagValues(t: TGovernanceTags): Record<string, string> {
  return {
    [GOVERNANCE_TAG_KEYS.stage]: t.stage,
    [GOVERNANCE_TAG_KEYS.promotionId]: t.promotionId,
    [GOVERNANCE_TAG_KEYS.approvedAt]: t.approvedAt,
    [GOVERNANCE_TAG_KEYS.approvers]: t.approvers.join(','),
  };
}

/** What a sync run counted, stored on its SyncRun row (lib/aml-sync/progress.ts writes it). */
export type SyncCounts = {
  models: number;
  versionsSeen: number;
  versionsCreated: number;
  versionsUpdated: number;
  versionsUnchanged: number;
  versionsMarkedDeleted: number;
  versionsSkipped: number;
  deploymentsSeen: number;
  deploymentsCreated: number;
  deploymentsUpdated: number;
  deploymentsUnchanged: number;
  deploymentsRetired: number;
  ungovernedDeployments: number;
};
