/**
 * Which signals a project has, derived from what it runs (seed 004 5.2, by environment):
 * - per production online endpoint: data drift, prediction drift, client requests, throttling
 *   delays and errors;
 * - per development online endpoint: "a development model appears to provide a regular service";
 * - per development workspace: staleness;
 * - per project: the budget and custom RBAC roles in use.
 * New signals start with their kind's default thresholds (data, editable per signal); an existing
 * signal is never changed here, so a tuned threshold stays.
 */
import { db } from '@/lib/db';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import type { EnvironmentKey, SignalKind } from '@/lib/generated/prisma/enums';
import { SIGNAL_KIND_INFO } from '@/lib/monitoring/schema';

/** Lifecycle states whose projects are monitored. */
export const MONITORED_LIFECYCLES = ['DEVELOPMENT', 'TESTING', 'PRODUCTION', 'ITERATION'] as const;

const PRODUCTION_ENDPOINT_KINDS: SignalKind[] = ['DATA_DRIFT', 'PREDICTION_DRIFT', 'REQUESTS_PER_MINUTE', 'THROTTLING_DELAY', 'ERROR_RATE'];

type Definition = Prisma.MonitoringSignalCreateManyInput;

function definition(
  projectId: string,
  kind: SignalKind,
  subject: { type: string; name: string; environment: EnvironmentKey | null; resourceId: string; region: string },
): Definition {
  const info = SIGNAL_KIND_INFO[kind];
  return {
    projectId,
    kind,
    subjectType: subject.type,
    subject: subject.name,
    environmentKey: subject.environment,
    resourceId: subject.resourceId,
    region: subject.region,
    thresholds: info.defaults,
    unit: info.unit,
  };
}

/** Creates the signals the given projects (all monitored ones when omitted) should have; returns how many were new. */
export async function ensureSignals(projectIds?: string[], client: PrismaClient = db()): Promise<number> {
  const projects = await client.project.findMany({
    where: { lifecycle: { in: [...MONITORED_LIFECYCLES] }, ...(projectIds ? { id: { in: projectIds } } : {}) },
    select: { id: true, code: true },
  });
  if (!projects.length) return 0;
  const ids = projects.map((p) => p.id);
  const [deployments, workspaces] = await Promise.all([
    client.deployment.findMany({
      where: { projectId: { in: ids }, status: 'ACTIVE', endpointKind: 'ONLINE', workspaceId: { not: null } },
      select: {
        projectId: true,
        endpointName: true,
        environment: { select: { key: true } },
        workspace: { select: { azureResourceId: true, subscriptionId: true, region: true } },
      },
    }),
    client.workspace.findMany({
      where: { projectId: { in: ids } },
      select: {
        projectId: true,
        name: true,
        azureResourceId: true,
        subscriptionId: true,
        region: true,
        environment: { select: { key: true } },
      },
    }),
  ]);
  const rows: Definition[] = [];
  for (const d of deployments) {
    if (!d.workspace) continue;
    const subject = {
      type: 'endpoint',
      name: d.endpointName,
      environment: d.environment.key,
      resourceId: `${d.workspace.azureResourceId}/onlineEndpoints/${d.endpointName}`,
      region: d.workspace.region,
    };
    if (d.environment.key === 'PRODUCTION') for (const kind of PRODUCTION_ENDPOINT_KINDS) rows.push(definition(d.projectId, kind, subject));
    if (d.environment.key === 'DEVELOPMENT') rows.push(definition(d.projectId, 'DEV_ONGOING_SERVICE', subject));
  }
  for (const w of workspaces) {
    if (!w.projectId || w.environment.key !== 'DEVELOPMENT') continue;
    rows.push(
      definition(w.projectId, 'WORKSPACE_STALENESS', {
        type: 'workspace',
        name: w.name,
        environment: 'DEVELOPMENT',
        resourceId: w.azureResourceId,
        region: w.region,
      }),
    );
  }
  for (const p of projects) {
    const subscription = workspaces.find((w) => w.projectId === p.id)?.subscriptionId;
    rows.push(
      definition(p.id, 'BUDGET', {
        type: 'project',
        name: p.code,
        environment: null,
        resourceId: subscription ? `/subscriptions/${subscription}` : '',
        region: '',
      }),
      definition(p.id, 'CUSTOM_RBAC', { type: 'project', name: p.code, environment: null, resourceId: '', region: '' }),
    );
  }
  const { count } = await client.monitoringSignal.createMany({ data: rows, skipDuplicates: true });
  return count;
}
