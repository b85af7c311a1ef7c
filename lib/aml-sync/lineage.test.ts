import { describe, expect, it } from 'vitest';
import { canonicalJson, fingerprintOf, mapModelVersion, parseDataReference, type AmlVersionLike } from '@/lib/aml-sync/lineage';

const base = (over: Partial<AmlVersionLike['properties']> = {}, name = '3'): AmlVersionLike => ({
  id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/models/churn/versions/${name}`,
  name,
  properties: { description: 'challenger', tags: {}, properties: {}, ...over },
  systemData: { createdAt: new Date('2026-01-02T03:04:05Z'), createdBy: 'ds@contoso.example' },
});

describe('mapModelVersion', () => {
  it('maps what AML records to the lineage fields', () => {
    const m = mapModelVersion(
      base({
        jobName: 'job-42',
        tags: { training_data: 'azureml:churn-data:7', 'metrics.auc': '0.93', 'metric.f1': '0.8', 'metrics.note': 'x', owner: null },
        properties: { 'azureml.git.commit': 'abc123', 'metrics.auc': '0.5' },
      }),
    );
    expect(m).toMatchObject({
      label: '3',
      version: 3,
      description: 'challenger',
      trainingDataAsset: 'azureml:churn-data',
      trainingDataVersion: '7',
      pipelineRunId: 'job-42',
      gitCommit: 'abc123',
      metrics: { auc: 0.93, f1: 0.8 },
      tags: { training_data: 'azureml:churn-data:7', 'metrics.auc': '0.93', 'metric.f1': '0.8', 'metrics.note': 'x', owner: '' },
      registeredAt: new Date('2026-01-02T03:04:05Z'),
      registeredBy: 'ds@contoso.example',
    });
  });

  it('falls back to tags, and leaves what AML lacks empty', () => {
    const m = mapModelVersion(
      base({ tags: { Training_Data_Asset: 'azureml:x', training_data_version: '2', RUN_ID: 'r-1', git_commit: 'ff00' } }),
    );
    expect(m).toMatchObject({
      trainingDataAsset: 'azureml:x',
      trainingDataVersion: '2',
      pipelineRunId: 'r-1',
      gitCommit: 'ff00',
      metrics: {},
    });
    const bare = mapModelVersion(base());
    expect(bare).toMatchObject({ trainingDataAsset: '', trainingDataVersion: '', pipelineRunId: '', gitCommit: '' });
    expect(mapModelVersion(base({ properties: { 'mlflow.source.git.commit': 'c0ffee', 'mlflow.runId': 'mlrun' } }))).toMatchObject({
      gitCommit: 'c0ffee',
      pipelineRunId: 'mlrun',
    });
  });

  it('keeps only plain integers as portal versions', () => {
    expect(mapModelVersion(base({}, '12')).version).toBe(12);
    expect(mapModelVersion(base({}, '0')).version).toBe(0);
    expect(mapModelVersion(base({}, '012')).version).toBeNull();
    expect(mapModelVersion(base({}, 'beta')).version).toBeNull();
    expect(mapModelVersion(base({}, '1.2')).version).toBeNull();
  });

  it('fingerprints content: equal for the same content in any key order, different when anything changes', () => {
    const a = mapModelVersion(base({ tags: { a: '1', b: '2' } }));
    const b = mapModelVersion(base({ tags: { b: '2', a: '1' } }));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(mapModelVersion(base({ tags: { a: '1', b: '3' } })).fingerprint).not.toBe(a.fingerprint);
    expect(mapModelVersion(base({ tags: { a: '1', b: '2' }, description: 'other' })).fingerprint).not.toBe(a.fingerprint);
    expect(mapModelVersion(base({ tags: { a: '1', b: '2' }, isArchived: true })).fingerprint).not.toBe(a.fingerprint);
  });
});

describe('helpers', () => {
  it('parseDataReference reads the short form and asset URIs', () => {
    expect(parseDataReference('azureml:credit:3')).toEqual({ asset: 'azureml:credit', version: '3' });
    expect(parseDataReference('credit:3')).toEqual({ asset: 'azureml:credit', version: '3' });
    expect(parseDataReference('azureml://registries/r/data/credit/versions/9')).toEqual({ asset: 'azureml:credit', version: '9' });
    expect(parseDataReference('just-a-name')).toBeNull();
  });

  it('canonicalJson sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: [{ f: 1, e: 2 }] } })).toBe('{"a":{"c":[{"e":2,"f":1}],"d":1},"b":1}');
    expect(fingerprintOf({ x: 1, y: 2 })).toBe(fingerprintOf({ y: 2, x: 1 }));
  });
});
