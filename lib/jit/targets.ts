/** The targets of a JIT request: its project and environment, resources and roles, and the rule that covers them. */
import { db } from '@/lib/db';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import { AppError, notFound } from '@/lib/errors';
import { activeRules, loadSubject } from '@/lib/jit/eligibility';
import { chooseRule, subjectMatches, uncoveredItems } from '@/lib/jit/policy';
import type { TJitItem } from '@/lib/jit/schema';

export async function resolveProjectEnvironment(code: string, key: EnvironmentKey) {
  const [project, environment] = await Promise.all([
    db().project.findUnique({
      where: { code },
      select: { id: true, code: true, name: true, implementationId: true, projectLeadId: true, businessOwnerId: true },
    }),
    db().environment.findUnique({ where: { key } }),
  ]);
  if (!project) throw notFound(`Project ${code}`);
  if (!environment) throw notFound(`Environment ${key}`);
  return { project, environment };
}

export type Project = Awaited<ReturnType<typeof resolveProjectEnvironment>>['project'];

type ResolvedItem = { resourceId: string; resourceName: string; resourceType: string; roleId: string; role: string };

/** The requested resources must belong to the project (or its implementation's shared workspace) in that environment. */
export async function resolveItems(
  project: Project,
  environment: { id: string; key: EnvironmentKey },
  items: TJitItem[],
): Promise<ResolvedItem[]> {
  const [resources, roles] = await Promise.all([
    db().azureResource.findMany({
      where: { id: { in: [...new Set(items.map((i) => i.resourceId))] } },
      include: {
        resourceType: { select: { key: true } },
        workspace: { select: { environmentId: true, projectId: true, implementationId: true } },
      },
    }),
    db().azureRole.findMany({ where: { abbreviation: { in: [...new Set(items.map((i) => i.role))] } } }),
  ]);
  const resourceById = new Map(resources.map((r) => [r.id, r]));
  const roleByAbbr = new Map(roles.map((r) => [r.abbreviation, r]));
  return items.map((item) => {
    const r = resourceById.get(item.resourceId);
    const belongs =
      r &&
      r.workspace.environmentId === environment.id &&
      (r.workspace.projectId === project.id ||
        (r.workspace.projectId === null && r.workspace.implementationId === project.implementationId));
    if (!r || !belongs)
      throw new AppError('NOT_FOUND', `Resource ${item.resourceId} was not found in ${project.code} ${environment.key.toLowerCase()}.`);
    const role = roleByAbbr.get(item.role);
    if (!role) throw new AppError('VALIDATION', `items: ${item.role} is not a role the portal knows.`);
    return { resourceId: r.id, resourceName: r.name, resourceType: r.resourceType.key, roleId: role.id, role: role.abbreviation };
  });
}

/** The rule for these items, or a refusal that says what is not covered. */
export async function ruleFor(
  actor: Actor,
  project: Project,
  environment: EnvironmentKey,
  items: ResolvedItem[],
  now: Date,
  breakGlass = false,
) {
  const subject = await loadSubject(db(), actor.id, project.id, now);
  const eligible = (await activeRules(db(), environment)).filter((r) => subjectMatches(r, subject));
  if (!eligible.length) {
    // Someone with no eligibility here and no read access learns nothing about the project.
    if (!can(actor, 'project.read', project.id)) throw notFound(`Project ${project.code}`);
    throw new AppError('FORBIDDEN', `You are not eligible for just-in-time access to ${project.code} in ${environment.toLowerCase()}.`);
  }
  const rule = chooseRule(eligible, subject, environment, items, { breakGlass });
  if (rule) return rule;
  if (breakGlass && !eligible.some((r) => r.breakGlass))
    throw new AppError(
      'FORBIDDEN',
      `Break-glass is for platform support, and only where a rule allows it; none does for ${project.code} in ${environment.toLowerCase()}.`,
    );
  const uncovered = items.filter((i) => eligible.every((r) => uncoveredItems(r, environment, [i]).length === 1));
  if (uncovered.length)
    throw new AppError(
      'FORBIDDEN',
      `Your eligibility does not cover ${uncovered.map((i) => `${i.role} on ${i.resourceName}`).join(', ')} in ${environment.toLowerCase()}.`,
    );
  throw new AppError(
    'UNPROCESSABLE',
    'These resources and roles fall under different eligibility rules; ask for them in separate requests.',
  );
}

export function itemsSummary(items: ResolvedItem[]) {
  return items.map((i) => ({ resource: i.resourceName, resourceType: i.resourceType, role: i.role }));
}
