/**
 * Maps a signed-in Entra identity to the portal's user: claims oid/tid/preferred_username/name,
 * app roles (the `roles` claim) and security-group memberships (the `groups` claim, or Microsoft
 * Graph when the token carries the groups-overage claim instead). Group memberships are kept only
 * for groups the portal knows (persona groups), and reconciled at every sign-in.
 */
import 'server-only';
import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { APP_ROLES } from '@/lib/auth/actor';
import { recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';

export type IdTokenClaims = {
  oid?: string;
  tid?: string;
  preferred_username?: string;
  name?: string;
  roles?: string[];
  groups?: string[];
  _claim_names?: { groups?: string };
  auth_time?: number;
  iat?: number;
};

export function hasGroupsOverage(claims: IdTokenClaims): boolean {
  return Boolean(claims._claim_names?.groups) && !claims.groups;
}

/** Transitive security-group ids of the signed-in user, from Microsoft Graph (paged). */
export async function fetchGroupIdsFromGraph(graphAccessToken: string): Promise<string[]> {
  const ids: string[] = [];
  let url: string | undefined = `${env().GRAPH_BASE_URL}/v1.0/me/transitiveMemberOf/microsoft.graph.group?$select=id&$top=999`;
  for (let page = 0; url && page < 100; page++) {
    const r: Response = await fetch(url, { headers: { authorization: `Bearer ${graphAccessToken}` } });
    if (!r.ok) throw new AppError('UNAVAILABLE', `Microsoft Graph refused the group lookup (${r.status}).`);
    const body = (await r.json()) as { value: { id: string }[]; '@odata.nextLink'?: string };
    ids.push(...body.value.map((g) => g.id));
    url = body['@odata.nextLink'];
  }
  return ids;
}

/**
 * Creates or updates the user for these claims and reconciles app roles and known-group
 * memberships, in one transaction with its audit row. Refuses tenants outside the allow-list and
 * disabled users.
 */
export async function upsertUserFromClaims(claims: IdTokenClaims, groupIds: string[]) {
  const { oid, tid } = claims;
  if (!oid || !tid) throw new AppError('UNAUTHENTICATED', 'The identity token lacks the oid or tid claim.');
  if (!env().allowedTenants.includes(tid)) throw new AppError('FORBIDDEN', 'Your organisation (tenant) is not allowed to use this portal.');
  const upn = claims.preferred_username ?? `${oid}@${tid}`;
  const appRoles = (claims.roles ?? []).filter((r) => (APP_ROLES as readonly string[]).includes(r));
  return db().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { tenantId_entraObjectId: { tenantId: tid, entraObjectId: oid } } });
    if (existing && !existing.enabled) throw new AppError('FORBIDDEN', 'Your account is disabled in the portal.');
    const user = existing
      ? await tx.user.update({
          where: { id: existing.id },
          data: { upn, displayName: claims.name ?? upn, appRoles, lastSignInAt: new Date() },
        })
      : await tx.user.create({
          data: { entraObjectId: oid, tenantId: tid, upn, displayName: claims.name ?? upn, appRoles, lastSignInAt: new Date() },
        });
    const known = await tx.group.findMany({ where: { tenantId: tid, entraObjectId: { in: groupIds } }, select: { id: true } });
    const keep = known.map((g) => g.id);
    await tx.groupMember.deleteMany({ where: { userId: user.id, groupId: { notIn: keep } } });
    await tx.groupMember.createMany({ data: keep.map((groupId) => ({ groupId, userId: user.id })), skipDuplicates: true });
    await recordAudit(tx, {
      actor: { type: 'user', id: user.id, label: user.displayName },
      action: 'session.signed_in',
      target: { type: 'user', id: user.id },
      data: { appRoles, knownGroups: keep.length, groupsFromGraph: hasGroupsOverage(claims) },
    });
    return user;
  });
}
