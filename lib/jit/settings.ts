/**
 * Just-in-time access settings. The variables (JIT_*) are declared and validated in the JIT
 * section of lib/settings.ts; the fixed limits that are not settings live here.
 */
export { jitSettings, SHORT_JIT_MIN_SECONDS, type JitSettings } from '@/lib/settings';

/** Break-glass access is limited to one hour (issue 6); not configurable. */
export const BREAK_GLASS_MAX_SECONDS = 3600;
