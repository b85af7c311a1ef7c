/**
 * The demo's package exceptions: one in every state across two projects (pending with and without
 * a first approval, approved, expired, rejected, withdrawn), with their decisions and audit rows,
 * and the release pipeline's container scans, one of which stopped a deployment. Written as the
 * service writes them, back-dated; the service itself cannot run before the app exists.
 */
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { EnvironmentKey, PackageExceptionStatus } from '@/lib/generated/prisma/enums';
import { recordAudit, SYSTEM_AUDIT_ACTOR, type AuditActor } from '@/lib/audit/record';
import type { AuditAction } from '@/lib/audit/vocabulary';
import { defaultRules, expiryFrom, slotKey } from '@/lib/package-exceptions/policy';

const DAY = 86_400_000;

type Spec = {
  project: string;
  by: string;
  packageName: string;
  versionSpec: string;
  source: string;
  licence: string;
  justification: string;
  environments: EnvironmentKey[];
  validityDays: number;
  daysAgo: number;
  status: PackageExceptionStatus;
  scan?: { tool: string; critical: number; high: number; medium: number; low: number };
  decisions?: {
    by: string;
    slot: 'platform-lead' | 'project-lead';
    kind: 'APPROVE' | 'REJECT';
    hoursAfter: number;
    comment?: string;
    reason?: string;
  }[];
  closedReason?: string;
};

const SPECS: Spec[] = [
  {
    project: 'FRAUD',
    by: 'avery',
    packageName: 'graph-fraud-kit',
    versionSpec: '>=2.3,<3',
    source: 'vendor-feed',
    licence: 'Apache-2.0',
    justification: 'Graph features for ring detection; the vendor publishes it only on its own feed.',
    environments: ['DEVELOPMENT', 'STAGING', 'QA'],
    validityDays: 120,
    daysAgo: 20,
    status: 'APPROVED',
    scan: { tool: 'trivy', critical: 0, high: 0, medium: 2, low: 5 },
    decisions: [
      { by: 'eli', slot: 'project-lead', kind: 'APPROVE', hoursAfter: 3, comment: 'Needed for the ring-detection features.' },
      { by: 'theo', slot: 'platform-lead', kind: 'APPROVE', hoursAfter: 20, comment: 'Scan is clean; feed is pinned.' },
    ],
  },
  {
    project: 'FRAUD',
    by: 'avery',
    packageName: 'tabular-explain',
    versionSpec: '==0.9.4',
    source: 'git:contoso-research/tabular-explain',
    licence: 'MIT',
    justification: 'Explanations for the model card; the research build is not released to the public index yet.',
    environments: ['DEVELOPMENT'],
    validityDays: 60,
    daysAgo: 2,
    status: 'PENDING',
    decisions: [{ by: 'eli', slot: 'project-lead', kind: 'APPROVE', hoursAfter: 5 }],
  },
  {
    project: 'FRAUD',
    by: 'avery',
    packageName: 'fast-isolation-forest',
    versionSpec: '1.2.0',
    source: 'vendor-feed',
    licence: 'BSD-3-Clause',
    justification: 'A faster isolation forest for the anomaly baseline, used during last quarter’s experiments.',
    environments: ['DEVELOPMENT'],
    validityDays: 30,
    daysAgo: 75,
    status: 'EXPIRED',
    decisions: [
      { by: 'eli', slot: 'project-lead', kind: 'APPROVE', hoursAfter: 2 },
      { by: 'theo', slot: 'platform-lead', kind: 'APPROVE', hoursAfter: 6 },
    ],
    closedReason: 'past its expiry',
  },
  {
    project: 'FRAUD',
    by: 'avery',
    packageName: 'pdf-table-scraper',
    versionSpec: '>=0.3',
    source: 'file-share',
    licence: 'GPL-3.0',
    justification: 'Reads the chargeback reports that arrive as PDF tables from the card scheme.',
    environments: ['DEVELOPMENT', 'PRODUCTION'],
    validityDays: 90,
    daysAgo: 40,
    status: 'REJECTED',
    scan: { tool: 'trivy', critical: 1, high: 3, medium: 0, low: 0 },
    decisions: [
      {
        by: 'theo',
        slot: 'platform-lead',
        kind: 'REJECT',
        hoursAfter: 4,
        reason: 'A critical finding, and a GPL licence is not cleared for production use.',
      },
    ],
    closedReason: 'A critical finding, and a GPL licence is not cleared for production use.',
  },
  {
    project: 'CHURN',
    by: 'avery',
    packageName: 'survival-boost',
    versionSpec: '~=1.1',
    source: 'vendor-feed',
    licence: 'Apache-2.0',
    justification: 'Survival models for time-to-churn; no equivalent on the safe-listed repositories.',
    environments: ['DEVELOPMENT'],
    validityDays: 90,
    daysAgo: 0.5,
    status: 'PENDING',
  },
  {
    project: 'CHURN',
    by: 'avery',
    packageName: 'old-feature-store-client',
    versionSpec: '==0.4.1',
    source: 'vendor-feed',
    licence: 'Proprietary',
    justification: 'Client for the legacy feature store while the migration finishes.',
    environments: ['DEVELOPMENT'],
    validityDays: 30,
    daysAgo: 12,
    status: 'CANCELLED',
    closedReason: 'withdrawn by the requester: the migration finished early',
  },
];

