import type { PersonaKey } from '@/lib/catalogue/facts';

/** Entra app roles the portal understands (the `roles` claim). */
export const APP_ROLES = ['Portal.Admin', 'Portal.PlatformSupport', 'Portal.Auditor'] as const;
export type AppRole = (typeof APP_ROLES)[number];

/**
 * Who is calling, loaded per request from the portal's live records (not only from token claims):
 * standing persona assignments per project, platform-wide personas, and app roles.
 */
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
