/** What the JIT request form offers the actor: the projects, environments, resources and roles their eligibility covers. */
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import type { Actor } from '@/lib/auth/actor';
import { activeRules, loadSubjectFacts, subjectOn, type Rule } from '@/lib/jit/eligibility';
import { subjectMatches } from '@/lib/jit/policy';
import { ensureWorkspaceResources } from '@/lib/jit/resources';

export type TRuleSummary = Pick<
  Rule,
  | 'key'
  | 'name'
  | 'description'
  | 'maxDurationMinutes'
  | 'ticketRequired'
  | 'approvalsRequired'
  | 'approverRoles'
  | 'stepUpRequired'
  | 'breakGlass'
>;

const summaryOf = (r: Rule): TRuleSummary => ({
  key: r.key,
  name: r.name,
  description: r.description,
  maxDurationMinutes: r.maxDurationMinutes,
  ticketRequired: r.ticketRequired,
  approvalsRequired: r.approvalsRequired,
  approverRoles: r.approverRoles,
  stepUpRequired: r.stepUpRequired,
  breakGlass: r.breakGlass,
});

export type TRequestOptions = {
  projects: { code: string; name: string }[];
  /** More projects matched than are listed: narrow with the search. */
  projectsTruncated: boolean;
  project: { code: string; name: string } | null;
  environments: EnvironmentKey[];
  environment: EnvironmentKey | null;
  rules: TRuleSummary[];
  resources: {
    id: string;
    name: string;
    resourceType: string;
    resourceTypeName: string;
    workspace: string;
    enforcedByAzure: boolean;
    roles: { abbreviation: string; name: string }[];
  }[];
};

const PROJECT_OPTIONS_LIMIT = 200;

/**
 * What the actor may ask for: the projects some rule makes them eligible on (every project for a
 * platform-wide rule, their own for D2), then for a chosen project and environment the resources
 * and the roles the rules allow on each.
 */
export async function getRequestOptions(
  actor: Actor,
  input: { project?: string; environment?: EnvironmentKey; q?: string; breakGlass?: boolean },
  now = new Date(),
): Promise<TRequestOptions> {
  const empty: TRequestOptions = {
    projects: [],
    projectsTruncated: false,
    project: null,
    environments: [],
    environment: null,
    rules: [],
    resources: [],
  };
  if (actor.kind !== 'user') return empty;
  const rules = (await activeRules(db())).filter((r) => !input.breakGlass || r.breakGlass);
  const facts = (await loadSubjectFacts(db(), [actor.id], now)).get(actor.id);
  const anywhere = rules.filter((r) => subjectMatches(r, subjectOn(actor.id, facts, '00000000-0000-0000-0000-000000000000')));
  const ownProjectIds = [...(facts?.projectPersonas.keys() ?? [])].filter((pid) =>
    rules.some((r) => subjectMatches(r, subjectOn(actor.id, facts, pid))),
  );
  if (!anywhere.length && !ownProjectIds.length) return empty;
  const projectWhere: Prisma.ProjectWhereInput = {
    AND: [
      anywhere.length ? {} : { id: { in: ownProjectIds } },
      { workspaces: { some: {} } },
      input.q ? { OR: [{ code: { contains: input.q, mode: 'insensitive' } }, { name: { contains: input.q, mode: 'insensitive' } }] } : {},
    ],
  };
  const listed = await db().project.findMany({
    where: projectWhere,
    select: { code: true, name: true },
    orderBy: { code: 'asc' },
    take: PROJECT_OPTIONS_LIMIT + 1,
  });
  const out: TRequestOptions = {
    ...empty,
    projects: listed.slice(0, PROJECT_OPTIONS_LIMIT),
    projectsTruncated: listed.length > PROJECT_OPTIONS_LIMIT,
  };
  if (!input.project) return out;

  const project = await db().project.findFirst({
    where: { code: input.project, workspaces: { some: {} }, ...(anywhere.length ? {} : { id: { in: ownProjectIds } }) },
    select: { id: true, code: true, name: true, implementationId: true },
  });
  if (!project) return out;
  out.project = { code: project.code, name: project.name };
  const eligible = rules.filter((r) => subjectMatches(r, subjectOn(actor.id, facts, project.id)));
  const workspaces = await db().workspace.findMany({
    where: { OR: [{ projectId: project.id }, { projectId: null, implementationId: project.implementationId }] },
    select: { id: true, name: true, environment: { select: { key: true, ordinal: true } } },
    orderBy: { environment: { ordinal: 'asc' } },
  });
  out.environments = [...new Set(workspaces.map((w) => w.environment.key))].filter((env) =>
    eligible.some((r) => r.environments.includes(env)),
  );
  if (!input.environment || !out.environments.includes(input.environment)) return out;
  const environment = input.environment;
  out.environment = environment;
  const here = eligible.filter((r) => r.environments.includes(environment));
  out.rules = here.map(summaryOf);
  const envWorkspaces = workspaces.filter((w) => w.environment.key === environment);
  await ensureWorkspaceResources(
    db(),
    envWorkspaces.map((w) => w.id),
  );
  const [resources, roles] = await Promise.all([
    db().azureResource.findMany({
      where: { workspaceId: { in: envWorkspaces.map((w) => w.id) } },
      include: { resourceType: true, workspace: { select: { name: true } } },
      orderBy: [{ resourceType: { ordinal: 'asc' } }, { name: 'asc' }],
    }),
    db().azureRole.findMany({ select: { abbreviation: true, name: true, kind: true } }),
  ]);
  const roleByAbbr = new Map(roles.map((r) => [r.abbreviation, r]));
  out.resources = resources
    .map((res) => {
      const allowed = [...new Set(here.flatMap((r) => r.roles.filter((x) => x.resourceType === res.resourceType.key).map((x) => x.role)))];
      return {
        id: res.id,
        name: res.name,
        resourceType: res.resourceType.key,
        resourceTypeName: res.resourceType.name,
        workspace: res.workspace.name,
        enforcedByAzure: res.armScope,
        roles: allowed.map((a) => ({ abbreviation: a, name: roleByAbbr.get(a)?.name ?? a })),
      };
    })
    .filter((r) => r.roles.length > 0);
  return out;
}
