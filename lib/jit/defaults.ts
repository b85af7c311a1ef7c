/**
 * The default eligibility rules, derived from the reference facts rather than retyped:
 * - platform technical support (R7) holds its matrix roles just in time (seed 001, "Identity
 *   RBAC": production and pre-production tables; platform support is the JIT row);
 * - development may read production assets of its own project for iteration (seed 004, D2).
 */
import { matrixCells } from '@/lib/catalogue/facts';
import type { EnvironmentKey, JitApproverRole, JitSubjectKind } from '@/lib/generated/prisma/enums';

type JitRuleDefault = {
  key: string;
  name: string;
  description: string;
  subjectKind: JitSubjectKind;
  subjectPersona: string;
  ownProjectOnly: boolean;
  environments: EnvironmentKey[];
  maxDurationMinutes: number;
  ticketRequired: boolean;
  approvalsRequired: number;
  approverRoles: JitApproverRole[];
  stepUpRequired: boolean;
  breakGlass: boolean;
  pendingExpiryMinutes: number;
  roles: { resourceType: string; role: string }[];
};

/** Pending requests expire undecided after 8 hours (issue 6), separately from how long access lasts. */
const DEFAULT_PENDING_EXPIRY_MINUTES = 8 * 60;

function matrixRoles(environmentClass: 'PRODUCTION' | 'PREPRODUCTION', persona: string) {
  return matrixCells()
    .filter((c) => c.environmentClass === environmentClass && c.personaKey === persona && c.accessPeriod === 'JUST_IN_TIME')
    .flatMap((c) => c.roles.map((role) => ({ resourceType: c.resourceTypeKey as string, role })));
}

export function defaultJitRules(): JitRuleDefault[] {
  return [
    {
      key: 'platform-support-production',
      name: 'Platform support in production',
      description:
        'Platform technical support holds its production roles only just in time: a ticket, one approval by the project lead or the platform lead, a fresh sign-in to activate, at most 8 hours. Break-glass allowed.',
      subjectKind: 'PERSONA',
      subjectPersona: 'platform-support',
      ownProjectOnly: false,
      environments: ['STAGING', 'QA', 'PRODUCTION'],
      maxDurationMinutes: 8 * 60,
      ticketRequired: true,
      approvalsRequired: 1,
      approverRoles: ['PROJECT_LEAD', 'PLATFORM_LEAD'],
      stepUpRequired: true,
      breakGlass: true,
      pendingExpiryMinutes: DEFAULT_PENDING_EXPIRY_MINUTES,
      roles: matrixRoles('PRODUCTION', 'platform-support'),
    },
    {
      key: 'platform-support-development',
      name: 'Platform support in development',
      description:
        'Platform technical support holds its pre-production roles just in time: one approval by the project lead or the platform lead, at most 8 hours.',
      subjectKind: 'PERSONA',
      subjectPersona: 'platform-support',
      ownProjectOnly: false,
      environments: ['DEVELOPMENT'],
      maxDurationMinutes: 8 * 60,
      ticketRequired: false,
      approvalsRequired: 1,
      approverRoles: ['PROJECT_LEAD', 'PLATFORM_LEAD'],
      stepUpRequired: true,
      breakGlass: false,
      pendingExpiryMinutes: DEFAULT_PENDING_EXPIRY_MINUTES,
      roles: matrixRoles('PREPRODUCTION', 'platform-support'),
    },
    {
      key: 'data-scientist-iteration',
      name: 'Iteration: read production assets of your project',
      description:
        'Development may read its own project’s production models, configuration and data to iterate on a model (seed 004, D2): Reader on the production workspace and storage, approved by the project lead, at most 24 hours.',
      subjectKind: 'PERSONA',
      subjectPersona: 'data-scientist',
      ownProjectOnly: true,
      environments: ['PRODUCTION'],
      maxDurationMinutes: 24 * 60,
      ticketRequired: false,
      approvalsRequired: 1,
      approverRoles: ['PROJECT_LEAD'],
      stepUpRequired: true,
      breakGlass: false,
      pendingExpiryMinutes: DEFAULT_PENDING_EXPIRY_MINUTES,
      roles: [
        { resourceType: 'aml-workspace', role: 'R' },
        { resourceType: 'storage-account', role: 'R' },
      ],
    },
  ];
}