const ACTION: Record<PackageExceptionStatus, AuditAction | null> = {
  PENDING: null,
  APPROVED: 'package.exception_approved',
  EXPIRED: 'package.exception_approved',
  REJECTED: 'package.exception_rejected',
  CANCELLED: 'package.exception_cancelled',
};

/** Writes the demo's package exceptions and scans. `person` maps a DEMO_PEOPLE key to its user id. */
export async function seedDemoPackages(client: PrismaClient, now: Date, person: (key: string) => string, pipelineAppId: string) {
  const users = new Map((await client.user.findMany({ select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]));
  const actorOf = (key: string): AuditActor => ({ type: 'user', id: person(key), label: users.get(person(key)) ?? key });
  for (const spec of SPECS) {
    const project = await client.project.findUniqueOrThrow({ where: { code: spec.project } });
    const at = new Date(now.getTime() - spec.daysAgo * DAY);
    const rules = defaultRules(spec.environments);
    const decisions = spec.decisions ?? [];
    const last = decisions.at(-1);
    const decidedAt = spec.status === 'PENDING' ? null : new Date(at.getTime() + (last?.hoursAfter ?? 24) * 3_600_000);
    const approved = spec.status === 'APPROVED' || spec.status === 'EXPIRED';
    const row = await client.packageException.create({
      data: {
        projectId: project.id,
        packageName: spec.packageName,
        versionSpec: spec.versionSpec,
        source: spec.source,
        licence: spec.licence,
        justification: spec.justification,
        environments: spec.environments,
        ...(spec.scan ? { scan: spec.scan } : {}),
        validityDays: spec.validityDays,
        rules,
        status: spec.status,
        requestedByUserId: person(spec.by),
        requesterLabel: actorOf(spec.by).label,
        openSlot: spec.status === 'PENDING' ? `${project.id}:${spec.packageName}:${spec.source}:${spec.versionSpec}` : null,
        createdAt: at,
        decidedAt,
        expiresAt: approved && decidedAt ? expiryFrom(decidedAt, spec.validityDays) : null,
        closedReason: spec.closedReason ?? null,
      },
    });
    const target = { type: 'package_exception' as const, id: row.id };
    await recordAudit(client, {
      actor: actorOf(spec.by),
      action: 'package.exception_requested',
      target,
      projectId: project.id,
      data: { package: spec.packageName, version: spec.versionSpec, source: spec.source, environments: spec.environments },
    });
    for (const d of decisions) {
      const index = rules.approvals.findIndex((s) => s.anyOf.includes(d.slot));
      await client.packageExceptionDecision.create({
        data: {
          exceptionId: row.id,
          userId: person(d.by),
          kind: d.kind,
          slot: d.kind === 'APPROVE' ? slotKey(index, rules.approvals[index]!.anyOf) : d.slot,
          comment: d.comment ?? '',
          reason: d.reason ?? null,
          createdAt: new Date(at.getTime() + d.hoursAfter * 3_600_000),
        },
      });
      if (d !== last || spec.status === 'PENDING')
        await recordAudit(client, { actor: actorOf(d.by), action: 'package.exception_approval_recorded', target, projectId: project.id });
    }
    const closing = ACTION[spec.status];
    if (closing) await recordAudit(client, { actor: actorOf(last?.by ?? spec.by), action: closing, target, projectId: project.id });
    if (spec.status === 'EXPIRED')
      await recordAudit(client, { actor: SYSTEM_AUDIT_ACTOR, action: 'package.exception_expired', target, projectId: project.id });
  }

  const svc = await client.serviceIdentity.findFirstOrThrow({ where: { appId: pipelineAppId } });
  const fraud = await client.project.findUniqueOrThrow({ where: { code: 'FRAUD' } });
  const scans = [
    {
      image: 'fraud-scorer:6',
      environment: 'STAGING' as const,
      outcome: 'PASSED' as const,
      critical: 0,
      high: 1,
      reason: 'No finding above the threshold for this environment.',
      daysAgo: 4,
    },
    {
      image: 'fraud-scorer:7-rc1',
      environment: 'STAGING' as const,
      outcome: 'FAILED' as const,
      critical: 2,
      high: 4,
      reason: '2 critical vulnerabilities found.',
      daysAgo: 1,
    },
  ];
  for (const s of scans) {
    const row = await client.containerScanReport.create({
      data: {
        projectId: fraud.id,
        environment: s.environment,
        image: `registry.contoso.example/fraud/${s.image}`,
        tool: 'defender-for-containers',
        outcome: s.outcome,
        critical: s.critical,
        high: s.high,
        reason: s.reason,
        runId: `release-${s.image}`,
        reportedBy: svc.displayName,
        reportedByKey: `service:${svc.id}`,
        createdAt: new Date(now.getTime() - s.daysAgo * DAY),
      },
    });
    await recordAudit(client, {
      actor: { type: 'service', id: svc.id, label: svc.displayName },
      action: s.outcome === 'PASSED' ? 'package.scan_passed' : 'package.scan_failed',
      target: { type: 'container_scan_report', id: row.id },
      projectId: fraud.id,
      data: { image: row.image, environment: s.environment, counts: { critical: s.critical, high: s.high }, reason: s.reason },
    });
  }
}
