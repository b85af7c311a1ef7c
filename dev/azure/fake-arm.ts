/**
 * A local stand-in for the parts of Azure Resource Manager the AML connector calls (api-version
 * 2022-10-01): workspaces, model containers and versions, online and batch endpoints and their
 * deployments. HTTPS with a self-signed certificate (./certificate.ts) so that the real SDK client,
 * with its production pipeline, can be pointed at it through `endpoint` and `$host`.
 *
 * Payloads follow the shapes of the public REST API specification (id, name, type, properties,
 * systemData, nextLink paging; errors as `{ error: { code, message } }`). Controls let tests and the
 * bench page small, throttle (429 + Retry-After), fail with 5xx, slow down, deny or hide a
 * workspace, delete versions, and read back every request received (write-back bodies included).
 *
 * Used by the integration tests, the bench and the demo (`npm start` can launch it); never in production.
 */
import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export const FAKE_ARM_API_VERSION = '2022-10-01';
const PROVIDER = 'Microsoft.MachineLearningServices';

type Dict = Record<string, string>;

export type FakeModelVersionInput = {
  description?: string;
  tags?: Dict;
  properties?: Dict;
  jobName?: string;
  modelUri?: string;
  modelType?: string;
  isArchived?: boolean;
  createdAt?: Date;
  createdBy?: string;
};
type FakeModelVersion = FakeModelVersionInput & { version: string; createdAt: Date; lastModifiedAt: Date; createdBy: string };
type FakeModel = { name: string; description: string; tags: Dict; createdAt: Date; versions: Map<string, FakeModelVersion> };

export type FakeOnlineDeploymentInput = {
  name: string;
  model: string;
  provisioningState?: string;
  instanceType?: string;
  createdAt?: Date;
};
export type FakeBatchDeploymentInput = { name: string; model: string; provisioningState?: string; createdAt?: Date };
type FakeOnlineEndpoint = {
  name: string;
  traffic: Record<string, number>;
  provisioningState: string;
  createdAt: Date;
  deployments: Map<string, FakeOnlineDeploymentInput>;
};
type FakeBatchEndpoint = {
  name: string;
  defaultDeployment?: string;
  provisioningState: string;
  createdAt: Date;
  deployments: Map<string, FakeBatchDeploymentInput>;
};

type FakeWorkspace = {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  workspaceGuid: string;
  friendlyName: string;
  tags: Dict;
  createdAt: Date;
  deny?: 401 | 403;
  models: Map<string, FakeModel>;
  onlineEndpoints: Map<string, FakeOnlineEndpoint>;
  batchEndpoints: Map<string, FakeBatchEndpoint>;
};

export type RecordedRequest = {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  authorization: string | null;
  body?: unknown;
};

type Fault = {
  kind: 'throttle' | 'fail';
  remaining: number;
  status: number;
  retryAfterSeconds?: number;
  match?: (r: { method: string; path: string }) => boolean;
};

export type FaultMatch = string | RegExp | ((r: { method: string; path: string }) => boolean);

function matcher(m: FaultMatch | undefined): Fault['match'] {
  if (m === undefined) return undefined;
  if (typeof m === 'function') return m;
  if (typeof m === 'string') return (r) => r.path.toLowerCase().includes(m.toLowerCase());
  return (r) => m.test(`${r.method} ${r.path}`);
}

const key = (s: string) => s.toLowerCase();

