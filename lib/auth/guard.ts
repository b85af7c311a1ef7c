import type { Actor } from '@/lib/auth/actor';
import { can, type Permission } from '@/lib/auth/policy';
import { AppError, notFound } from '@/lib/errors';

/** Throws FORBIDDEN unless the actor holds the permission (for actions on things it can see). */
export function assertCan(actor: Actor, permission: Permission, projectId: string | null = null): void {
  if (!can(actor, permission, projectId)) throw new AppError('FORBIDDEN', `You do not have permission to ${permission.replace('.', ' ')}`);
}

/** Throws NOT_FOUND unless the actor holds the permission: for records it must not learn exist. */
export function assertCanSee(actor: Actor, permission: Permission, projectId: string, what: string): void {
  if (!can(actor, permission, projectId)) throw notFound(what);
}
