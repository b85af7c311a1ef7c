import { z } from '@/lib/api/zod';
import { ZPageQuery } from '@/lib/api/pagination';
import { ENVIRONMENT_KEYS } from '@/lib/inventory/schema';

/** Query parameters of the "My approvals" page. */
export const ZMyApprovalsQuery = ZPageQuery.omit({ q: true }).extend({
  project: z.string().trim().max(64).optional(),
  targetEnvironment: z.enum(ENVIRONMENT_KEYS).optional(),
  sort: z.enum(['createdAt', 'dueAt']).default('dueAt'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
