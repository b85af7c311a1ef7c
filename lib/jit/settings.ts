/**
 * Just-in-time access tunables, read from the environment on each call (a few microseconds), with
 * defaults. Durations are enforced on the server from here, whatever a form offered.
 */
import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'on', 'off', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'on' || v === 'true');

const ZJitSettings = z.object({
  /**
   * Tests only: lets a grant last seconds rather than minutes, so an end-to-end test can watch one
   * expire. Never set in production.
   */
  PORTAL_ALLOW_SHORT_JIT: flag,
  JIT_MIN_DURATION_SECONDS: z.coerce.number().int().min(60).default(300),
  /** An approved request not activated within this many hours (from its start) expires. */
  JIT_ACTIVATION_WINDOW_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .default(24),
  /** The requester hears this long before a grant ends. */
  JIT_EXPIRY_NOTICE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** A break-glass activation must be reviewed within this many hours. */
  JIT_BREAK_GLASS_REVIEW_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(48),
  /**
   * 'on': activation, extension and removal also go to Azure PIM (role assignment schedule
   * requests), at the Resource Manager the AML connector uses (AZURE_ARM_ENDPOINT).
   */
  JIT_AZURE_ENFORCEMENT: flag,
  JIT_AZURE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  JIT_AZURE_RETRY_BASE_MS: z.coerce.number().int().min(0).default(30_000),
  JIT_AZURE_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(30 * 60_000),
  /**
   * The longest a grant may last in total, from activation to its end with every extension
   * applied: extensions past it are refused.
   */
  JIT_MAX_GRANT_HOURS: z.coerce.number().int().min(1).max(72).default(8),
  /**
   * After a break-glass activation ends, the same person waits this long before the next one,
   * unless the platform lead waives it (lib/jit/break-glass.ts); 0 turns the wait off.
   */
  JIT_BREAK_GLASS_COOLDOWN_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(120),
  /** How long a platform lead's waiver of the break-glass wait stays usable. */
  JIT_BREAK_GLASS_WAIVER_HOURS: z.coerce.number().int().min(1).max(72).default(4),
  /** How long a worker holds a claimed Azure call before another may take it over. */
  JIT_AZURE_LEASE_SECONDS: z.coerce.number().int().min(5).default(120),
});

export type JitSettings = z.infer<typeof ZJitSettings> & { minDurationSeconds: number };

/** Break-glass access is limited to one hour (issue 6); not configurable. */
export const BREAK_GLASS_MAX_SECONDS = 3600;
/** The shortest grant a test may ask for when PORTAL_ALLOW_SHORT_JIT is set. */
export const SHORT_JIT_MIN_SECONDS = 5;

export function jitSettings(env: NodeJS.ProcessEnv = process.env): JitSettings {
  const s = ZJitSettings.parse(env);
  return { ...s, minDurationSeconds: s.PORTAL_ALLOW_SHORT_JIT ? SHORT_JIT_MIN_SECONDS : s.JIT_MIN_DURATION_SECONDS };
}
