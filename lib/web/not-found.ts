import { notFound } from 'next/navigation';
import { AppError } from '@/lib/errors';

/**
 * Awaits a query and turns its NOT_FOUND into the not-found page. Queries answer NOT_FOUND both
 * for records that do not exist and for records the actor may not see, so the page cannot tell
 * them apart either.
 */
export async function orNotFound<T>(query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') notFound();
    throw e;
  }
}
