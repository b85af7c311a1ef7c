import { ZodError } from 'zod';
import { describeZodError } from '@/lib/api/handler';
import { AppError, type AppErrorCode } from '@/lib/errors';

export type ActionResult<T = undefined> = { ok: true; data: T } | { ok: false; code: AppErrorCode | 'INTERNAL'; message: string };

/**
 * Runs a server action's body and maps failures to a message for the user: AppError and zod
 * validation keep their message; anything unexpected is logged and shown generically.
 */
export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, code: e.code, message: e.message };
    if (e instanceof ZodError) return { ok: false, code: 'VALIDATION', message: describeZodError(e) };
    console.error('[action] unexpected error', e);
    return { ok: false, code: 'INTERNAL', message: 'Something went wrong on our side. The error has been logged; please try again.' };
  }
}
