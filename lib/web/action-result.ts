import { ZodError } from 'zod';
import { describeZodError } from '@/lib/api/handler';
import { assertCleanInput } from '@/lib/api/input';
import { AppError, unavailableFrom, type AppErrorCode } from '@/lib/errors';

export type ActionFailure = {
  ok: false;
  code: AppErrorCode | 'INTERNAL';
  message: string;
  /** On VALIDATION: the messages per field, keyed by the field's dotted path in the input. */
  fieldErrors?: Record<string, string[]>;
};

/** The one result shape of every server action. */
export type ActionResult<T = undefined> = { ok: true; data: T } | ActionFailure;

type Issue = { path: string; message: string };

function fieldErrorsOf(issues: Issue[]): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  for (const i of issues) if (i.path) (out[i.path] ??= []).push(i.message);
  return Object.keys(out).length ? out : undefined;
}

function isIssueList(v: unknown): v is Issue[] {
  return Array.isArray(v) && v.every((i) => i && typeof i === 'object' && typeof i.path === 'string' && typeof i.message === 'string');
}

/** Maps what a server action threw to the one failure shape; exported for tests. */
export function actionFailure(e: unknown): ActionFailure {
  if (e instanceof AppError) {
    const fieldErrors = e.code === 'VALIDATION' && isIssueList(e.details) ? fieldErrorsOf(e.details) : undefined;
    return { ok: false, code: e.code, message: e.message, ...(fieldErrors ? { fieldErrors } : {}) };
  }
  if (e instanceof ZodError) {
    const fieldErrors = fieldErrorsOf(e.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
    return { ok: false, code: 'VALIDATION', message: describeZodError(e), ...(fieldErrors ? { fieldErrors } : {}) };
  }
  const unavailable = unavailableFrom(e);
  if (unavailable) return { ok: false, code: unavailable.code, message: unavailable.message };
  console.error('[action] unexpected error', e);
  return { ok: false, code: 'INTERNAL', message: 'Something went wrong on our side. The error has been logged; please try again.' };
}

/**
 * Runs a server action's body and maps failures to a message for the user: AppError and zod
 * validation keep their message (and field errors); anything unexpected is logged and shown
 * generically. `inputs` are the action's raw arguments by name: a NUL byte or an unpaired
 * surrogate anywhere in them is refused, naming the field, before the body runs.
 */
export async function runAction<T>(fn: () => Promise<T>, inputs?: Record<string, unknown>): Promise<ActionResult<T>> {
  try {
    if (inputs) assertCleanInput(inputs);
    return { ok: true, data: await fn() };
  } catch (e) {
    return actionFailure(e);
  }
}
