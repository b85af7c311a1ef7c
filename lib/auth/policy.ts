/**
 * Who may do what. Pure functions over the Actor: no database access. Deny by default: a
 * permission not listed for any of the actor's personas or app roles is refused.
 *
 * Grounded in the seed's responsibilities: business stakeholders and owners read; project leads
 * administer their project; data scientists work in development; platform support holds nothing
 * standing (only what a just-in-time grant gives); process identities act platform-wide.
 *
 * Just-in-time grants are read live from the Actor (`jitGrants`): while one is in force it adds
 * what `grantPermissions` lists on its project, and `canOnWorkspace` answers for one workspace.
 */
import type { PersonaKey } from '@/lib/catalogue/facts';
import { personasOn, type Actor, type AppRole, type JitGrantClaim } from '@/lib/auth/actor';

export const PERMISSIONS = [
  'catalogue.read',
  'project.read',
  'project.update',
  'model.read',
  'model.register',
  'assignment.read',
  'assignment.manage',
  'audit.read',
  /** Run the audit hash-chain verification (the admin page). */
  'audit.verify',
  'promotion.request',
  'promotion.approve',
  'promotion.report',
  /** A person reports a deployment by hand (the pipeline reports with 'promotion.report'). */
  'promotion.deploy',
  'workspace.link',
  /** Link a workspace the portal cannot match to the project (a platform lead's explicit approval). */
  'workspace.link.approve',
  'workspace.sync',
  'raci.edit',
  'raci.accept',
  'review.manage',
  'jit.approve',
  'jit.review',
  'jit.incident.manage',
  'workspace.inspect',
  'workspace.operate',
  /** Ask for a package exception (seed 004, N3). */
  'package.request',
  /** Decide package exceptions: the platform lead everywhere, the project lead on their project. */
  'package.approve',
  /** Ask whether a package may be used in an environment. */
  'package.check',
  /** Report a container scan before deployment. */
  'package.scan',
  /** Fill in the project's risk questionnaire (a new classification version). */
  'risk.classify',
  /** Accept the project's risk classification (business owner and project lead, like the RACI). */
  'risk.accept',
  /** Simulate and save the risk policy: tier rules and the gates of each tier. */
  'risk.policy.manage',
  /** Attest that a production model is still fit for purpose, or ask for an iteration. */
  'revalidation.attest',
  /** Read the operational gauges (lib/telemetry/ops-metrics.ts): backlogs and failures across the platform. */
  'ops.metrics.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ['project.read', 'model.read'];

/** Persona → permissions on the project where the persona is held (or everywhere, if platform-wide). */
export const PERSONA_PERMISSIONS: Record<PersonaKey, readonly Permission[]> = {
  'data-scientist': [...READ, 'model.register', 'promotion.request', 'package.request', 'package.check'],
  'data-analyst': [...READ],
  'model-tester': [...READ, 'promotion.approve'],
  'business-stakeholder': [...READ],
  'project-lead': [
    ...READ,
    'project.update',
    'model.register',
    'assignment.read',
    'assignment.manage',
    'audit.read',
    'promotion.request',
    'promotion.approve',
    'workspace.link',
    'workspace.sync',
    'raci.edit',
    'raci.accept',
    'jit.approve',
    'jit.review',
    'package.request',
    'package.approve',
    'package.check',
    'risk.classify',
    'risk.accept',
  ],
  'business-owner': [
    ...READ,
    'assignment.read',
    'audit.read',
    'promotion.approve',
    'raci.accept',
    'review.manage',
    'jit.review',
    'risk.accept',
    'revalidation.attest',
  ],
  'platform-support': [],
  'model-end-user': [...READ],
  'cicd-process': [...READ, 'model.register', 'promotion.request', 'promotion.report', 'package.check', 'package.scan'],
  'aml-workspace-identity': [],
  'monitoring-process': [...READ],
  'data-governance-process': [...READ, 'assignment.read', 'audit.read'],
};

const APP_ROLE_PERMISSIONS: Record<AppRole, readonly Permission[]> = {
  'Portal.Admin': [
    ...READ,
    'project.update',
    'assignment.read',
    'assignment.manage',
    'audit.read',
    'workspace.link',
    'workspace.sync',
    'review.manage',
    'jit.incident.manage',
    'promotion.deploy',
    'audit.verify',
    'risk.policy.manage',
    'ops.metrics.read',
  ],
  'Portal.Auditor': [...READ, 'assignment.read', 'audit.read'],
  'Portal.PlatformSupport': [],
  /** Approves platform support's just-in-time access everywhere and answers for its incidents. */
  'Portal.PlatformLead': [
    ...READ,
    'assignment.read',
    'audit.read',
    'jit.approve',
    'jit.review',
    'jit.incident.manage',
    'workspace.link.approve',
    'promotion.deploy',
    'package.approve',
    'package.check',
    'ops.metrics.read',
  ],
  /**
   * Model risk management (SR 11-7): reads every project, approves promotions where a risk tier
   * asks for a model-risk approver (the policy decides which slot they fill), and owns the risk policy.
   */
  'ModelRisk.Officer': [...READ, 'assignment.read', 'audit.read', 'promotion.approve', 'risk.policy.manage'],
};

/** Roles on an AML workspace that let the holder change it, not only read it. */
const WORKSPACE_OPERATE_ROLES = new Set(['O', 'C', 'ADS', 'ACO']);
const WORKSPACE_INSPECT_ROLES = new Set([...WORKSPACE_OPERATE_ROLES, 'R']);

/**
 * What one just-in-time grant allows in the portal, on its project: any grant lets the holder read
 * the project it was granted on; a role on the AML workspace lets them inspect it, and a
 * contributor-or-higher role lets them operate it.
 */
export function grantPermissions(grant: Pick<JitGrantClaim, 'resourceType' | 'role'>): readonly Permission[] {
  const out: Permission[] = [...READ];
  if (grant.resourceType === 'aml-workspace' && WORKSPACE_INSPECT_ROLES.has(grant.role)) out.push('workspace.inspect');
  if (grant.resourceType === 'aml-workspace' && WORKSPACE_OPERATE_ROLES.has(grant.role)) out.push('workspace.operate');
  return out;
}

function grantsInForce(actor: Actor, now: number): readonly JitGrantClaim[] {
  return (actor.jitGrants ?? []).filter((g) => g.expiresAt.getTime() > now);
}

/** Whether an active just-in-time grant on this very workspace allows `permission`. */
export function canOnWorkspace(actor: Actor, permission: Permission, workspaceId: string, now = Date.now()): boolean {
  return grantsInForce(actor, now).some((g) => g.workspaceId === workspaceId && grantPermissions(g).includes(permission));
}

/** Every signed-in actor may read the catalogue (personas, the RBAC matrices). */
const EVERYONE: readonly Permission[] = ['catalogue.read'];

/** Whether `actor` holds `permission` on `projectId` (null: not about a project). */
export function can(actor: Actor, permission: Permission, projectId: string | null = null): boolean {
  if (EVERYONE.includes(permission)) return true;
  for (const role of actor.appRoles) if (APP_ROLE_PERMISSIONS[role].includes(permission)) return true;
  for (const persona of personasOn(actor, projectId)) if (PERSONA_PERMISSIONS[persona].includes(permission)) return true;
  if (projectId) {
    for (const g of grantsInForce(actor, Date.now()))
      if (g.projectId === projectId && grantPermissions(g).includes(permission)) return true;
  }
  return false;
}

/** Whether an app role or a platform-wide persona gives `permission` on every project. */
export function canEverywhere(actor: Actor, permission: Permission): boolean {
  if (EVERYONE.includes(permission)) return true;
  for (const role of actor.appRoles) if (APP_ROLE_PERMISSIONS[role].includes(permission)) return true;
  for (const persona of actor.platformPersonas) if (PERSONA_PERMISSIONS[persona].includes(permission)) return true;
  return false;
}

/** True when the actor can read every project (admins, auditors, platform processes that read). */
export function readsAllProjects(actor: Actor): boolean {
  for (const role of actor.appRoles) if (APP_ROLE_PERMISSIONS[role].includes('project.read')) return true;
  for (const persona of actor.platformPersonas) if (PERSONA_PERMISSIONS[persona].includes('project.read')) return true;
  return false;
}

/** Project ids the actor reads through its project personas and its just-in-time grants. */
export function readableProjectIds(actor: Actor): string[] {
  const ids: string[] = [];
  for (const [projectId, personas] of actor.projectPersonas) {
    if ([...personas].some((p) => PERSONA_PERMISSIONS[p].includes('project.read'))) ids.push(projectId);
  }
  for (const g of grantsInForce(actor, Date.now())) if (!ids.includes(g.projectId)) ids.push(g.projectId);
  return ids;
}
