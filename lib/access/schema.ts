import { z } from 'zod';
import { ZPageQuery } from '@/lib/api/pagination';
import { RESOURCE_TYPES } from '@/lib/catalogue/facts';
import { ENVIRONMENT_KEYS } from '@/lib/inventory/schema';
import { DRIFT_KINDS } from '@/lib/access/drift';
import { PERSONA_KEYS } from '@/lib/catalogue/facts';

export const ZAccessQuery = ZPageQuery.extend({
  env: z.enum(ENVIRONMENT_KEYS).optional(),
  view: z.enum(['holders', 'people']).default('holders'),
  persona: z.enum([...PERSONA_KEYS, 'none']).optional(),
  resource: z.enum(RESOURCE_TYPES.map((r) => r.key) as [string, ...string[]]).optional(),
  drift: z.enum(['any', 'drifted', ...DRIFT_KINDS]).default('any'),
});
export type TAccessQuery = z.infer<typeof ZAccessQuery>;