export function workspaceResourceId(subscriptionId: string, resourceGroup: string, name: string) {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${PROVIDER}/workspaces/${name}`;
}

function compareVersions(a: string, b: string) {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function systemData(createdAt: Date, createdBy: string, lastModifiedAt = createdAt) {
  return {
    createdAt: createdAt.toISOString(),
    createdBy,
    createdByType: 'User',
    lastModifiedAt: lastModifiedAt.toISOString(),
    lastModifiedBy: createdBy,
    lastModifiedByType: 'User',
  };
}

export class FakeWorkspaceHandle {
  constructor(readonly ws: FakeWorkspace) {}

  get id() {
    return workspaceResourceId(this.ws.subscriptionId, this.ws.resourceGroup, this.ws.name);
  }

  addModel(name: string, opts: { description?: string; tags?: Dict } = {}) {
    const existing = this.ws.models.get(key(name));
    if (existing) return existing;
    const model: FakeModel = {
      name,
      description: opts.description ?? '',
      tags: opts.tags ?? {},
      createdAt: new Date(),
      versions: new Map(),
    };
    this.ws.models.set(key(name), model);
    return model;
  }

  addVersion(modelName: string, version: string | number, input: FakeModelVersionInput = {}) {
    const model = this.addModel(modelName);
    const createdAt = input.createdAt ?? new Date();
    const v: FakeModelVersion = {
      modelType: 'custom_model',
      ...input,
      version: String(version),
      createdAt,
      lastModifiedAt: createdAt,
      createdBy: input.createdBy ?? 'data.scientist@contoso.example',
    };
    model.versions.set(String(version), v);
    return v;
  }

  /** Versions 1..count of a model, each shaped by `shape(i)`. */
  addVersions(modelName: string, count: number, shape: (i: number) => FakeModelVersionInput = () => ({}), start = 1) {
    for (let i = start; i < start + count; i++) this.addVersion(modelName, i, shape(i));
  }

  updateVersion(modelName: string, version: string | number, patch: Partial<FakeModelVersionInput>) {
    const v = this.ws.models.get(key(modelName))?.versions.get(String(version));
    if (!v) throw new Error(`no version ${modelName}:${version}`);
    Object.assign(v, patch, { lastModifiedAt: new Date() });
  }

  deleteVersion(modelName: string, version: string | number) {
    const model = this.ws.models.get(key(modelName));
    if (!model?.versions.delete(String(version))) throw new Error(`no version ${modelName}:${version}`);
  }

  deleteModel(modelName: string) {
    if (!this.ws.models.delete(key(modelName))) throw new Error(`no model ${modelName}`);
  }

  version(modelName: string, version: string | number) {
    return this.ws.models.get(key(modelName))?.versions.get(String(version));
  }

  modelVersionId(modelName: string, version: string | number) {
    return `${this.id}/models/${modelName}/versions/${version}`;
  }

  addOnlineEndpoint(
    name: string,
    opts: { traffic?: Record<string, number>; provisioningState?: string; deployments?: FakeOnlineDeploymentInput[] } = {},
  ) {
    const ep: FakeOnlineEndpoint = {
      name,
      traffic: opts.traffic ?? {},
      provisioningState: opts.provisioningState ?? 'Succeeded',
      createdAt: new Date(),
      deployments: new Map((opts.deployments ?? []).map((d) => [key(d.name), d])),
    };
    this.ws.onlineEndpoints.set(key(name), ep);
    return ep;
  }

  addBatchEndpoint(
    name: string,
    opts: { defaultDeployment?: string; provisioningState?: string; deployments?: FakeBatchDeploymentInput[] } = {},
  ) {
    const ep: FakeBatchEndpoint = {
      name,
      defaultDeployment: opts.defaultDeployment,
      provisioningState: opts.provisioningState ?? 'Succeeded',
      createdAt: new Date(),
      deployments: new Map((opts.deployments ?? []).map((d) => [key(d.name), d])),
    };
    this.ws.batchEndpoints.set(key(name), ep);
    return ep;
  }

  deleteOnlineEndpoint(name: string) {
    this.ws.onlineEndpoints.delete(key(name));
  }

  /** ARM answers this workspace with 401 (invalid token) or 403 (no role assignment); undefined restores access. */
  deny(status: 401 | 403 | undefined) {
    this.ws.deny = status;
  }
}

export type FakeArmOptions = {
  cert: string;
  key: string;
  host?: string;
  port?: number;
  pageSize?: number;
  /** Which bearer tokens are valid; by default any non-empty one. */
  acceptToken?: (token: string) => boolean;
  /** Other providers' stand-ins served beside this one (e.g. Microsoft.Authorization): null passes. */
  routes?: ((r: {
    method: string;
    path: string;
    query: Record<string, string>;
    body: unknown;
    authorization: string | null;
  }) => { status: number; json?: unknown; headers?: Record<string, string> } | null)[];
};

export type FakeArm = {
  url: string;
  requests: RecordedRequest[];
  controls: {
    pageSize: number;
    delayMs: number;
    /** The next `times` matching requests get 429 with Retry-After (seconds). */
    throttle: (opts: { times: number; retryAfterSeconds: number; match?: FaultMatch }) => void;
    /** The next `times` matching requests fail with `status` (default 500), with no Retry-After. */
    fail: (opts: { times: number; status?: number; match?: FaultMatch }) => void;
    clearFaults: () => void;
  };
  addWorkspace: (input: {
    subscriptionId: string;
    resourceGroup: string;
    name: string;
    location?: string;
    tags?: Dict;
  }) => FakeWorkspaceHandle;
  workspace: (subscriptionId: string, resourceGroup: string, name: string) => FakeWorkspaceHandle | undefined;
  removeWorkspace: (subscriptionId: string, resourceGroup: string, name: string) => void;
  clearRequests: () => void;
  close: () => Promise<void>;
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function startFakeArm(opts: FakeArmOptions): Promise<FakeArm> {
  const workspaces = new Map<string, FakeWorkspace>();
  const requests: RecordedRequest[] = [];
  let faults: Fault[] = [];
  const controls: FakeArm['controls'] = {
    pageSize: opts.pageSize ?? 100,
    delayMs: 0,
    throttle: ({ times, retryAfterSeconds, match }) =>
      void faults.push({ kind: 'throttle', remaining: times, status: 429, retryAfterSeconds, match: matcher(match) }),
    fail: ({ times, status = 500, match }) => void faults.push({ kind: 'fail', remaining: times, status, match: matcher(match) }),
    clearFaults: () => void (faults = []),
  };
  const acceptToken = opts.acceptToken ?? ((t: string) => t.length > 0);
  let baseUrl = '';

  const wsKey = (s: string, rg: string, n: string) => `${key(s)}/${key(rg)}/${key(n)}`;

  function page<T>(items: T[], path: string, query: Record<string, string>, render: (item: T) => unknown) {
    const skip = Math.max(0, Number(query['$skipToken'] ?? 0) || 0);
    const top = Number(query['$top'] ?? 0) || controls.pageSize;
    const size = Math.max(1, Math.min(top, controls.pageSize));
    const slice = items.slice(skip, skip + size);
    const body: { value: unknown[]; nextLink?: string } = { value: slice.map(render) };
    if (skip + size < items.length) {
      const next = new URL(`${baseUrl}${path}`);
      next.searchParams.set('api-version', FAKE_ARM_API_VERSION);
      next.searchParams.set('$skipToken', String(skip + size));
      body.nextLink = next.toString();
    }
    return body;
  }

  function renderWorkspace(ws: FakeWorkspace) {
    const id = workspaceResourceId(ws.subscriptionId, ws.resourceGroup, ws.name);
    const rgId = `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}`;
    return {
      id,
      name: ws.name,
      type: `${PROVIDER}/workspaces`,
      location: ws.location,
      tags: ws.tags,
      identity: { type: 'SystemAssigned', principalId: randomUUID(), tenantId: randomUUID() },
      sku: { name: 'Basic', tier: 'Basic' },
      properties: {
        friendlyName: ws.friendlyName,
        description: '',
        workspaceId: ws.workspaceGuid,
        storageAccount: `${rgId}/providers/Microsoft.Storage/storageAccounts/st${ws.name.replace(/\W/g, '').slice(0, 20)}`,
        keyVault: `${rgId}/providers/Microsoft.KeyVault/vaults/kv-${ws.name}`.slice(0, 200),
        applicationInsights: `${rgId}/providers/Microsoft.insights/components/appi-${ws.name}`,
        containerRegistry: `${rgId}/providers/Microsoft.ContainerRegistry/registries/cr${ws.name.replace(/\W/g, '').slice(0, 20)}`,
        discoveryUrl: `https://${ws.location}.api.azureml.ms/discovery`,
        provisioningState: 'Succeeded',
        hbiWorkspace: false,
        publicNetworkAccess: 'Enabled',
        mlFlowTrackingUri: `azureml://${ws.location}.api.azureml.ms/mlflow/v1.0${id}`,
      },
      systemData: systemData(ws.createdAt, 'platform.admin@contoso.example'),
    };
  }

  function renderContainer(ws: FakeWorkspace, m: FakeModel) {
    const versions = [...m.versions.keys()].sort(compareVersions);
    const latest = versions.at(-1);
    return {
      id: `${workspaceResourceId(ws.subscriptionId, ws.resourceGroup, ws.name)}/models/${m.name}`,
      name: m.name,
      type: `${PROVIDER}/workspaces/models`,
      properties: {
        description: m.description,
        tags: m.tags,
        properties: {},
        isArchived: false,
        latestVersion: latest,
        nextVersion: latest && Number.isInteger(Number(latest)) ? String(Number(latest) + 1) : undefined,
      },
      systemData: systemData(m.createdAt, 'data.scientist@contoso.example'),
    };
  }

  function renderVersion(ws: FakeWorkspace, m: FakeModel, v: FakeModelVersion) {
    return {
      id: `${workspaceResourceId(ws.subscriptionId, ws.resourceGroup, ws.name)}/models/${m.name}/versions/${v.version}`,
      name: v.version,
      type: `${PROVIDER}/workspaces/models/versions`,
      properties: {
        description: v.description ?? '',
        tags: v.tags ?? {},
        properties: v.properties ?? {},
        isAnonymous: false,
        isArchived: v.isArchived ?? false,
        modelType: v.modelType,
        modelUri:
          v.modelUri ??
          `azureml://subscriptions/${ws.subscriptionId}/resourcegroups/${ws.resourceGroup}/workspaces/${ws.name}/datastores/workspaceartifactstore/paths/models/${m.name}/${v.version}/`,
        jobName: v.jobName,
        flavors: {},
      },
      systemData: systemData(v.createdAt, v.createdBy, v.lastModifiedAt),
    };
  }

  function renderOnlineEndpoint(ws: FakeWorkspace, ep: FakeOnlineEndpoint) {
    const id = `${workspaceResourceId(ws.subscriptionId, ws.resourceGroup, ws.name)}/onlineEndpoints/${ep.name}`;
    return {
      id,
      name: ep.name,
      type: `${PROVIDER}/workspaces/onlineEndpoints`,
      location: ws.location,
      kind: 'Managed',
      tags: {},
      identity: { type: 'SystemAssigned', principalId: randomUUID(), tenantId: randomUUID() },
      properties: {
        authMode: 'Key',
        description: '',
        properties: {},
        scoringUri: `https://${ep.name}.${ws.location}.inference.ml.azure.com/score`,
        swaggerUri: `https://${ep.name}.${ws.location}.inference.ml.azure.com/swagger.json`,
        traffic: ep.traffic,
        provisioningState: ep.provisioningState,
        publicNetworkAccess: 'Enabled',
      },
      systemData: systemData(ep.createdAt, 'ml.engineer@contoso.example'),
    };
  }

  function renderOnlineDeployment(ws: FakeWorkspace, ep: FakeOnlineEndpoint, d: FakeOnlineDeploymentInput) {
    return {
      id: `${workspaceResourceId(ws.subscriptionId, ws.resourceGroup, ws.name)}/onlineEndpoints/${ep.name}/deployments/${d.name}`,
      name: d.name,
      type: `${PROVIDER}/workspaces/onlineEndpoints/deployments`,
      location: ws.location,
      kind: 'Managed',
      tags: {},
      sku: { name: 'Default', capacity: 1 },
      properties: {
        endpointComputeType: 'Managed',
        model: d.model,
        instanceType: d.instanceType ?? 'Standard_DS3_v2',
        provisioningState: d.provisioningState ?? 'Succeeded',
        appInsightsEnabled: false,
        scaleSettings: { scaleType: 'Default' },
        requestSettings: { maxConcurrentRequestsPerInstance: 1, requestTimeout: 'PT5S', maxQueueWait: 'PT0.5S' },
        properties: {},
        description: '',
      },
      systemData: systemData(d.createdAt ?? ep.createdAt, 'ml.engineer@contoso.example'),
    };
  }

  function renderBatchEndpoint(ws: FakeWorkspace, ep: FakeBatchEndpoint) {
    return {
      id: `${workspaceResourceId(ws.subscriptionId, ws.resourceGroup, ws.name)}/batchEndpoints/${ep.name}`,
      name: ep.name,
      type: `${PROVIDER}/workspaces/batchEndpoints`,
      location: ws.location,
      kind: 'BatchEndpoint',
      tags: {},
      properties: {
        authMode: 'AADToken',
        description: '',
        properties: {},
        defaults: ep.defaultDeployment ? { deploymentName: ep.defaultDeployment } : {},
        scoringUri: `https://${ep.name}.${ws.location}.inference.ml.azure.com/jobs`,
        provisioningState: ep.provisioningState,
      },
      systemData: systemData(ep.createdAt, 'ml.engineer@contoso.example'),
    };
  }

  function renderBatchDeployment(ws: FakeWorkspace, ep: FakeBatchEndpoint, d: FakeBatchDeploymentInput) {
    return {
      id: `${workspaceResourceId(ws.subscriptionId, ws.resourceGroup, ws.name)}/batchEndpoints/${ep.name}/deployments/${d.name}`,
      name: d.name,
      type: `${PROVIDER}/workspaces/batchEndpoints/deployments`,
      location: ws.location,
      tags: {},
      properties: {
        model: { referenceType: 'Id', assetId: d.model },
        compute: 'cpu-cluster',
        provisioningState: d.provisioningState ?? 'Succeeded',
        miniBatchSize: 10,
        outputAction: 'AppendRow',
        outputFileName: 'predictions.csv',
        errorThreshold: -1,
        loggingLevel: 'Info',
        properties: {},
        description: '',
      },
      systemData: systemData(d.createdAt ?? ep.createdAt, 'ml.engineer@contoso.example'),
    };
  }

  function notFound(what: string, name: string, rg: string): never {
    throw new HttpError(
      404,
      'ResourceNotFound',
      `The Resource '${PROVIDER}/${what}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }

  async function route(
    method: string,
    segments: string[],
    query: Record<string, string>,
    path: string,
    body: unknown,
  ): Promise<{ status: number; json: unknown }> {
    // /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}/...
    const [s0, sub, s2, rg, s4, provider, s6, wsName, ...rest] = segments;
    if (
      key(s0 ?? '') !== 'subscriptions' ||
      key(s2 ?? '') !== 'resourcegroups' ||
      key(s4 ?? '') !== 'providers' ||
      key(provider ?? '') !== key(PROVIDER) ||
      key(s6 ?? '') !== 'workspaces' ||
      !sub ||
      !rg ||
      !wsName
    ) {
      throw new HttpError(404, 'InvalidResourceType', `The resource path '${path}' is not served by this fake.`);
    }
    const ws = workspaces.get(wsKey(sub, rg, wsName));
    if (ws?.deny === 401) throw new HttpError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
    if (ws?.deny === 403) {
      throw new HttpError(
        403,
        'AuthorizationFailed',
        `The client '00000000-0000-0000-0000-000000000000' does not have authorization to perform action '${PROVIDER}/workspaces/read' over scope '${workspaceResourceId(sub, rg, wsName)}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
    }
    if (!ws) notFound('workspaces', wsName, rg);
    const [kind, name, sub2, name2] = rest;
    if (!kind) {
      if (method !== 'GET') throw new HttpError(405, 'MethodNotAllowed', `${method} is not supported here`);
      return { status: 200, json: renderWorkspace(ws) };
    }
    if (key(kind) === 'models') {
      if (!name) {
        const models = [...ws.models.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
        return { status: 200, json: page(models, path, query, (m) => renderContainer(ws, m)) };
      }
      const model = ws.models.get(key(name));
      if (!sub2) {
        if (!model) notFound('workspaces/models', name, rg);
        return { status: 200, json: renderContainer(ws, model) };
      }
      if (key(sub2) !== 'versions') throw new HttpError(404, 'InvalidResourceType', `Unknown path ${path}`);
      if (!name2) {
        if (!model) notFound('workspaces/models', name, rg);
        const versions = [...model.versions.values()].sort((a, b) => compareVersions(a.version, b.version));
        return { status: 200, json: page(versions, path, query, (v) => renderVersion(ws, model, v)) };
      }
      if (method === 'PUT') {
        const props = ((body as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}) as Record<string, unknown>;
        const m = model ?? new FakeWorkspaceHandle(ws).addModel(name);
        const existing = m.versions.get(name2);
        const now = new Date();
        const next: FakeModelVersion = {
          version: name2,
          createdAt: existing?.createdAt ?? now,
          createdBy: existing?.createdBy ?? 'portal@contoso.example',
          lastModifiedAt: now,
          description: typeof props.description === 'string' ? props.description : '',
          tags: (props.tags as Dict | undefined) ?? {},
          properties: (props.properties as Dict | undefined) ?? {},
          jobName: typeof props.jobName === 'string' ? props.jobName : undefined,
          modelUri: typeof props.modelUri === 'string' ? props.modelUri : existing?.modelUri,
          modelType: typeof props.modelType === 'string' ? props.modelType : existing?.modelType,
          isArchived: props.isArchived === true,
        };
        m.versions.set(name2, next);
        return { status: existing ? 200 : 201, json: renderVersion(ws, m, next) };
      }
      const v = model?.versions.get(name2);
      if (!model || !v) notFound('workspaces/models/versions', `${name}/${name2}`, rg);
      return { status: 200, json: renderVersion(ws, model, v) };
    }
    if (key(kind) === 'onlineendpoints') {
      if (!name) {
        const eps = [...ws.onlineEndpoints.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
        return { status: 200, json: page(eps, path, query, (e) => renderOnlineEndpoint(ws, e)) };
      }
      const ep = ws.onlineEndpoints.get(key(name));
      if (!ep) notFound('workspaces/onlineEndpoints', name, rg);
      if (!sub2) return { status: 200, json: renderOnlineEndpoint(ws, ep) };
      const ds = [...ep.deployments.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
      if (!name2) return { status: 200, json: page(ds, path, query, (d) => renderOnlineDeployment(ws, ep, d)) };
      const d = ep.deployments.get(key(name2));
      if (!d) notFound('workspaces/onlineEndpoints/deployments', `${name}/${name2}`, rg);
      return { status: 200, json: renderOnlineDeployment(ws, ep, d) };
    }
    if (key(kind) === 'batchendpoints') {
      if (!name) {
        const eps = [...ws.batchEndpoints.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
        return { status: 200, json: page(eps, path, query, (e) => renderBatchEndpoint(ws, e)) };
      }
      const ep = ws.batchEndpoints.get(key(name));
      if (!ep) notFound('workspaces/batchEndpoints', name, rg);
      if (!sub2) return { status: 200, json: renderBatchEndpoint(ws, ep) };
      const ds = [...ep.deployments.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
      if (!name2) return { status: 200, json: page(ds, path, query, (d) => renderBatchDeployment(ws, ep, d)) };
      const d = ep.deployments.get(key(name2));
      if (!d) notFound('workspaces/batchEndpoints/deployments', `${name}/${name2}`, rg);
      return { status: 200, json: renderBatchDeployment(ws, ep, d) };
    }
    throw new HttpError(404, 'InvalidResourceType', `The resource type '${kind}' is not served by this fake.`);
  }

  const server = https.createServer({ cert: opts.cert, key: opts.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'https://fake-arm.local');
        const query: Record<string, string> = {};
        for (const [k, v] of url.searchParams) query[k] = v;
        const method = req.method ?? 'GET';
        const path = decodeURIComponent(url.pathname);
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          body = raw;
        }
        const authorization = req.headers.authorization ?? null;
        const record: RecordedRequest = {
          at: Date.now(),
          method,
          path,
          query,
          status: 0,
          authorization,
          ...(body === undefined ? {} : { body }),
        };
        requests.push(record);
        for (const mounted of opts.routes ?? []) {
          const out = mounted({ method, path, query, body, authorization });
          if (!out) continue;
          record.status = out.status;
          res.writeHead(out.status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': randomUUID(), ...out.headers });
          res.end(out.json === undefined ? '' : JSON.stringify(out.json));
          return;
        }
        let status = 200;
        let json: unknown;
        const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': randomUUID() };
        try {
          if (controls.delayMs > 0) await new Promise((r) => setTimeout(r, controls.delayMs));
          const fault = faults.find((f) => f.remaining > 0 && (!f.match || f.match({ method, path })));
          if (fault) {
            fault.remaining--;
            if (fault.kind === 'throttle') {
              throw new HttpError(429, 'TooManyRequests', 'The request is being throttled.', {
                'retry-after': String(fault.retryAfterSeconds ?? 1),
              });
            }
            throw new HttpError(
              fault.status,
              fault.status === 503 ? 'ServiceUnavailable' : 'InternalServerError',
              `The service failed to process the request (fault injected, ${fault.status}).`,
            );
          }
          const apiVersions = url.searchParams.getAll('api-version');
          if (!apiVersions.length || apiVersions.some((v) => v !== FAKE_ARM_API_VERSION)) {
            throw new HttpError(
              400,
              'InvalidApiVersionParameter',
              `The api-version '${apiVersions.join(',')}' is invalid. The supported version is '${FAKE_ARM_API_VERSION}'.`,
            );
          }
          const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
          if (!token) throw new HttpError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
          if (!acceptToken(token)) throw new HttpError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
          if (method !== 'GET' && method !== 'PUT')
            throw new HttpError(405, 'MethodNotAllowed', `${method} is not supported by this fake.`);
          const out = await route(method, path.split('/').filter(Boolean), query, url.pathname, body);
          status = out.status;
          json = out.json;
        } catch (e) {
          if (e instanceof HttpError) {
            status = e.status;
            Object.assign(headers, e.headers);
            json = { error: { code: e.code, message: e.message } };
          } else {
            status = 500;
            json = { error: { code: 'InternalServerError', message: e instanceof Error ? e.message : String(e) } };
          }
        }
        record.status = status;
        res.writeHead(status, headers);
        res.end(JSON.stringify(json));
      })();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `https://${opts.host ?? '127.0.0.1'}:${address.port}`;

  return {
    url: baseUrl,
    requests,
    controls,
    addWorkspace: ({ subscriptionId, resourceGroup, name, location = 'westeurope', tags = {} }) => {
      const ws: FakeWorkspace = {
        subscriptionId,
        resourceGroup,
        name,
        location,
        tags,
        workspaceGuid: randomUUID(),
        friendlyName: name,
        createdAt: new Date(),
        models: new Map(),
        onlineEndpoints: new Map(),
        batchEndpoints: new Map(),
      };
      workspaces.set(wsKey(subscriptionId, resourceGroup, name), ws);
      return new FakeWorkspaceHandle(ws);
    },
    workspace: (s, rg, n) => {
      const ws = workspaces.get(wsKey(s, rg, n));
      return ws ? new FakeWorkspaceHandle(ws) : undefined;
    },
    removeWorkspace: (s, rg, n) => void workspaces.delete(wsKey(s, rg, n)),
    clearRequests: () => void requests.splice(0, requests.length),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
