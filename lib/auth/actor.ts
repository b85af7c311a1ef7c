import type { PersonaKey } from '@/lib/catalogue/facts';

/** Entra app roles the portal understands (the `roles` claim). */
export const APP_ROLES = ['Portal.Admin', 'Portal.PlatformSupport', 'Portal.PlatformLead', 'Portal.Auditor', 'ModelRisk.Officer'] as const;
export type AppRole = (typeof APP_ROLES)[number];

/**
 * Who is calling, loaded per request from the portal's live records (not only from token claims):
 * standing persona assignments per project, platform-wide personas, and app roles.
 */
/**
 * An activated just-in-time grant in force: one role on one resource of a project's environment,
 * until `expiresAt`. Loaded with the actor from the grant rows themselves, so a grant counts from
 * the moment it is activated and stops counting at its end even if the expiry job is late.
 */
export type JitGrantClaim = {
  requestId: string;
  projectId: string;
  environment: string;
  workspaceId: string;
  resourceId: string;
  resourceType: string;
  role: string;
  expiresAt: Date;
};

export type Actor = {
  kind: 'user' | 'service';
  /** User.id or ServiceIdentity.id */
  id: string;
  label: string;
  /** The user's sign-in name (for login hints); absent for service identities. */
  upn?: string;
  tenantId: string;
  platformPersonas: ReadonlySet<PersonaKey>;
  /** projectId → personas held on that project */
  projectPersonas: ReadonlyMap<string, ReadonlySet<PersonaKey>>;
  appRoles: ReadonlySet<AppRole>;
  /** Active just-in-time grants (users only). */
  jitGrants?: readonly JitGrantClaim[];
  /** When the user last authenticated interactively (for step-up checks). */
  authTime?: Date;
  sessionId?: string;
};

export function personasOn(actor: Actor, projectId: string | null): ReadonlySet<PersonaKey> {
  if (!projectId) return actor.platformPersonas;
  const own = actor.projectPersonas.get(projectId);
  if (!own) return actor.platformPersonas;
  return new Set([...actor.platformPersonas, ...own]);
}

export function isAdmin(actor: Actor): boolean {
  return actor.appRoles.has('Portal.Admin');
}
