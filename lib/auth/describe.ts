import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { z } from '@/lib/api/zod';

export const ZMe = z
  .object({
    kind: z.enum(['user', 'service']),
    id: z.string(),
    name: z.string(),
    appRoles: z.array(z.string()),
    platformPersonas: z.array(z.string()),
    projects: z.array(z.object({ code: z.string(), personas: z.array(z.string()) })),
  })
  .openapi('Me');

/** The actor in plain data, with project codes: for `GET /api/v1/me` and the shell. */
export async function describeActor(actor: Actor): Promise<z.infer<typeof ZMe>> {
  const projects = await db().project.findMany({
    where: { id: { in: [...actor.projectPersonas.keys()] } },
    select: { id: true, code: true },
    orderBy: { code: 'asc' },
  });
  return {
    kind: actor.kind,
    id: actor.id,
    name: actor.label,
    appRoles: [...actor.appRoles],
    platformPersonas: [...actor.platformPersonas],
    projects: projects.map((p) => ({ code: p.code, personas: [...(actor.projectPersonas.get(p.id) ?? [])].sort() })),
  };
}
