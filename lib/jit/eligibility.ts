/**
 * Loads what eligibility needs from the database: the active rules (as RuleTerms) and, for one or
 * many users, the personas, app roles and groups they hold now.
 */
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import type { EnvironmentKey, JitApproverRole } from '@/lib/generated/prisma/enums';
import { activeAssignmentWhere } from '@/lib/auth/load-actor';
import type { RuleTerms, Subject } from '@/lib/jit/policy';

type Client = PrismaClient | Prisma.TransactionClient;

export const ruleInclude = {
  roles: { select: { resourceType: { select: { key: true } }, role: { select: { abbreviation: true } } } },
} satisfies Prisma.JitEligibilityRuleInclude;

type RuleRow = Prisma.JitEligibilityRuleGetPayload<{ include: typeof ruleInclude }>;
export type Rule = RuleTerms & { id: string; name: string; description: string; pendingExpiryMinutes: number };

export function toRule(r: RuleRow): Rule {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    description: r.description,
    subjectKind: r.subjectKind,
    subjectPersona: r.subjectPersona,
    subjectUserId: r.subjectUserId,
    subjectGroupId: r.subjectGroupId,
    ownProjectOnly: r.ownProjectOnly,
    environments: r.environments,
    maxDurationMinutes: r.maxDurationMinutes,
    ticketRequired: r.ticketRequired,
    approvalsRequired: r.approvalsRequired,
    approverRoles: r.approverRoles as JitApproverRole[],
    stepUpRequired: r.stepUpRequired,
    breakGlass: r.breakGlass,
    active: r.active,
    pendingExpiryMinutes: r.pendingExpiryMinutes,
    roles: r.roles.map((x) => ({ resourceType: x.resourceType.key, role: x.role.abbreviation })),
  };
}

export async function activeRules(client: Client, environment?: EnvironmentKey): Promise<Rule[]> {
  const rows = await client.jitEligibilityRule.findMany({
    where: { active: true, ...(environment ? { environments: { has: environment } } : {}) },
    include: ruleInclude,
    orderBy: { key: 'asc' },
  });
  return rows.map(toRule);
}

type SubjectFacts = {
  enabled: boolean;
  appRoles: string[];
  groupIds: Set<string>;
  platformPersonas: Set<string>;
  /** projectId → personas */
  projectPersonas: Map<string, Set<string>>;
};

/** Eligibility facts for many users at once (three queries, whatever the number of users). */
export async function loadSubjectFacts(client: Client, userIds: string[], now = new Date()): Promise<Map<string, SubjectFacts>> {
  const ids = [...new Set(userIds)];
  const out = new Map<string, SubjectFacts>();
  if (!ids.length) return out;
  const [users, memberships] = await Promise.all([
    client.user.findMany({ where: { id: { in: ids } }, select: { id: true, enabled: true, appRoles: true } }),
    client.groupMember.findMany({ where: { userId: { in: ids } }, select: { userId: true, groupId: true } }),
  ]);
  for (const u of users) {
    out.set(u.id, {
      enabled: u.enabled,
      appRoles: u.appRoles,
      groupIds: new Set(),
      platformPersonas: new Set(),
      projectPersonas: new Map(),
    });
  }
  const groupsOf = new Map<string, string[]>();
  for (const m of memberships) {
    out.get(m.userId)?.groupIds.add(m.groupId);
    groupsOf.set(m.groupId, [...(groupsOf.get(m.groupId) ?? []), m.userId]);
  }
  const assignments = await client.personaAssignment.findMany({
    where: {
      AND: [activeAssignmentWhere(now), { OR: [{ userId: { in: ids } }, { groupId: { in: [...groupsOf.keys()] } }] }],
    },
    select: { userId: true, groupId: true, projectId: true, persona: { select: { key: true } } },
  });
  for (const a of assignments) {
    const holders = a.userId ? [a.userId] : (groupsOf.get(a.groupId ?? '') ?? []);
    for (const userId of holders) {
      const facts = out.get(userId);
      if (!facts) continue;
      if (!a.projectId) facts.platformPersonas.add(a.persona.key);
      else {
        const set = facts.projectPersonas.get(a.projectId) ?? new Set<string>();
        set.add(a.persona.key);
        facts.projectPersonas.set(a.projectId, set);
      }
    }
  }
  return out;
}

export function subjectOn(userId: string, facts: SubjectFacts | undefined, projectId: string): Subject {
  return {
    userId,
    enabled: facts?.enabled ?? false,
    appRoles: facts?.appRoles ?? [],
    projectPersonas: facts?.projectPersonas.get(projectId) ?? new Set(),
    platformPersonas: facts?.platformPersonas ?? new Set(),
    groupIds: facts?.groupIds ?? new Set(),
  };
}

export async function loadSubject(client: Client, userId: string, projectId: string, now = new Date()): Promise<Subject> {
  const facts = await loadSubjectFacts(client, [userId], now);
  return subjectOn(userId, facts.get(userId), projectId);
}

/** People who may approve for these roles on a project: its project leads (direct or by group) and platform leads. */
export async function approverUserIds(
  client: Client,
  projectId: string,
  roles: readonly JitApproverRole[],
  now = new Date(),
): Promise<string[]> {
  const ids = new Set<string>();
  if (roles.includes('PROJECT_LEAD')) {
    const rows = await client.personaAssignment.findMany({
      where: { AND: [activeAssignmentWhere(now), { projectId, persona: { key: 'project-lead' } }] },
      select: { userId: true, group: { select: { members: { select: { userId: true } } } } },
    });
    for (const r of rows) {
      if (r.userId) ids.add(r.userId);
      for (const m of r.group?.members ?? []) ids.add(m.userId);
    }
  }
  if (roles.includes('PLATFORM_LEAD')) {
    const leads = await client.user.findMany({ where: { enabled: true, appRoles: { has: 'Portal.PlatformLead' } }, select: { id: true } });
    for (const u of leads) ids.add(u.id);
  }
  if (!ids.size) return [];
  const enabled = await client.user.findMany({ where: { id: { in: [...ids] }, enabled: true }, select: { id: true } });
  return enabled.map((u) => u.id);
}
