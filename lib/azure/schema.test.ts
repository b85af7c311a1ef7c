import { describe, expect, it } from 'vitest';
import { ZGovernanceTags, ZLinkWorkspaceInput, governanceTagValues } from '@/lib/azure/schema';

const SUB = '3f2a9c10-6b7d-4e21-8a5f-0c9d1e2b3a45';

describe('ZLinkWorkspaceInput', () => {
  it('accepts coordinates or a resource id and yields the same target', () => {
    const a = ZLinkWorkspaceInput.parse({
      projectCode: 'P-1',
      environment: 'QA',
      subscriptionId: SUB,
      resourceGroup: 'rg-a',
      workspaceName: 'mlw-a',
    });
    const b = ZLinkWorkspaceInput.parse({
      projectCode: 'P-1',
      environment: 'QA',
      resourceId: `/subscriptions/${SUB}/resourceGroups/rg-a/providers/Microsoft.MachineLearningServices/workspaces/mlw-a`,
    });
    expect(a).toEqual(b);
    expect(a.target).toEqual({ subscriptionId: SUB, resourceGroup: 'rg-a', workspaceName: 'mlw-a' });
  });

  it.each([
    [{ subscriptionId: 'nope', resourceGroup: 'rg', workspaceName: 'mlw-a' }, 'workspaceName', /'nope' is not a GUID/],
    [{ subscriptionId: SUB, resourceGroup: 'rg' }, 'resourceId', /all of subscriptionId, resourceGroup and workspaceName/],
    [{ resourceId: '/subscriptions/x', workspaceName: 'mlw-a' }, 'resourceId', /not both/],
    [{ resourceId: '/nope' }, 'resourceId', /must start with \/subscriptions\//],
  ])('names the field and the reason for %j', (target, path, why) => {
    const r = ZLinkWorkspaceInput.safeParse({ projectCode: 'P-1', environment: 'DEVELOPMENT', ...target });
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.error.issues[0]!.path).toEqual([path]);
      expect(r.error.issues[0]!.message).toMatch(why);
    }
  });

  it('refuses an unknown environment and a malformed project code', () => {
    expect(ZLinkWorkspaceInput.safeParse({ projectCode: 'P 1', environment: 'QA', resourceId: '/x' }).success).toBe(false);
    expect(ZLinkWorkspaceInput.safeParse({ projectCode: 'P-1', environment: 'LAB', resourceId: '/x' }).success).toBe(false);
  });
});

describe('governance tags', () => {
  it('become the four AML tags with approvers comma-separated', () => {
    const t = ZGovernanceTags.parse({
      stage: 'PRODUCTION',
      promotionId: 'PRM-1',
      approvedAt: '2026-11-23T10:00:00+01:00',
      approvers: ['a@x', 'b@x'],
    });
    expect(governanceTagValues(t)).toEqual({
      'governance.stage': 'PRODUCTION',
      'governance.promotionId': 'PRM-1',
      'governance.approvedAt': '2026-11-23T10:00:00+01:00',
      'governance.approvers': 'a@x,b@x',
    });
  });

  it('needs a known stage, an ISO date-time and at least one approver', () => {
    const ok = { stage: 'QA', promotionId: 'PRM-1', approvedAt: '2026-11-23T10:00:00Z', approvers: ['a@x'] };
    expect(ZGovernanceTags.safeParse(ok).success).toBe(true);
    expect(ZGovernanceTags.safeParse({ ...ok, stage: 'LAB' }).success).toBe(false);
    expect(ZGovernanceTags.safeParse({ ...ok, approvedAt: '23/11/2026' }).success).toBe(false);
    expect(ZGovernanceTags.safeParse({ ...ok, approvers: [] }).success).toBe(false);
    expect(ZGovernanceTags.safeParse({ ...ok, promotionId: ' ' }).success).toBe(false);
  });
});
