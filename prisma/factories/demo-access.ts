/**
 * The demo's RACI, actual role assignments, one open access review and drift history, on top of
 * the demo organisation (demo.ts):
 * - every project past PROPOSED has an accepted RACI; CLAIMS has a later version awaiting Farah
 *   (the lead accepted it); ATTRITION (proposed) awaits both Lena and Omar;
 * - role assignments follow the RBAC matrix for each person's persona, plus one of each drift kind
 *   on FRAUD: a data scientist with Owner in production (read from Azure), the CI/CD pipeline with
 *   standing Owner where production grants it just in time, a custom role, the leaver Sam still
 *   holding a role, a user Azure reports whom the portal does not know, and a model end user
 *   holding a role through a group managed in Entra ID;
 * - an open review of CLAIMS by Farah, half decided;
 * - 30 days of drift snapshots (history made up for the chart; today's is computed).
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { matrixCells, type PersonaKey } from '@/lib/catalogue/facts';
import { recordAudit } from '@/lib/audit/record';
import { driftByProject, snapshotDriftRows, utcDay } from '@/lib/access/portfolio';
import { RACI_TEMPLATE } from '@/lib/raci/template';
import { takeSnapshot } from '@/lib/reviews/start';
import { createRaciVersion, createRoleAssignment } from './access';
import { DEMO_PEOPLE, DEMO_SERVICES } from './demo';
import { DEMO_TENANT_ID } from './org';

const DAY = 86_400_000;

export async function seedDemoAccess(client: PrismaClient, now = new Date()) {
  const users = new Map<string, { id: string; displayName: string }>();
  for (const p of DEMO_PEOPLE)
    users.set(p.key, await client.user.findUniqueOrThrow({ where: { upn: p.upn }, select: { id: true, displayName: true } }));
  const u = (key: string) => users.get(key)!;
  const leaver = await client.user.findUniqueOrThrow({ where: { upn: 'sam.leaver@contoso.example' } });
  const services = new Map<string, string>();
  for (const s of DEMO_SERVICES) services.set(s.key, (await client.serviceIdentity.findFirstOrThrow({ where: { appId: s.appId } })).id);
  const projects = await client.project.findMany({
    include: { workspaces: { include: { environment: true } }, projectLead: true, businessOwner: true },
    orderBy: { code: 'asc' },
  });
  const byCode = new Map(projects.map((p) => [p.code, p]));

  // RACI versions.
  for (const p of projects) {
    const lead = { role: 'PROJECT_LEAD' as const, userId: p.projectLeadId!, userLabel: p.projectLead!.displayName };
    const owner = { role: 'BUSINESS_OWNER' as const, userId: p.businessOwnerId!, userLabel: p.businessOwner!.displayName };
    const started = new Date(p.createdAt.getTime() + 3 * DAY);
    if (p.lifecycle === 'PROPOSED') {
      await createRaciVersion(client, {
        projectId: p.id,
        version: 1,
        createdById: lead.userId,
        createdByLabel: lead.userLabel,
        note: 'Started from the template',
        createdAt: new Date(now.getTime() - 6 * DAY),
      });
      continue;
    }
    await createRaciVersion(client, {
      projectId: p.id,
      version: 1,
      createdById: lead.userId,
      createdByLabel: lead.userLabel,
      note: 'Started from the template',
      createdAt: started,
      acceptedBy: [
        { ...lead, acceptedAt: new Date(started.getTime() + DAY) },
        { ...owner, acceptedAt: new Date(started.getTime() + 2 * DAY) },
      ],
    });
    if (p.code === 'CLAIMS') {
      const matrix = structuredClone(RACI_TEMPLATE);
      matrix['monitoring-response'] = { ...matrix['monitoring-response'], 'data-analyst': 'R' };
      matrix.iteration = { ...matrix.iteration, 'business-owner': 'A', 'project-lead': 'R' };
      await createRaciVersion(client, {
        projectId: p.id,
        version: 2,
        matrix,
        createdById: lead.userId,
        createdByLabel: lead.userLabel,
        note: 'Iteration is now the business owner’s call; analysts respond to drift alerts',
        createdAt: new Date(now.getTime() - 4 * DAY),
        acceptedBy: [{ ...lead, acceptedAt: new Date(now.getTime() - 4 * DAY + 3_600_000) }],
      });
    }
  }

  // Role assignments as the matrix intends, for each person's standing persona on each project.
  const cells = matrixCells();
  const intended = (envClass: 'PRODUCTION' | 'PREPRODUCTION', persona: PersonaKey) =>
    cells.filter(
      (c) => c.environmentClass === envClass && c.personaKey === persona && c.accessPeriod === 'LIFE_OF_PROJECT' && c.roles.length > 0,
    );
  for (const p of projects) {
    if (p.lifecycle === 'PROPOSED' || p.lifecycle === 'RETIRED') continue;
    const envs = p.workspaces.map((w) => w.environment.key as EnvironmentKey);
    const holders = await client.personaAssignment.findMany({
      where: { projectId: p.id, userId: { not: null }, revokedAt: null },
      include: { persona: true, user: true },
    });
    for (const h of holders) {
      if (!h.user!.enabled) continue;
      for (const env of envs) {
        for (const cell of intended(env === 'DEVELOPMENT' ? 'PREPRODUCTION' : 'PRODUCTION', h.persona.key as PersonaKey)) {
          for (const role of cell.roles) {
            if (role === 'DOPA' || role === 'DOPCA') continue;
            await createRoleAssignment(client, {
              projectId: p.id,
              environment: env,
              resourceType: cell.resourceTypeKey,
              role,
              userId: h.userId!,
              validFrom: new Date(p.createdAt.getTime() + 10 * DAY),
            });
          }
        }
      }
    }
    // Process identities hold their platform roles on every project workspace.
    for (const [key, persona] of [
      ['amlmi', 'aml-workspace-identity'],
      ['monitoring', 'monitoring-process'],
      ['purview', 'data-governance-process'],
    ] as const) {
      for (const env of envs)
        for (const cell of intended(env === 'DEVELOPMENT' ? 'PREPRODUCTION' : 'PRODUCTION', persona))
          for (const role of cell.roles)
            await createRoleAssignment(client, {
              projectId: p.id,
              environment: env,
              resourceType: cell.resourceTypeKey,
              role,
              serviceIdentityId: services.get(key)!,
            });
    }
  }

  // One of each drift kind on FRAUD.
  const fraud = byCode.get('FRAUD')!;
  const prodWs = fraud.workspaces.find((w) => w.environment.key === 'PRODUCTION')!;
  const devWs = fraud.workspaces.find((w) => w.environment.key === 'DEVELOPMENT')!;
  const armId = (scope: string) => `${scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`;
  await createRoleAssignment(client, {
    projectId: fraud.id,
    environment: 'PRODUCTION',
    resourceType: 'aml-workspace',
    role: 'O',
    userId: u('avery').id,
    source: 'AZURE',
    scope: prodWs.azureResourceId,
    azureRoleAssignmentId: armId(prodWs.azureResourceId),
    validFrom: new Date(now.getTime() - 12 * DAY),
  });
  await createRoleAssignment(client, {
    projectId: fraud.id,
    environment: 'PRODUCTION',
    resourceType: 'aml-workspace',
    role: 'O',
    serviceIdentityId: services.get('cicd')!,
    validFrom: new Date(now.getTime() - 40 * DAY),
  });
  await createRoleAssignment(client, {
    projectId: fraud.id,
    environment: 'PRODUCTION',
    resourceType: 'container-registry',
    role: 'ACRPush',
    serviceIdentityId: services.get('cicd')!,
    validFrom: new Date(now.getTime() - 3_600_000),
    validUntil: new Date(now.getTime() + 3 * 3_600_000),
  });
  await createRoleAssignment(client, {
    projectId: fraud.id,
    environment: 'DEVELOPMENT',
    resourceType: 'aml-workspace',
    role: 'Contoso ML Deployer',
    custom: true,
    userId: u('eli').id,
    validFrom: new Date(now.getTime() - 90 * DAY),
  });
  await createRoleAssignment(client, {
    projectId: fraud.id,
    environment: 'DEVELOPMENT',
    resourceType: 'aml-workspace',
    role: 'ADS',
    userId: leaver.id,
    validFrom: new Date(now.getTime() - 380 * DAY),
  });
  await createRoleAssignment(client, {
    projectId: fraud.id,
    environment: 'DEVELOPMENT',
    resourceType: 'storage-account',
    role: 'R',
    unknownPrincipal: {
      type: 'USER',
      objectId: '5d0c2f4e-1b7a-4c8e-9f3d-6a2b8e1c7d90',
      name: 'Unknown user 5d0c2f4e-1b7a-4c8e-9f3d-6a2b8e1c7d90',
    },
    source: 'AZURE',
    scope: `/subscriptions/${devWs.subscriptionId}/resourceGroups/${devWs.resourceGroup}`,
    azureRoleAssignmentId: armId(`/subscriptions/${devWs.subscriptionId}/resourceGroups/${devWs.resourceGroup}`),
  });
  const consumers = await client.group.create({
    data: { entraObjectId: '9c0e4b7d-3a51-4f28-b6e2-1d8f0a7c5b03', tenantId: DEMO_TENANT_ID, displayName: 'sg-fraud-report-consumers' },
  });
  await client.groupMember.create({ data: { groupId: consumers.id, userId: u('hana').id } });
  await createRoleAssignment(client, {
    projectId: fraud.id,
    environment: 'PRODUCTION',
    resourceType: 'log-analytics',
    role: 'LAR',
    userId: u('hana').id,
    viaGroupId: consumers.id,
  });

  // CLAIMS: a tester from another project still reads the production workspace.
  const claims = byCode.get('CLAIMS')!;
  await createRoleAssignment(client, {
    projectId: claims.id,
    environment: 'PRODUCTION',
    resourceType: 'aml-workspace',
    role: 'R',
    userId: u('casey').id,
    validFrom: new Date(now.getTime() - 200 * DAY),
  });
  await client.user.update({ where: { id: u('dana').id }, data: { lastSignInAt: new Date(now.getTime() - 45 * DAY) } });

  // An open review of CLAIMS, started five days ago by Farah, partly decided.
  const started = new Date(now.getTime() - 5 * DAY);
  const review = await client.accessReview.create({
    data: {
      title: 'CLAIMS: quarterly access review',
      projectId: claims.id,
      implementationId: claims.implementationId,
      scope: 'ALL_STANDING',
      reviewerIds: [u('farah').id],
      fallbackReviewerId: u('kemi').id,
      durationDays: 14,
      dueAt: new Date(started.getTime() + 14 * DAY),
      recurrence: 'QUARTERLY',
      status: 'OPEN',
      startsAt: started,
      startedAt: started,
      startedById: u('farah').id,
      startedByLabel: u('farah').displayName,
    },
  });
  const count = await takeSnapshot(client, review, started);
  await recordAudit(client, {
    actor: { type: 'user', id: u('farah').id, label: u('farah').displayName },
    action: 'review.started',
    target: { type: 'access_review', id: review.id },
    projectId: claims.id,
    data: { title: review.title, items: count, scope: 'ALL_STANDING', recurrence: 'QUARTERLY' },
  });
  const leadItems = await client.accessReviewItem.findMany({ where: { reviewId: review.id, subjectUserId: u('eli').id } });
  await client.accessReviewItem.updateMany({
    where: { id: { in: leadItems.map((i) => i.id) } },
    data: {
      decision: 'APPROVE',
      decidedBy: 'reviewer',
      decidedById: u('farah').id,
      decidedByLabel: u('farah').displayName,
      decidedAt: new Date(now.getTime() - 2 * DAY),
      justification: 'Project lead: needed for break/fix',
    },
  });
  for (const i of leadItems)
    await recordAudit(client, {
      actor: { type: 'user', id: u('farah').id, label: u('farah').displayName },
      action: 'review.decided',
      target: { type: 'access_review_item', id: i.id },
      projectId: claims.id,
      data: { reviewId: review.id, decision: 'APPROVE', justification: 'Project lead: needed for break/fix', bulk: leadItems.length > 1 },
    });

  // Drift history: today's figures computed, the month before made up so the chart has a shape.
  const today = utcDay(now);
  const counts = await driftByProject('all', now, client);
  const rows = [];
  for (const p of projects) {
    if (p.lifecycle === 'RETIRED') continue;
    const c = counts.get(p.id);
    for (let d = 29; d >= 0; d--) {
      const extra = p.code === 'FRAUD' ? Math.floor(d / 6) : p.code === 'CLAIMS' && d > 10 ? 1 : 0;
      rows.push(snapshotDriftRows(p.id, new Date(today.getTime() - d * DAY), c, extra));
    }
  }
  await client.driftSnapshot.createMany({ data: rows });
}
