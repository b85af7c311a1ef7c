import { z } from '@/lib/api/zod';

export const MAX_PAGE_SIZE = 100;
export const MAX_SEARCH_LENGTH = 200;

/** Query parameters shared by every list. */
export const ZPageQuery = z.object({
  page: z.coerce
    .number({ message: 'page must be a number' })
    .int('page must be a whole number')
    .min(1, 'page must be 1 or more')
    .max(100_000, 'page must be at most 100000')
    .default(1)
    .openapi({ description: 'The page, from 1.' }),
  pageSize: z.coerce
    .number({ message: 'pageSize must be a number' })
    .int('pageSize must be a whole number')
    .min(1, 'pageSize must be 1 or more')
    .max(MAX_PAGE_SIZE, `pageSize must be at most ${MAX_PAGE_SIZE}`)
    .default(25)
    .openapi({ description: `Items per page, at most ${MAX_PAGE_SIZE}.` }),
  q: z
    .string()
    .trim()
    .max(MAX_SEARCH_LENGTH, `q must be at most ${MAX_SEARCH_LENGTH} characters`)
    .optional()
    .openapi({ description: 'Search text (case-insensitive substring).' }),
});

export type Page<T> = { items: T[]; page: number; pageSize: number; total: number; totalPages: number };

export function pageOf<T>(items: T[], total: number, q: { page: number; pageSize: number }): Page<T> {
  return { items, page: q.page, pageSize: q.pageSize, total, totalPages: Math.max(1, Math.ceil(total / q.pageSize)) };
}

export const skipTake = (q: { page: number; pageSize: number }) => ({ skip: (q.page - 1) * q.pageSize, take: q.pageSize });

export function ZPage<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    totalPages: z.number().int(),
  });
}
