import { z } from '@/lib/api/zod';
import { PERSONA_KEYS } from '@/lib/catalogue/facts';
import { ZPersonaKey } from '@/lib/catalogue/personas';

export const ZEnvironmentClassParam = z.enum(['production', 'preproduction'], {
  message: "environmentClass must be 'production' or 'preproduction'",
});

export const ZRbacMatrixQuery = z.object({ environmentClass: ZEnvironmentClassParam.default('production') });

export const ZPersona = z
  .object({
    code: z.string(),
    key: ZPersonaKey,
    name: z.string(),
    kind: z.enum(['PERSON', 'PROCESS', 'PERSON_OR_PROCESS']),
    scope: z.enum(['PROJECT', 'PLATFORM']),
    description: z.string(),
    notes: z.string(),
  })
  .openapi('Persona');

const ZRbacMatrixRow = z
  .object({
    // A schema of its own: ZPersonaKey may be built before `.openapi` is added to zod (it is browser-safe plain zod).
    persona: z.enum(PERSONA_KEYS).openapi({ description: 'persona key', example: 'project-lead' }),
    resourceType: z.string().openapi({ example: 'key-vault' }),
    roles: z.array(z.string()).openapi({ description: 'role abbreviations as the source table lists them', example: ['R', 'KVR'] }),
    accessPeriod: z.enum(['LIFE_OF_PROJECT', 'JUST_IN_TIME']),
  })
  .openapi('RbacMatrixRow');

export const ZRbacMatrix = z
  .object({
    environmentClass: ZEnvironmentClassParam,
    resourceTypes: z.array(z.object({ key: z.string(), name: z.string() })),
    roles: z.array(z.object({ abbreviation: z.string(), name: z.string(), roleDefinitionId: z.string().nullable() })),
    rows: z.array(ZRbacMatrixRow),
  })
  .openapi('RbacMatrix');
export type TRbacMatrix = z.infer<typeof ZRbacMatrix>;
