import { z } from '@/lib/api/zod';

/** An instant: ISO-8601 with an offset, or a local date-time without one (read as UTC, as the page's picker sends). */
export const ZInstant = z
  .string()
  .max(40)
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/,
    'must be an ISO-8601 date-time, e.g. 2026-11-30T12:00:00Z',
  )
  .transform((s, ctx) => {
    const d = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(s) ? s : `${s}Z`);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'is not a real date-time' });
      return z.NEVER;
    }
    return d;
  })
  .openapi({ description: 'The instant to look at (ISO-8601; without an offset, UTC)', example: '2026-11-30T12:00:00Z' });

export const ZAsOfQuery = z.object({
  at: ZInstant,
  /** Only this endpoint's deployments. */
  endpoint: z.string().min(1).max(200).optional(),
});

const ZPerson = z.object({ kind: z.enum(['user', 'group', 'service']), id: z.string().nullable(), label: z.string() });

export const ZAsOf = z
  .object({
    at: z.string(),
    project: z.object({ code: z.string(), name: z.string() }),
    environments: z.array(
      z.object({
        environment: z.string(),
        live: z.array(
          z.object({
            deploymentId: z.string(),
            model: z.string(),
            version: z.number(),
            versionId: z.string(),
            endpointName: z.string(),
            trafficPercent: z.number(),
            since: z.string(),
            promotion: z
              .object({
                id: z.string(),
                policy: z.object({ name: z.string(), version: z.number() }),
                tier: z.string().nullable(),
                approvedBy: z.array(
                  z.object({
                    name: z.string(),
                    persona: z.string(),
                    at: z.string(),
                    tier: z.string().nullable(),
                    riskPolicyVersion: z.number().nullable(),
                  }),
                ),
              })
              .nullable(),
          }),
        ),
      }),
    ),
    personas: z.array(
      z.object({
        persona: z.string(),
        holder: ZPerson,
        environment: z.string().nullable(),
        since: z.string(),
        until: z.string().nullable(),
      }),
    ),
    roles: z
      .array(
        z.object({
          role: z.string(),
          principal: z.string(),
          environment: z.string(),
          resourceType: z.string(),
          since: z.string(),
          until: z.string().nullable(),
          justInTime: z.boolean(),
        }),
      )
      .nullable(),
    jitGrants: z.array(
      z.object({
        id: z.string(),
        requester: z.string(),
        environment: z.string(),
        roles: z.array(z.string()),
        activatedAt: z.string(),
        until: z.string(),
      }),
    ),
    raci: z.object({ version: z.number(), acceptedAt: z.string(), acceptedBy: z.array(z.string()) }).nullable(),
    risk: z
      .object({ tier: z.string(), classificationVersion: z.number(), riskPolicyVersion: z.number(), acceptedAt: z.string().nullable() })
      .nullable()
      .openapi({ description: 'The risk classification in force at the instant (lib/risk); null: unclassified.' }),
  })
  .openapi('ProjectAsOf');
export type TAsOf = z.infer<typeof ZAsOf>;
