/**
 * The local identity provider's directory: who can sign in, their claims, and the applications
 * that may get tokens. Built from the demo organisation so that each demo persona can sign in.
 */
import { PERSONAS } from '@/lib/catalogue/facts';
import { DEMO_GROUPS, DEMO_PEOPLE, DEMO_SERVICES, extraGroupIds } from '@/prisma/factories/demo';

export type DirectoryUser = {
  oid: string;
  upn: string;
  name: string;
  jobTitle: string;
  roles: string[];
  groups: string[];
  summary: string;
};
export type DirectoryApp = { appId: string; displayName: string; secret: string };
export type Directory = { users: DirectoryUser[]; apps: DirectoryApp[] };

/** The portal's app registration at the local provider. */
export const DEMO_CLIENT_ID = 'c0a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b';

/** The demo CI/CD pipeline's client secret: it is only valid against the local provider. */
export const DEMO_PIPELINE_SECRET = 'local-demo-pipeline-secret';

const personaName = new Map(PERSONAS.map((p) => [p.key, p.name]));

export function demoDirectory(): Directory {
  const groupOid = new Map(DEMO_GROUPS.map((g) => [g.key as string, g.oid as string]));
  const users = DEMO_PEOPLE.map((p) => {
    const direct = Object.entries(p.personas).flatMap(([project, keys]) => keys.map((k) => `${personaName.get(k)} · ${project}`));
    const viaGroups = (p.groups ?? []).map((g) => {
      const group = DEMO_GROUPS.find((x) => x.key === g)!;
      return `${personaName.get(group.persona)} · ${group.project} (via ${group.displayName})`;
    });
    const roles = (p.appRoles ?? []).map((r) =>
      r === 'Portal.Admin'
        ? 'Portal administrator'
        : r === 'Portal.PlatformSupport'
          ? 'Platform support (eligible for just-in-time access)'
          : r === 'Portal.PlatformLead'
            ? 'Platform lead (approves platform support access)'
            : r === 'ModelRisk.Officer'
              ? 'Model risk officer (approves high-risk promotions, owns the risk policy)'
              : r,
    );
    return {
      oid: p.oid,
      upn: p.upn,
      name: p.displayName,
      jobTitle: p.jobTitle,
      roles: p.appRoles ?? [],
      groups: [...(p.groups ?? []).map((g) => groupOid.get(g)!), ...extraGroupIds(p)],
      summary: [...direct, ...viaGroups, ...roles].join('; ') || 'No standing access',
    };
  });
  const apps = DEMO_SERVICES.map((s) => ({
    appId: s.appId,
    displayName: s.displayName,
    secret: s.key === 'cicd' ? DEMO_PIPELINE_SECRET : `local-demo-${s.key}-secret`,
  }));
  return { users, apps };
}
