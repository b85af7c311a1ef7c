import { ZodError } from 'zod';
import { AppError } from '@/lib/errors';

/** Parses a service's input; bad input is a VALIDATION AppError naming each field, so every door answers 4xx. */
export function parseInput<T>(schema: { parse: (v: unknown) => T }, input: unknown): T {
  try {
    return schema.parse(input);
  } catch (e) {
    if (!(e instanceof ZodError)) throw e;
    const issues = e.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AppError('VALIDATION', issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), issues);
  }
}
