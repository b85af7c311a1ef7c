import { beforeAll, describe, expect, it } from 'vitest';
import { GET as listModels } from '@/app/api/v1/projects/[code]/models/route';
import { GET as listVersions } from '@/app/api/v1/projects/[code]/models/[model]/versions/route';
import { ZModelPage, ZModelVersionPage } from '@/lib/inventory/schema';
import { buildEstate, type Estate } from '@/tests/support/estate';
import { callRoute, type ErrorBody } from '@/tests/support/api';

type ModelPage = {
  project: { code: string; name: string };
  items: {
    name: string;
    versionCount: number;
    latestVersion: number | null;
    live: { environment: string; version: number; endpointName: string }[];
  }[];
  total: number;
  totalPages: number;
};
type VersionPage = {
  project: { code: string; name: string };
  model: { name: string; description: string };
  items: {
    version: number;
    description: string;
    lineage: Record<string, string>;
    metrics: Record<string, number>;
    registeredAt: string;
    registeredBy: string | null;
    live: { environment: string; endpointName: string; trafficPercent: number }[];
  }[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
};

let estate: Estate;
beforeAll(async () => {
  estate = await buildEstate();
});

const models = (code: string, as: { id: string } | undefined, query = '') =>
  callRoute<ModelPage & ErrorBody>(listModels, `/api/v1/projects/${code}/models${query}`, { as, params: { code } });
const versions = (code: string, model: string, as: { id: string } | undefined, query = '') =>
  callRoute<VersionPage & ErrorBody>(listVersions, `/api/v1/projects/${code}/models/${model}/versions${query}`, {
    as,
    params: { code, model },
  });

describe('GET /api/v1/projects/{code}/models', () => {
  it("lists the project's models with version counts and what is live where", async () => {
    const res = await models('ALPHA', estate.users.alice);
    expect(res.status).toBe(200);
    expect(ZModelPage.safeParse(res.body).success).toBe(true);
    expect(res.body.project).toEqual({ code: 'ALPHA', name: 'Alpha churn propensity' });
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((m) => [m.name, m.versionCount, m.latestVersion])).toEqual([
      ['churn-explainer', 2, 2],
      ['churn-scorer', 30, 30],
    ]);
    expect(res.body.items[1]!.live).toEqual([
      { environment: 'DEVELOPMENT', version: 30, endpointName: 'churn-dev' },
      { environment: 'PRODUCTION', version: 28, endpointName: 'churn-prod' },
    ]);
  });

  it('searches and pages', async () => {
    const res = await models('ALPHA', estate.users.alice, '?q=SCORER');
    expect(res.body.items.map((m) => m.name)).toEqual(['churn-scorer']);
    const second = await models('ALPHA', estate.users.alice, '?pageSize=1&page=2');
    expect(second.body.items.map((m) => m.name)).toEqual(['churn-scorer']);
    expect(second.body.totalPages).toBe(2);
  });

  it("another project's models are 404, like a project that does not exist", async () => {
    const hidden = await models('BRAVO', estate.users.alice);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toEqual({ code: 'NOT_FOUND', message: 'Project BRAVO was not found' });
    expect((await models('NOPE', estate.users.alice)).status).toBe(404);
    expect((await models('BRAVO', estate.users.admin)).status).toBe(200);
  });

  it('401 without a session', async () => {
    const res = await models('ALPHA', undefined);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('400 on bad paging, naming the parameter', async () => {
    for (const [query, param] of [
      ['?pageSize=1000', 'pageSize'],
      ['?page=-1', 'page'],
      [`?q=${'q'.repeat(10_240)}`, 'q'],
    ] as const) {
      const res = await models('ALPHA', estate.users.alice, query);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
      expect(res.body.error.message).toMatch(new RegExp(`^${param}: `));
    }
  });
});

describe('GET /api/v1/projects/{code}/models/{model}/versions', () => {
  it('newest version first by default, with lineage, metrics, registrant and live deployments', async () => {
    const res = await versions('ALPHA', 'churn-scorer', estate.users.alice);
    expect(res.status).toBe(200);
    expect(ZModelVersionPage.safeParse(res.body).success).toBe(true);
    expect(res.body).toMatchObject({
      project: { code: 'ALPHA', name: 'Alpha churn propensity' },
      model: { name: 'churn-scorer', description: 'LightGBM churn scorer' },
      page: 1,
      pageSize: 25,
      total: 30,
      totalPages: 2,
    });
    expect(res.body.items.map((v) => v.version)).toEqual(Array.from({ length: 25 }, (_, i) => 30 - i));
    const v28 = res.body.items.find((v) => v.version === 28)!;
    expect(v28.lineage).toEqual({
      trainingDataAsset: 'azureml:training-data',
      trainingDataVersion: '28',
      pipelineRunId: 'churn-train-1027',
      gitCommit: 'f00027'.padEnd(40, '0'),
    });
    expect(v28.metrics).toEqual({ auc: 0.827 });
    expect(v28.registeredBy).toBe('Lee Lead');
    expect(v28.live).toMatchObject([{ environment: 'PRODUCTION', endpointName: 'churn-prod', trafficPercent: 100 }]);
    expect(res.body.items.find((v) => v.version === 27)!.live).toEqual([]);
  });

  it('pages, and sorts by registration time either way', async () => {
    const second = await versions('ALPHA', 'churn-scorer', estate.users.alice, '?page=2');
    expect(second.body.items.map((v) => v.version)).toEqual([5, 4, 3, 2, 1]);
    const oldest = await versions('ALPHA', 'churn-scorer', estate.users.alice, '?sort=registeredAt&order=asc&pageSize=3');
    expect(oldest.body.items.map((v) => v.version)).toEqual([30, 1, 2]);
    const newest = await versions('ALPHA', 'churn-scorer', estate.users.alice, '?sort=registeredAt&order=desc&pageSize=2');
    expect(newest.body.items.map((v) => v.version)).toEqual([29, 28]);
    const ascending = await versions('ALPHA', 'churn-scorer', estate.users.alice, '?order=asc&pageSize=2');
    expect(ascending.body.items.map((v) => v.version)).toEqual([1, 2]);
  });

  it('searches description, commit prefix and pipeline run', async () => {
    const byDescription = await versions('ALPHA', 'churn-scorer', estate.users.alice, '?q=drift');
    expect(byDescription.body.items.map((v) => v.version)).toEqual([7]);
    const byCommit = await versions('ALPHA', 'churn-scorer', estate.users.alice, '?q=ABC123');
    expect(byCommit.body.items.map((v) => v.version)).toEqual([7]);
    const byRun = await versions('ALPHA', 'churn-scorer', estate.users.alice, '?q=train-1010');
    expect(byRun.body.items.map((v) => v.version)).toEqual([11]);
  });

  it('404 for a model that does not exist and for a project the caller may not see', async () => {
    const missingModel = await versions('ALPHA', 'no-such-model', estate.users.alice);
    expect(missingModel.status).toBe(404);
    expect(missingModel.body.error.message).toBe('Model no-such-model was not found');
    const hidden = await versions('BRAVO', 'limit-recommender', estate.users.alice);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toEqual({ code: 'NOT_FOUND', message: 'Project BRAVO was not found' });
    expect((await versions('BRAVO', 'limit-recommender', estate.users.admin)).status).toBe(200);
    // a model of another project is not reachable through a visible project
    expect((await versions('ALPHA', 'limit-recommender', estate.users.admin)).status).toBe(404);
  });

  it('401 without a session', async () => {
    expect((await versions('ALPHA', 'churn-scorer', undefined)).status).toBe(401);
  });

  it('400 on bad parameters, naming them', async () => {
    for (const [query, param] of [
      ['?sort=accuracy', 'sort'],
      ['?order=sideways', 'order'],
      ['?pageSize=1000', 'pageSize'],
      ['?page=-1', 'page'],
      [`?q=${'q'.repeat(10_240)}`, 'q'],
    ] as const) {
      const res = await versions('ALPHA', 'churn-scorer', estate.users.alice, query);
      expect(res.status, query.slice(0, 30)).toBe(400);
      expect(res.body.error.message).toMatch(new RegExp(`^${param}: `));
      expect(res.body.error.details).toContainEqual(expect.objectContaining({ path: param }));
    }
    const badName = await versions('ALPHA', 'bad name', estate.users.alice);
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toMatch(/^model: /);
  });
});
