/**
 * The time machine: a project as it stood at a past instant, answered from the environment ledger
 * (deployments' deployedAt/retiredAt), the decisions' timestamps, the validity periods of persona
 * and role assignments and just-in-time grants, RACI acceptances and risk classifications. Nothing here is a snapshot:
 * the records' own periods are the history.
 */
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import { db } from '@/lib/db';
import { getProjectRecord } from '@/lib/inventory/queries';
import { classificationInForce } from '@/lib/risk/queries';
import type { TAsOf } from '@/lib/time-machine/schema';

const iso = (d: Date) => d.toISOString();
const startedBy = (at: Date) => ({ lte: at });

export async function getProjectAsOf(actor: Actor, code: string, at: Date, opts: { endpoint?: string } = {}): Promise<TAsOf> {
  const project = await getProjectRecord(actor, code);
  const seeRoles = can(actor, 'assignment.read', project.id);
  const [environments, deployments, personas, roles, grants, raciVersions, risk] = await Promise.all([
    db().environment.findMany({ orderBy: { ordinal: 'asc' } }),
    db().deployment.findMany({
      where: {
        projectId: project.id,
        deployedAt: startedBy(at),
        OR: [{ retiredAt: null }, { retiredAt: { gt: at } }],
        status: { not: 'FAILED' },
        ...(opts.endpoint ? { endpointName: opts.endpoint } : {}),
      },
      orderBy: [{ deployedAt: 'asc' }, { id: 'asc' }],
      include: {
        environment: { select: { key: true } },
        modelVersion: { select: { id: true, version: true, model: { select: { name: true } } } },
        promotionRequest: {
          select: {
            id: true,
            policy: { select: { name: true, version: true } },
            decisions: {
              where: { kind: 'APPROVE', createdAt: { lte: at }, OR: [{ supersededAt: null }, { supersededAt: { gt: at } }] },
              orderBy: { createdAt: 'asc' },
              select: {
                persona: true,
                createdAt: true,
                policyVersion: true,
                riskTier: true,
                riskPolicyVersion: true,
                user: { select: { displayName: true } },
              },
            },
          },
        },
      },
    }),
    db().personaAssignment.findMany({
      where: {
        projectId: project.id,
        createdAt: { lte: at },
        validFrom: startedBy(at),
        AND: [{ OR: [{ validUntil: null }, { validUntil: { gt: at } }] }, { OR: [{ revokedAt: null }, { revokedAt: { gt: at } }] }],
      },
      orderBy: [{ validFrom: 'asc' }, { id: 'asc' }],
      include: {
        persona: { select: { key: true } },
        environment: { select: { key: true } },
        user: { select: { id: true, displayName: true } },
        group: { select: { id: true, displayName: true } },
        serviceIdentity: { select: { id: true, displayName: true } },
      },
    }),
    seeRoles
      ? db().roleAssignment.findMany({
          where: {
            projectId: project.id,
            createdAt: { lte: at },
            validFrom: startedBy(at),
            AND: [{ OR: [{ endedAt: null }, { endedAt: { gt: at } }] }, { OR: [{ validUntil: null }, { validUntil: { gt: at } }] }],
          },
          orderBy: [{ validFrom: 'asc' }, { id: 'asc' }],
          include: { environment: { select: { key: true } }, resourceType: { select: { key: true } } },
          take: 1000,
        })
      : Promise.resolve(null),
    db().jitRequest.findMany({
      where: {
        projectId: project.id,
        activatedAt: { not: null, lte: at },
        expiresAt: { gt: at },
        OR: [{ endedAt: null }, { endedAt: { gt: at } }],
      },
      orderBy: [{ activatedAt: 'asc' }, { id: 'asc' }],
      include: {
        requester: { select: { displayName: true } },
        environment: { select: { key: true } },
        items: { include: { role: { select: { abbreviation: true } }, resource: { select: { name: true } } } },
      },
    }),
    db().raciVersion.findMany({
      where: { projectId: project.id, createdAt: { lte: at } },
      orderBy: { version: 'desc' },
      include: { acceptances: { where: { acceptedAt: { lte: at } } } },
    }),
    classificationInForce(project.id, at),
  ]);

  const raci = raciVersions.find((v) => v.acceptances.length >= 2) ?? null;
  return {
    at: iso(at),
    project: { code: project.code, name: project.name },
    environments: environments.map((e) => ({
      environment: e.key,
      live: deployments
        .filter((d) => d.environment.key === e.key)
        .map((d) => ({
          deploymentId: d.id,
          model: d.modelVersion.model.name,
          version: d.modelVersion.version,
          versionId: d.modelVersion.id,
          endpointName: d.endpointName,
          trafficPercent: d.trafficPercent,
          since: iso(d.deployedAt),
          promotion: d.promotionRequest
            ? {
                id: d.promotionRequest.id,
                policy: d.promotionRequest.policy,
                // The tier the promotion was approved under: its last approval's (null: unclassified).
                tier: d.promotionRequest.decisions.at(-1)?.riskTier ?? null,
                approvedBy: d.promotionRequest.decisions.map((x) => ({
                  name: x.user.displayName,
                  persona: x.persona,
                  at: iso(x.createdAt),
                  tier: x.riskTier,
                  riskPolicyVersion: x.riskPolicyVersion,
                })),
              }
            : null,
        })),
    })),
    personas: personas.map((a) => ({
      persona: a.persona.key,
      holder: a.user
        ? { kind: 'user' as const, id: a.user.id, label: a.user.displayName }
        : a.group
          ? { kind: 'group' as const, id: a.group.id, label: a.group.displayName }
          : { kind: 'service' as const, id: a.serviceIdentity?.id ?? null, label: a.serviceIdentity?.displayName ?? 'Unknown' },
      environment: a.environment?.key ?? null,
      since: iso(a.validFrom),
      until: a.validUntil ? iso(a.validUntil) : null,
    })),
    roles:
      roles?.map((r) => ({
        role: r.roleAbbreviation ?? r.roleName,
        principal: r.principalName,
        environment: r.environment.key,
        resourceType: r.resourceType.key,
        since: iso(r.validFrom),
        until: r.validUntil ? iso(r.validUntil) : null,
        justInTime: r.validUntil !== null,
      })) ?? null,
    jitGrants: grants.map((g) => ({
      id: g.id,
      requester: g.requester.displayName,
      environment: g.environment.key,
      roles: g.items.map((i) => `${i.role.abbreviation} on ${i.resource.name}`),
      activatedAt: iso(g.activatedAt!),
      until: iso(g.endedAt && g.endedAt < g.expiresAt! ? g.endedAt : g.expiresAt!),
    })),
    raci: raci
      ? {
          version: raci.version,
          acceptedAt: iso(raci.acceptances.reduce((m, a) => (a.acceptedAt > m ? a.acceptedAt : m), new Date(0))),
          acceptedBy: raci.acceptances.map((a) => `${a.userLabel} (${a.role.toLowerCase().replace('_', ' ')})`),
        }
      : null,
    risk: risk
      ? {
          tier: risk.tier,
          classificationVersion: risk.classification.version,
          riskPolicyVersion: risk.classification.riskPolicyVersion,
          acceptedAt: risk.classification.acceptedAt ? iso(risk.classification.acceptedAt) : null,
        }
      : null,
  };
}
