import { describe, expect, it } from 'vitest';
import { parseModelReference, parseWorkspaceResourceId, resourceKey, workspaceResourceId } from '@/lib/azure/resource-id';

const SUB = '3f2a9c10-6b7d-4e21-8a5f-0c9d1e2b3a45';
const SHAPE =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}';
const ID = `/subscriptions/${SUB}/resourceGroups/rg-ml.prod(1)/providers/Microsoft.MachineLearningServices/workspaces/mlw-churn_prod`;

describe('parseWorkspaceResourceId', () => {
  it('reads the three coordinates, ignoring case of the fixed segments and a trailing slash', () => {
    expect(parseWorkspaceResourceId(ID)).toEqual({
      ok: true,
      value: { subscriptionId: SUB, resourceGroup: 'rg-ml.prod(1)', workspaceName: 'mlw-churn_prod' },
    });
    expect(parseWorkspaceResourceId(`  ${ID.toLowerCase()}/ `)).toMatchObject({ ok: true, value: { workspaceName: 'mlw-churn_prod' } });
  });

  it.each([
    ['', /must start with \/subscriptions\//],
    ['subscriptions/x', /must start with \/subscriptions\//],
    [`/subscriptions/${SUB}`, /must name a resource group/],
    [`/subscriptions/${SUB}/resourceGroups/rg`, /must name a resource/],
    [`/subscriptions/${SUB}/resourceGroups//providers/Microsoft.MachineLearningServices/workspaces/mlw-a`, /empty segment/],
    [
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/registries/reg`,
      /names a Microsoft.MachineLearningServices\/registries/,
    ],
    [
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces`,
      /must name a resource|no workspace name/,
    ],
    [
      `/subscriptions/${SUB}/resourceGroups/rg./providers/Microsoft.MachineLearningServices/workspaces/mlw-a`,
      /not a valid resource group name/,
    ],
    [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/-bad`, /not a valid workspace name/],
    [
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/${'a'.repeat(34)}`,
      /not a valid workspace name/,
    ],
  ])('refuses %j and says why', (raw, why) => {
    const r = parseWorkspaceResourceId(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(why);
      // A wrong shape is answered with the right one; a bad name with the naming rule.
      if (!/not a valid/.test(r.error)) expect(r.error).toContain(SHAPE);
      else expect(r.error).toMatch(/^In the resource id, /);
    }
  });

  it('round-trips with workspaceResourceId, and compares case-insensitively through resourceKey', () => {
    const r = parseWorkspaceResourceId(ID);
    if (!r.ok) throw new Error(r.error);
    expect(workspaceResourceId(r.value)).toBe(ID);
    expect(resourceKey(ID.toUpperCase())).toBe(resourceKey(`${ID}/`));
  });
});

describe('parseModelReference', () => {
  it('reads ARM ids, registry URIs and the short form', () => {
    expect(
      parseModelReference(
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw-a/models/churn/versions/3`,
      ),
    ).toEqual({
      name: 'churn',
      version: '3',
      workspaceKey: `/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.machinelearningservices/workspaces/mlw-a`,
    });
    expect(parseModelReference('azureml://registries/shared/models/churn/versions/12')).toEqual({
      name: 'churn',
      version: '12',
      workspaceKey: null,
    });
    expect(parseModelReference('azureml:churn:4')).toEqual({ name: 'churn', version: '4', workspaceKey: null });
  });

  it('is null for anything that names no model version', () => {
    expect(parseModelReference(undefined)).toBeNull();
    expect(parseModelReference('')).toBeNull();
    expect(parseModelReference('azureml:churn@latest')).toBeNull();
    expect(
      parseModelReference(
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw-a/data/x/versions/1`,
      ),
    ).toBeNull();
  });
});
