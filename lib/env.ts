import 'server-only';

/**
 * The sign-in configuration (`env()`) and tunables (`settings()`). Every setting lives in
 * lib/settings.ts; this name stays for the callers that read sign-in settings.
 */
export { env, settings, type Env } from '@/lib/settings';
